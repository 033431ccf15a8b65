package org.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientQuery;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.PracticeInfo;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditRecord;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.AuditVerification;
import org.tandem.privacy.AuditVerifier;
import org.tandem.registry.Activity;
import org.tandem.registry.Episode;
import org.tandem.registry.EpisodeFocus;
import org.tandem.registry.Episodes;
import org.tandem.registry.RegistryResults;
import org.tandem.registry.TimeEntry;
import org.tandem.registry.TimeLog;
import org.tandem.screening.Instruments;
import org.tandem.screening.SafetyAlerts;
import org.tandem.screening.ScreeningEvent;
import org.tandem.screening.Screenings;

/**
 * Loads a 60-patient demo practice once per context. Runs in a mock servlet environment: the platform's security
 * configuration needs {@code HttpSecurity}, which Spring Security only provides in a web application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = { "tandem.demo.load=true",
        "tandem.demo.patients=60",
        "spring.datasource.url=jdbc:h2:mem:demo-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" })
class DemoPracticeIntegrationTest {

    @Autowired DemoPractice demo;
    @Autowired Practices practices;
    @Autowired Patients patients;
    @Autowired Encounters encounters;
    @Autowired ClinicalFacts facts;
    @Autowired CurrentActor actors;
    @Autowired Episodes episodes;
    @Autowired TimeLog timeLog;
    @Autowired RegistryResults results;
    @Autowired org.tandem.registry.CaseReviews reviews;
    @Autowired UserDetailsService signIn;
    @Autowired PasswordEncoder passwords;
    @Autowired RegisteredClientRepository clients;
    @Autowired AuditTrail audit;
    @Autowired AuditVerifier auditVerifier;
    @Autowired Screenings screenings;
    @Autowired SafetyAlerts alerts;
    @Autowired org.tandem.scheduling.Templates templates;
    @Autowired org.tandem.scheduling.Schedules schedules;
    @Autowired org.tandem.scheduling.Appointments appointments;
    @Autowired org.tandem.handoff.Handoffs handoffs;

    @Test
    void loadsThePracticeWithOneAccountPerRole() {
        PracticeInfo practice = practices.findByName("Riverside Family Medicine").orElseThrow();
        assertThat(practice.timeZone()).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(practices.allIds()).containsExactly(practice.id());

        Map<String, Set<Role>> staff = practices.staffOf(practice.id()).stream()
                .collect(Collectors.toMap(StaffMember::email, StaffMember::roles));
        assertThat(staff).containsEntry("pcp@riverside.example", Set.of(Role.PCP))
                .containsEntry("dr.chen@riverside.example", Set.of(Role.PCP))
                .containsEntry("dr.okafor@riverside.example", Set.of(Role.PCP))
                .containsEntry("bhc@riverside.example", Set.of(Role.BHC))
                .containsEntry("cm@riverside.example", Set.of(Role.CARE_MANAGER))
                .containsEntry("psych@riverside.example", Set.of(Role.PSYCHIATRIC_CONSULTANT))
                .containsEntry("ma@riverside.example", Set.of(Role.MEDICAL_ASSISTANT))
                .containsEntry("frontdesk@riverside.example", Set.of(Role.FRONT_DESK))
                .containsEntry("admin@riverside.example", Set.of(Role.PRACTICE_ADMIN))
                .hasSize(10);
        assertThat(practices.staffOf(practice.id())).extracting(StaffMember::displayName).contains("Dr. Maria Alvarez");

        assertSignsIn("pcp@riverside.example", "ROLE_PCP");
        assertSignsIn("facilitator@support.example", "ROLE_FACILITATOR");
        assertSignsIn("lead@support.example", "ROLE_COLLABORATIVE_LEAD");
    }

    @Test
    void registersTheApiClient() {
        RegisteredClient client = clients.findByClientId("tandem-demo");
        assertThat(client).isNotNull();
        assertThat(passwords.matches("tandem-demo-secret", client.getClientSecret())).isTrue();
        assertThat(practices.practiceOfClient("tandem-demo")).contains(practice());
    }

    @Test
    void loadsPatientsWithVisitsAndConditions() {
        List<PatientRecord> panel = asClinician(() -> patients.search(new PatientQuery(null, null, null, null, null, null, 0, 100)).items());
        assertThat(panel).hasSize(60);
        Set<java.util.UUID> pcps = practices.staffOf(practice()).stream().filter(s -> s.roles().contains(Role.PCP))
                .map(StaffMember::id).collect(Collectors.toSet());
        assertThat(panel).allSatisfy(p -> {
            assertThat(p.mrnSystem()).isEqualTo(SyntheticPanel.MRN_SYSTEM);
            assertThat(p.mrn()).matches("RFM\\d{6}");
            assertThat(pcps).contains(p.pcpAccountId());
        });

        int visits = asClinician(() -> encounters.search(null, null, null, 0, 1).total());
        assertThat(visits).isGreaterThan(60);
        List<EncounterRecord> some = asClinician(() -> encounters.search(null, null, null, 0, 50).items());
        assertThat(some).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo("finished");
            assertThat(e.classCode()).isEqualTo("AMB");
            assertThat(e.typeSystem()).isEqualTo("http://www.ama-assn.org/go/cpt");
            assertThat(pcps).contains(e.clinicianAccountId());
        });

        List<ClinicalFact> conditions = asClinician(() -> panel.stream().flatMap(p -> facts.of(p.id(), "Condition").stream()).toList());
        assertThat(conditions).isNotEmpty().allSatisfy(c -> {
            assertThat(c.codeSystem()).isEqualTo("http://snomed.info/sct");
            assertThat(c.status()).isEqualTo("active");
            assertThat(c.rawJson()).contains("\"resourceType\":\"Condition\"");
        });
    }

    @Test
    void auditsEveryWriteAsTheCommandLineLoader() {
        AuditVerification verification = auditVerifier.verify(practice());
        assertThat(verification.intact()).isTrue();
        assertThat(verification.events()).isGreaterThan(60 + 60);
        List<AuditRecord> recent = asClinician(() -> audit.recent(500));
        assertThat(recent).filteredOn(r -> r.action() == AuditAction.CREATE
                && List.of("Patient", "Encounter", "Condition").contains(r.resourceType())).allSatisfy(r -> {
            assertThat(r.actorName()).isEqualTo("demo-loader");
            assertThat(r.actorKind()).isEqualTo("SYSTEM");
            assertThat(r.channel()).isEqualTo("CLI");
        });
        List<AuditRecord> all = asClinician(() -> audit.recent(100_000));
        assertThat(all).extracting(AuditRecord::resourceType).contains("Patient", "Encounter", "Condition", "EpisodeOfCare",
                "TimeEntry");
        assertThat(all).filteredOn(r -> r.action() == AuditAction.CREATE && r.resourceType().equals("EpisodeOfCare")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.actorName()).isEqualTo("cm@riverside.example"));
        assertThat(all).filteredOn(r -> r.action() == AuditAction.CREATE && r.resourceType().equals("TimeEntry")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.actorName()).isIn("cm@riverside.example", "psych@riverside.example"));
    }

    @Test
    void enrolsRecentPositivesInCollaborativeCareWithContactsAndMeasurements() {
        List<Episode> enrolled = asClinician(() -> episodes.search(null, List.of()));
        assertThat(enrolled).isNotEmpty().allSatisfy(e -> {
            assertThat(e.consented()).isTrue();
            assertThat(e.sourceResponse()).isNotNull();
            assertThat(e.focus()).isIn(EpisodeFocus.DEPRESSION, EpisodeFocus.ANXIETY);
            assertThat(e.enrolledOn()).isAfterOrEqualTo(java.time.LocalDate.now().minusMonths(14));
        });
        for (Episode episode : enrolled) {
            List<TimeEntry> entries = asClinician(() -> timeLog.of(episode.id()));
            assertThat(entries).isNotEmpty().allSatisfy(t -> assertThat(t.recordedBy())
                    .isEqualTo(t.activity() == Activity.CASE_REVIEW ? "psych@riverside.example" : "cm@riverside.example"));
            assertThat(entries).extracting(TimeEntry::activity).contains(Activity.INITIAL_ASSESSMENT);
            assertThat(asClinician(() -> episodes.treatmentChanges(episode.id()))).isNotEmpty();
            if (episode.enrolledOn().isBefore(java.time.LocalDate.now(DemoPractice.TIME_ZONE).minusDays(10))) {
                assertThat(asClinician(() -> reviews.reviews(episode.id()))).as("new enrolment reviewed by the consultant")
                        .isNotEmpty().allSatisfy(r -> assertThat(r.consultant()).isEqualTo("psych@riverside.example"));
            }
        }
        java.time.Instant cutOff = java.time.LocalDate.now().minusDays(DemoPractice.REVIEWED_AFTER_DAYS + 1)
                .atStartOfDay(DemoPractice.TIME_ZONE).toInstant();
        assertThat(asClinician(() -> results.unreviewed(null))).allSatisfy(r -> assertThat(r.authoredAt()).isAfter(cutOff));
    }

    @Test
    void activatesTheBhcWeekBooksReturnVisitsAndDocumentsHandoffHistory() {
        org.tandem.scheduling.ScheduleTemplate active = asClinician(() -> templates.active()).orElseThrow();
        assertThat(active.blocks().stream().map(org.tandem.scheduling.TemplateBlock::clinician).distinct()).hasSize(2);
        assertThat(active.blocks()).extracting(org.tandem.scheduling.TemplateBlock::kind)
                .contains(org.tandem.scheduling.BlockKind.OPEN_ACCESS, org.tandem.scheduling.BlockKind.COUNSELING,
                        org.tandem.scheduling.BlockKind.BRIEF, org.tandem.scheduling.BlockKind.ADMIN,
                        org.tandem.scheduling.BlockKind.HUDDLE);
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant twoWeeks = now.plus(java.time.Duration.ofDays(15));
        assertThat(asClinician(() -> schedules.slots(null, now, twoWeeks))).isNotEmpty();
        List<org.tandem.scheduling.Appointment> visits = asClinician(() -> appointments.between(null, now, twoWeeks));
        assertThat(visits).isNotEmpty().allSatisfy(v -> {
            assertThat(v.source()).isEqualTo(org.tandem.scheduling.AppointmentSource.RETURN_VISIT);
            assertThat(v.kind()).isIn(org.tandem.scheduling.BlockKind.COUNSELING, org.tandem.scheduling.BlockKind.BRIEF);
        });
        List<org.tandem.handoff.Handoff> history = asClinician(() -> handoffs.search(null, null,
                now.minus(java.time.Duration.ofDays(7 * DemoSchedule.HISTORY_WEEKS + 1)), now, 0, 10_000));
        assertThat(history).isNotEmpty().allSatisfy(h -> {
            assertThat(h.status().open()).isFalse();
            assertThat(h.outcome()).isNotNull();
            java.time.LocalDateTime local = java.time.LocalDateTime.ofInstant(h.requestedAt(), DemoPractice.TIME_ZONE);
            assertThat(local.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
        });
        assertThat(history).filteredOn(h -> h.outcome() == org.tandem.handoff.HandoffOutcome.COMPLETED)
                .allSatisfy(h -> assertThat(h.acceptedByName()).isIn("Jordan Reyes, LCSW", "Priya Shah, PsyD"));
    }

    @Test
    void loadingAgainChangesNothing() {
        int patientsBefore = asClinician(() -> patients.search(new PatientQuery(null, null, null, null, null, null, 0, 1)).total());
        int visitsBefore = asClinician(() -> encounters.search(null, null, null, 0, 1).total());

        demo.load();

        assertThat(practices.allIds()).hasSize(1);
        assertThat(practices.staffOf(practice())).hasSize(10);
        assertThat(asClinician(() -> patients.search(new PatientQuery(null, null, null, null, null, null, 0, 1)).total()))
                .isEqualTo(patientsBefore).isEqualTo(60);
        assertThat(asClinician(() -> encounters.search(null, null, null, 0, 1).total())).isEqualTo(visitsBefore);
    }

    @Test
    void loadsScreeningHistoryAtVisitsWithFewOpenAlerts() {
        List<ScreeningEvent> events = asClinician(() -> screenings.population(null, java.time.Instant.EPOCH,
                java.time.Instant.now())).values().stream().flatMap(List::stream).toList();
        List<ScreeningEvent> phq2 = events.stream().filter(e -> e.instrument().equals(Instruments.PHQ_2)).toList();
        assertThat(phq2).isNotEmpty().allSatisfy(e -> assertThat(e.complete()).isTrue());
        long positive = phq2.stream().filter(e -> Boolean.TRUE.equals(e.positive())).count();
        Set<java.time.Instant> visitStarts = asClinician(() -> encounters.search(null, null, null, 0, 500).items()).stream()
                .map(EncounterRecord::start).collect(Collectors.toSet());
        // PHQ-9s at visits follow a positive PHQ-2 two minutes later; the others are the registry's measurements
        assertThat(events.stream().filter(e -> e.instrument().equals(Instruments.PHQ_9)
                && visitStarts.contains(e.at().minusSeconds(120)))).hasSize((int) positive);
        assertThat(events).extracting(ScreeningEvent::instrument).contains(Instruments.GAD_2, Instruments.AUDIT_C);
        assertThat(phq2).allSatisfy(e -> assertThat(visitStarts).contains(e.at()));
        assertThat(asClinician(() -> alerts.open())).hasSizeLessThanOrEqualTo(5);
    }

    private void assertSignsIn(String email, String authority) {
        UserDetails user = signIn.loadUserByUsername(email);
        assertThat(passwords.matches("tandem-demo", user.getPassword())).isTrue();
        assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly(authority);
    }

    private PracticeId practice() {
        return practices.findByName("Riverside Family Medicine").orElseThrow().id();
    }

    private <T> T asClinician(Supplier<T> work) {
        return actors.runAs(Actor.system("demo-test", practice(), EnumSet.of(Role.PCP), Channel.CLI), work);
    }
}
