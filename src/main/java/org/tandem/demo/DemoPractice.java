package org.tandem.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterDetails;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientId;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.PracticeInfo;
import org.tandem.practice.Practices;
import org.tandem.handoff.HandoffRecords;
import org.tandem.registry.CaseReviews;
import org.tandem.registry.Episode;
import org.tandem.registry.Episodes;
import org.tandem.registry.RegistryResult;
import org.tandem.registry.RegistryResults;
import org.tandem.registry.TimeLog;
import org.tandem.scheduling.Appointments;
import org.tandem.scheduling.ScheduleTemplate;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Templates;
import org.tandem.screening.FollowUp;
import org.tandem.screening.RiskAssessment;
import org.tandem.screening.SafetyAlerts;
import org.tandem.screening.Screenings;

/**
 * {@code tandem demo}: loads Riverside Family Medicine, its support organization, staff, API client and a synthetic
 * panel into an empty database, in batches that each commit, and refuses a database that holds anything else.
 */
@Component
@ConditionalOnProperty(name = "tandem.demo.load", havingValue = "true")
class DemoPractice implements ApplicationRunner {

    static final String PRACTICE = "Riverside Family Medicine";
    static final ZoneId TIME_ZONE = ZoneId.of("America/Chicago");
    static final String SUPPORT_ORGANIZATION = "Lakeshore Practice Transformation Network";
    static final String COLLABORATIVE = "Integrated Care Learning Collaborative 2026";
    static final List<String> SITES = List.of("Riverside Main", "Riverside North");
    static final String CARE_TEAM = "Integrated care team";
    static final String CLIENT_ID = "tandem-demo";
    static final String CLIENT_SECRET = "tandem-demo-secret";
    static final int BATCH = 100;
    /** Safety alerts left open for the demo; older ones are closed with a risk assessment by the BHC. */
    static final int OPEN_ALERTS = 4;
    /** Recent positive screens whose follow-up is documented in Tandem. */
    static final int DOCUMENTED_FOLLOW_UPS = 6;
    /** Mixed into the seed for the screening answers, so they do not repeat the panel's draws. */
    static final long SCREENING_SALT = 0x5C2EE111L;
    /** Mixed into the seed for the collaborative-care courses. */
    static final long REGISTRY_SALT = 0x7E6157L;
    /** Mixed into the seed for the schedule's bookings and the handoff history. */
    static final long SCHEDULE_SALT = 0x5C4EDL;
    /** Episodes enrolled per transaction. */
    static final int EPISODE_BATCH = 10;
    /** Results older than this many days were reviewed by the care manager; newer ones wait in the queue. */
    static final int REVIEWED_AFTER_DAYS = 10;

    private static final Logger log = LoggerFactory.getLogger(DemoPractice.class);

    private final Practices practices;
    private final Patients patients;
    private final Encounters encounters;
    private final ClinicalFacts facts;
    private final Screenings screenings;
    private final SafetyAlerts alerts;
    private final Episodes episodes;
    private final TimeLog timeLog;
    private final RegistryResults results;
    private final CaseReviews reviews;
    private final Templates templates;
    private final Schedules schedules;
    private final Appointments appointments;
    private final HandoffRecords handoffRecords;
    private final CurrentActor actors;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int size;
    private final int enrolled;
    private final long seed;

    DemoPractice(Practices practices, Patients patients, Encounters encounters, ClinicalFacts facts, Screenings screenings,
            SafetyAlerts alerts, Episodes episodes, TimeLog timeLog, RegistryResults results, CaseReviews reviews, Templates templates,
            Schedules schedules, Appointments appointments, HandoffRecords handoffRecords, CurrentActor actors, TransactionTemplate transactions, Clock clock, @Value("${tandem.demo.patients:2000}") int size,
            @Value("${tandem.demo.enrolled:150}") int enrolled, @Value("${tandem.demo.seed:20261125}") long seed) {
        this.practices = practices;
        this.patients = patients;
        this.encounters = encounters;
        this.facts = facts;
        this.screenings = screenings;
        this.alerts = alerts;
        this.episodes = episodes;
        this.timeLog = timeLog;
        this.results = results;
        this.reviews = reviews;
        this.templates = templates;
        this.schedules = schedules;
        this.appointments = appointments;
        this.handoffRecords = handoffRecords;
        this.enrolled = enrolled;
        this.actors = actors;
        this.transactions = transactions;
        this.clock = clock;
        this.size = size;
        this.seed = seed;
    }

