package org.tandem.scheduling;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.tandem.patient.AdministrativeSex;
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
import org.tandem.platform.TenantJdbc;

/**
 * Visits, positive screens and handoff requests of one practice at known local times, for the demand profile tests:
 * visits through the patient module's facade, screening responses and handoff requests as rows (counts are all the
 * profile reads of them).
 */
final class DemandTestData {

    private final PracticeId practice;
    private final ZoneId zone;
    private final Patients patients;
    private final Encounters encounters;
    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final PatientRecord patient;

    DemandTestData(ApplicationContext context, PracticeId practice, ZoneId zone) {
        this.practice = practice;
        this.zone = zone;
        this.patients = context.getBean(Patients.class);
        this.encounters = context.getBean(Encounters.class);
        this.jdbc = context.getBean(TenantJdbc.class);
        this.actors = context.getBean(CurrentActor.class);
        this.patient = asSystem(() -> patients.register(new PatientDetails(null, null, "Demand", "Dana", LocalDate.of(1980, 1, 1),
                AdministrativeSex.FEMALE, "en", null, null)));
    }

    Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    void visit(String localDateTime) {
        visit(localDateTime, "finished");
    }

    void visit(String localDateTime, String status) {
        Instant start = at(localDateTime);
        asSystem(() -> encounters.create(UUID.randomUUID(), new EncounterDetails(patient.id(), status, "AMB",
                "http://snomed.info/sct", "185349003", "Encounter for check up", start, start.plusSeconds(1200), null, null,
                null)));
    }

    void visitAtInstant(Instant start) {
        asSystem(() -> encounters.create(UUID.randomUUID(), new EncounterDetails(patient.id(), "finished", "AMB",
                "http://snomed.info/sct", "185349003", "Encounter for check up", start, start.plusSeconds(1200), null, null,
                null)));
    }

    /** A screening response authored then; positive may be null (incomplete). */
    void screen(String localDateTime, String status, Boolean positive) {
        Instant authored = at(localDateTime);
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("patient", patient.id().value());
        row.put("status", status);
        row.put("positive", positive);
        row.put("authored", OffsetDateTime.ofInstant(authored, ZoneOffset.UTC));
        row.put("authoredOn", authored.atZone(zone).toLocalDate());
        jdbc.forPractice(practice).update("INSERT INTO screening_response (practice_id, id, patient_id, instrument, status, mode, "
                + "language, total, band, positive, risk, authored_at, authored_on, recorded_by, raw_json, created_at) VALUES "
                + "(:practiceId, :id, :patient, 'phq-2', :status, 'staff', 'en', 3, 'positive', :positive, NULL, :authored, "
                + ":authoredOn, 'test', '{}', :authored)", row);
    }

    /** A handoff request made then (the row as the handoff module stores it). */
    void handoff(String localDateTime) {
        Instant requested = at(localDateTime);
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("patient", patient.id().value());
        row.put("by", UUID.randomUUID());
        row.put("at", OffsetDateTime.ofInstant(requested, ZoneOffset.UTC));
        jdbc.forPractice(practice).update("INSERT INTO handoff_request (practice_id, id, patient_id, requested_by, "
                + "requested_by_name, reason, urgency, status, requested_at, offered_count, updated_at, version) VALUES "
                + "(:practiceId, :id, :patient, :by, 'Dr. Test', 'distress', 'now', 'requested', :at, 1, :at, 1)", row);
    }

    private <T> T asSystem(java.util.function.Supplier<T> work) {
        return actors.runAs(Actor.system("demand-test", practice, Set.of(Role.PCP), Channel.SYSTEM), work);
    }
}
