package org.tandem;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterDetails;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/** Creates practices, staff and patients for page tests, and signs in as real staff principals. */
public final class PageFixtures {

    public static final String PASSWORD = "correct horse battery";
    public static final String H2 = "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private final Practices practices;
    private final Patients patients;
    private final Encounters encounters;
    private final ClinicalFacts facts;
    private final CurrentActor actors;
    private final UserDetailsService accounts;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    public PageFixtures(ApplicationContext context) {
        this.practices = context.getBean(Practices.class);
        this.patients = context.getBean(Patients.class);
        this.encounters = context.getBean(Encounters.class);
        this.facts = context.getBean(ClinicalFacts.class);
        this.actors = context.getBean(CurrentActor.class);
        this.accounts = context.getBean(UserDetailsService.class);
    }

    public PracticeId practice(String name) {
        return practices.createPractice(name + " " + suffix, ZoneId.of("America/Chicago"));
    }

    /** Creates a staff member and returns their sign-in e-mail. */
    public String staff(PracticeId practice, String displayName, Role... roles) {
        String email = displayName.toLowerCase().replaceAll("[^a-z]+", ".") + "." + suffix + "@example.org";
        practices.createStaff(practice, email, displayName, PASSWORD, Set.of(roles));
        return email;
    }

    public UUID staffId(PracticeId practice, String email) {
        return practices.staffOf(practice).stream().filter(s -> s.email().equals(email)).findFirst().orElseThrow().id();
    }

    public String supportStaff(String displayName) {
        UUID organization = practices.createSupportOrganization("Support " + suffix);
        String email = displayName.toLowerCase().replaceAll("[^a-z]+", ".") + "." + suffix + "@example.org";
        practices.createSupportStaff(organization, email, displayName, PASSWORD, Set.of(Role.FACILITATOR));
        return email;
    }

    public PatientRecord patient(PracticeId practice, String family, String given, LocalDate birthDate, String mrn, UUID pcp) {
        return asSystem(practice, () -> patients.register(new PatientDetails("urn:test:mrn", mrn, family, given, birthDate,
                AdministrativeSex.FEMALE, "es", pcp, null)));
    }

    public void encounter(PracticeId practice, PatientRecord patient, Instant start, String typeDisplay, String typeCode,
            UUID clinician) {
        asSystem(practice, () -> encounters.create(UUID.randomUUID(), new EncounterDetails(patient.id(), "finished", "AMB",
                "http://snomed.info/sct", typeCode, typeDisplay, start, start.plusSeconds(1800), clinician, null, null)));
    }

    public void observation(PracticeId practice, PatientRecord patient, String id, String display, String code,
            BigDecimal value, Instant when) {
        asSystem(practice, () -> facts.save(new ClinicalFactDetails("Observation", id, patient.id(), "http://loinc.org", code,
                display, List.of(new ClinicalFactDetails.Coding("http://loinc.org", code)), "final", when, null, value, "{score}",
                null, null, null, "{\"resourceType\":\"Observation\"}")));
    }

    public void condition(PracticeId practice, PatientRecord patient, String id, String display, String code, Instant when) {
        asSystem(practice, () -> facts.save(new ClinicalFactDetails("Condition", id, patient.id(), "http://snomed.info/sct", code,
                display, List.of(), "active", when, null, null, null, null, null, null, "{\"resourceType\":\"Condition\"}")));
    }

    public <T> T asSystem(PracticeId practice, java.util.function.Supplier<T> work) {
        return actors.runAs(Actor.system("page-test", practice, Set.of(Role.PCP), Channel.SYSTEM), work);
    }

    /** Signs in as the real staff principal that form login would create. */
    public RequestPostProcessor as(String email) {
        UserDetails details = accounts.loadUserByUsername(email);
        return user(details);
    }
}