    @Override
    public void run(ApplicationArguments args) {
        load();
    }

    /** Loads the demo practice, or does nothing when it is already there; throws {@link DemoDataRefused} otherwise. */
    void load() {
        Optional<PracticeInfo> demo = practices.findByName(PRACTICE);
        List<PracticeId> all = practices.allIds();
        if (demo.isPresent() && all.equals(List.of(demo.get().id()))) {
            log.info("demo data already loaded: {} ({} patients were asked for; nothing changed)", PRACTICE, size);
            warnIfInterrupted(demo.get().id());
            return;
        }
        if (practices.anyTenant()) {
            String reason = demo.isPresent()
                    ? "it holds " + (all.size() - 1) + " other practice(s) besides " + PRACTICE
                    : "it already holds practices or support organizations";
            log.error("demo: refusing to load demo data into this database: {}. The demo command only loads into an empty "
                    + "database; point --tandem.data-dir (or --spring.datasource.url) at an empty one.", reason);
            throw new DemoDataRefused("Refusing to load demo data: " + reason);
        }
        long started = System.nanoTime();
        LocalDate today = LocalDate.now(clock.withZone(TIME_ZONE));
        Roster roster = transactions.execute(status -> setUp(today));
        List<SyntheticPatient> panel = new SyntheticPanel(seed, today, TIME_ZONE, roster.pcps().size()).patients(size);
        Actor loader = Actor.system("demo-loader", roster.practice(), EnumSet.of(Role.PCP), Channel.CLI);
        Totals totals = new Totals();
        DemoScreenings screening = new DemoScreenings(screenings, facts, today, TIME_ZONE);
        SplittableRandom answers = new SplittableRandom(seed ^ SCREENING_SALT);
        for (int from = 0; from < panel.size(); from += BATCH) {
            List<SyntheticPatient> batch = panel.subList(from, Math.min(from + BATCH, panel.size()));
            actors.runAs(loader, () -> transactions.executeWithoutResult(status -> store(batch, roster.pcps(), totals, screening,
                    answers)));
            log.info("demo: {}/{} patients, {} visits, {} conditions, {} screening responses", String.format("%,d", totals.patients),
                    String.format("%,d", panel.size()), String.format("%,d", totals.visits), String.format("%,d", totals.conditions),
                    String.format("%,d", screening.responses));
        }
        int documented = actors.runAs(loader, () -> transactions.execute(status -> documentFollowUps(screening, answers)));
        Actor bhc = new Actor(roster.bhc().toString(), DemoStaff.BHC_EMAIL, Actor.Kind.USER, roster.practice(), Set.of(Role.BHC),
                Channel.CLI, null);
        int closed = actors.runAs(bhc, () -> transactions.execute(status -> closeOlderAlerts(screening)));
        Actor careManager = new Actor(roster.careManager().toString(), DemoStaff.CARE_MANAGER_EMAIL, Actor.Kind.USER,
                roster.practice(), Set.of(Role.CARE_MANAGER), Channel.CLI, null);
        Actor consultant = new Actor(roster.consultant().toString(), DemoStaff.CONSULTANT_EMAIL, Actor.Kind.USER, roster.practice(),
                Set.of(Role.PSYCHIATRIC_CONSULTANT), Channel.CLI, null);
        Map<UUID, Actor> pcpActors = new LinkedHashMap<>();
        for (int i = 0; i < roster.pcps().size(); i++) {
            pcpActors.put(roster.pcps().get(i), new Actor(roster.pcps().get(i).toString(), DemoStaff.pcps().get(i).email(),
                    Actor.Kind.USER, roster.practice(), Set.of(Role.PCP), Channel.CLI, null));
        }
        DemoRegistry registry = new DemoRegistry(episodes, timeLog, screenings, reviews, actors, consultant, pcpActors, today,
                TIME_ZONE);
        List<DemoScreenings.EnrolmentCandidate> chosen = registry.choose(screening.candidates, enrolled);
        SplittableRandom courses = new SplittableRandom(seed ^ REGISTRY_SALT);
        for (int from = 0; from < chosen.size(); from += EPISODE_BATCH) {
            List<DemoScreenings.EnrolmentCandidate> batch = chosen.subList(from, Math.min(from + EPISODE_BATCH, chosen.size()));
            actors.runAs(careManager, () -> transactions.executeWithoutResult(status -> batch.forEach(candidate ->
                    registry.follow(candidate, DemoRegistry.course(courses), courses.split()))));
            log.info("demo: {}/{} patients enrolled in collaborative care, {} contacts, {} measurements", registry.enrolled.size(),
                    chosen.size(), String.format("%,d", registry.contacts), String.format("%,d", registry.measurements));
        }
        int reviewed = actors.runAs(careManager, () -> transactions.execute(status -> reviewOlderResults(today)));
        log.info("demo: collaborative care: {} episodes, {} contacts, {} measurements, {} treatment changes, {} results reviewed, "
                + "{} case reviews with {} recommendations, {} open review requests", registry.enrolled.size(),
                String.format("%,d", registry.contacts), String.format("%,d", registry.measurements), registry.treatmentChanges,
                String.format("%,d", reviewed), registry.caseReviews, registry.recommendations, registry.requests);
        loadSchedule(roster, registry, screening, panel, today);
        log.info("demo: {} screening responses ({} positive, {} followed up by a procedure, {} follow-ups documented), "
                + "{} safety alerts ({} closed with a risk assessment by the BHC)", String.format("%,d", screening.responses),
                String.format("%,d", screening.positives), String.format("%,d", screening.followUps), documented,
                screening.alerts.size(), closed);
        log.info("demo: loaded {} in {} s. Sign in as pcp@riverside.example (or bhc@, cm@, psych@, ma@, frontdesk@, admin@) "
                + "with password '{}'; API client '{}' / '{}'.", PRACTICE, String.format("%.1f", (System.nanoTime() - started) / 1e9),
                DemoStaff.PASSWORD, CLIENT_ID, CLIENT_SECRET);
    }

    /**
     * The BHCs' weekly template (activated from today), return visits in the next two weeks for enrolled patients and
     * six months of warm handoffs documented after the fact.
     */
    private void loadSchedule(Roster roster, DemoRegistry registry, DemoScreenings screening, List<SyntheticPatient> panel,
            LocalDate today) {
        Map<String, UUID> byEmail = new LinkedHashMap<>();
        practices.staffOf(roster.practice()).forEach(member -> byEmail.put(member.email(), member.id()));
        List<UUID> bhcs = DemoStaff.bhcs().stream().map(staff -> byEmail.get(staff.email())).toList();
        DemoSchedule schedule = new DemoSchedule(templates, schedules, appointments, handoffRecords, today, TIME_ZONE);
        SplittableRandom random = new SplittableRandom(seed ^ SCHEDULE_SALT);
        Actor admin = Actor.system("demo-loader", roster.practice(), EnumSet.of(Role.PRACTICE_ADMIN), Channel.CLI);
        Actor frontDesk = Actor.system("demo-loader", roster.practice(), EnumSet.of(Role.FRONT_DESK), Channel.CLI);
        Actor loader = Actor.system("demo-loader", roster.practice(), EnumSet.of(Role.PCP), Channel.CLI);
        ScheduleTemplate template = actors.runAs(admin, () -> transactions.execute(status -> schedule.activateTemplate(bhcs)));
        List<PatientId> returning = registry.enrolled.stream().map(Episode::patient).distinct().toList();
        actors.runAs(frontDesk, () -> transactions.executeWithoutResult(status -> schedule.bookReturnVisits(returning, random)));
        actors.runAs(loader, () -> transactions.executeWithoutResult(status -> schedule.documentHandoffs(screening.candidates,
                panel, roster.pcps(), bhcs, random)));
        log.info("demo: BH schedule \"{}\" active for {} BHCs ({} blocks a week), {} return visits booked; {} warm handoffs "
                + "documented over {} weeks ({} missed)", template.name(), bhcs.size(), template.blocks().size(), schedule.booked,
                schedule.handoffs, DemoSchedule.HISTORY_WEEKS, schedule.missed);
    }

    private Roster setUp(LocalDate today) {
        UUID organization = practices.createSupportOrganization(SUPPORT_ORGANIZATION);
        UUID collaborative = practices.createCollaborative(organization, COLLABORATIVE);
        PracticeId practice = practices.createPractice(PRACTICE, TIME_ZONE);
        LocalDate joined = LocalDate.of(2026, 1, 12);
        practices.joinCollaborative(practice, collaborative, joined.isAfter(today) ? today : joined);
        SITES.forEach(site -> practices.createSite(practice, site));
        Map<String, UUID> accounts = new LinkedHashMap<>();
        for (DemoStaff staff : DemoStaff.PRACTICE) {
            accounts.put(staff.email(), practices.createStaff(practice, staff.email(), staff.displayName(), DemoStaff.PASSWORD,
                    EnumSet.of(staff.role())));
        }
        for (DemoStaff staff : DemoStaff.SUPPORT) {
            practices.createSupportStaff(organization, staff.email(), staff.displayName(), DemoStaff.PASSWORD,
                    EnumSet.of(staff.role()));
        }
        Map<UUID, Role> team = new LinkedHashMap<>();
        for (DemoStaff staff : DemoStaff.PRACTICE) {
            boolean member = staff.email().equals("pcp@riverside.example") || staff.role() == Role.BHC
                    || staff.role() == Role.CARE_MANAGER || staff.role() == Role.PSYCHIATRIC_CONSULTANT;
            if (member) {
                team.put(accounts.get(staff.email()), staff.role());
            }
        }
        practices.createCareTeam(practice, CARE_TEAM, team);
        practices.createApiClient(practice, CLIENT_ID, "Tandem demo client", CLIENT_SECRET, Role.PCP);
        List<UUID> pcps = new ArrayList<>();
        DemoStaff.pcps().forEach(pcp -> pcps.add(accounts.get(pcp.email())));
        UUID bhc = accounts.get(DemoStaff.BHC_EMAIL);
        UUID careManager = accounts.get(DemoStaff.CARE_MANAGER_EMAIL);
        UUID consultant = accounts.get(DemoStaff.CONSULTANT_EMAIL);
        log.info("demo: created {} ({}), {} staff accounts, support organization {} and API client {}", PRACTICE, TIME_ZONE,
                DemoStaff.PRACTICE.size() + DemoStaff.SUPPORT.size(), SUPPORT_ORGANIZATION, CLIENT_ID);
        return new Roster(practice, List.copyOf(pcps), bhc, careManager, consultant);
    }

    /** Documents the follow-up of a few positive screens of the last 30 days, as the demo loader. */
    private int documentFollowUps(DemoScreenings screening, SplittableRandom random) {
        List<DemoScreenings.RecentPositive> recent = screening.recentPositives;
        int documented = 0;
        for (int i = 0; i < recent.size() && documented < DOCUMENTED_FOLLOW_UPS; i += 2) {
            DemoScreenings.RecentPositive positive = recent.get(i);
            boolean alcohol = positive.instrument().equals(org.tandem.screening.Instruments.AUDIT_C);
            screenings.documentFollowUp(positive.response(), alcohol ? FollowUp.PCP_FOLLOW_UP
                    : random.nextBoolean() ? FollowUp.WARM_HANDOFF : FollowUp.BH_VISIT_SCHEDULED,
                    alcohol ? "Brief intervention at the visit; recheck in 3 months." : "Met the BHC during the visit; first session booked.");
            documented++;
        }
        return documented;
    }

    /** Closes all but the newest {@link #OPEN_ALERTS} safety alerts with a documented risk assessment, as the BHC. */
    private int closeOlderAlerts(DemoScreenings screening) {
        List<DemoScreenings.RaisedAlert> raised = new ArrayList<>(screening.alerts);
        raised.sort(java.util.Comparator.comparing(DemoScreenings.RaisedAlert::authoredAt).reversed());
        int closed = 0;
        for (int i = OPEN_ALERTS; i < raised.size(); i++) {
            boolean moderate = i % 4 == 0;
            alerts.close(raised.get(i).alert(), new RiskAssessment(moderate ? RiskAssessment.Level.MODERATE : RiskAssessment.Level.LOW,
                    moderate ? "Passive thoughts, no plan or intent; safety plan written together, BHC follow-up within a week."
                            : "Passive thoughts only, no plan, intent or past attempts; crisis line given, BHC follow-up in two weeks.",
                    moderate, true));
            closed++;
        }
        return closed;
    }

    private void store(List<SyntheticPatient> batch, List<UUID> pcps, Totals totals, DemoScreenings screening,
            SplittableRandom answers) {
        for (SyntheticPatient patient : batch) {
            PatientId id = new PatientId(patient.id());
            UUID pcp = pcps.get(patient.pcp());
            patients.create(id, new PatientDetails(SyntheticPanel.MRN_SYSTEM, patient.mrn(), patient.familyName(),
                    patient.givenNames(), patient.birthDate(), patient.sex(), patient.preferredLanguage(), pcp, null));
            for (SyntheticPatient.Visit visit : patient.visits()) {
                encounters.create(visit.id(), new EncounterDetails(id, "finished", "AMB", VisitCode.SYSTEM, visit.code().code(),
                        visit.code().display(), visit.start(), visit.end(), pcp, null, null));
            }
            for (SyntheticPatient.Condition condition : patient.conditions()) {
                Diagnosis diagnosis = condition.diagnosis();
                facts.save(new ClinicalFactDetails("Condition", condition.id(), id, Diagnosis.SYSTEM, diagnosis.code(),
                        diagnosis.display(), List.of(new ClinicalFactDetails.Coding(Diagnosis.SYSTEM, diagnosis.code())),
                        "active", condition.onset().atStartOfDay(TIME_ZONE).toInstant(), null, null, null, null, null, null,
                        FhirJson.condition(condition, id)));
            }
            screening.screen(patient, id, answers.split());
            totals.patients++;
            totals.visits += patient.visits().size();
            totals.conditions += patient.conditions().size();
        }
    }

    private void warnIfInterrupted(PracticeId practice) {
        if (size == 0) {
            return;
        }
        SyntheticPatient last = new SyntheticPanel(seed, LocalDate.now(clock.withZone(TIME_ZONE)), TIME_ZONE,
                DemoStaff.pcps().size()).patients(size).get(size - 1);
        Actor loader = Actor.system("demo-loader", practice, EnumSet.of(Role.PCP), Channel.CLI);
        boolean complete = actors.runAs(loader, () -> patients.exists(new PatientId(last.id())));
        if (!complete) {
            log.warn("demo: the demo panel looks incomplete (an earlier load was interrupted, or tandem.demo.patients or "
                    + "tandem.demo.seed changed). To reload it, stop Tandem, delete the data directory and run 'demo' again.");
        }
    }

    /** The practice just created, its PCPs' account ids in roster order, and the BHC's, care manager's and consultant's. */
    private record Roster(PracticeId practice, List<UUID> pcps, UUID bhc, UUID careManager, UUID consultant) {
    }

    /** Marks the care manager's queued results older than {@link #REVIEWED_AFTER_DAYS} days reviewed. */
    private int reviewOlderResults(LocalDate today) {
        java.time.Instant cutOff = today.minusDays(REVIEWED_AFTER_DAYS).atStartOfDay(TIME_ZONE).toInstant();
        int reviewed = 0;
        for (RegistryResult result : results.unreviewed(null)) {
            if (result.authoredAt().isBefore(cutOff)) {
                results.markReviewed(result.response());
                reviewed++;
            }
        }
        return reviewed;
    }

    private static final class Totals {
        int patients;
        int visits;
        int conditions;
    }
}
