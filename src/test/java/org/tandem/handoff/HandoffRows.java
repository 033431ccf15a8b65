package org.tandem.handoff;

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
 * Handoff requests of one practice written straight into {@code handoff_request} (as the handoff module stores them),
 * at known local times and with a known fate, for the metrics tests (aggregation only).
 */
final class HandoffRows {

    private final PracticeId practice;
    private final ZoneId zone;
    private final TenantJdbc jdbc;
    private final PatientRecord patient;

    HandoffRows(ApplicationContext context, PracticeId practice, ZoneId zone) {
        this.practice = practice;
        this.zone = zone;
        this.jdbc = context.getBean(TenantJdbc.class);
        Patients patients = context.getBean(Patients.class);
        this.patient = context.getBean(CurrentActor.class).runAs(Actor.system("metrics-test", practice, Set.of(Role.PCP),
                Channel.SYSTEM), () -> patients.register(new PatientDetails(null, null, "Metrics", "Max", LocalDate.of(1975, 5, 5),
                        AdministrativeSex.MALE, "en", null, null)));
    }

    /** A request in the making; {@link #insert()} stores it. */
    final class Request {
        private final Map<String, Object> row = new HashMap<>();
        private Instant requestedAt;

        Request(String localDateTime, UUID requestedBy, String requestedByName, String reason, int offered) {
            requestedAt = LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
            row.put("id", UUID.randomUUID());
            row.put("patient", patient.id().value());
            row.put("requestedBy", requestedBy);
            row.put("requestedByName", requestedByName);
            row.put("onBehalfOf", null);
            row.put("reason", reason);
            row.put("status", "requested");
            row.put("requestedAt", utc(requestedAt));
            row.put("escalatedAt", null);
            row.put("offered", offered);
            row.put("acceptedBy", null);
            row.put("acceptedByName", null);
            row.put("acceptedAt", null);
            row.put("outcome", null);
        }

        Request onBehalfOf(UUID pcp) {
            row.put("onBehalfOf", pcp);
            return this;
        }

        Request acceptedAfter(long seconds, UUID bhc, String name) {
            row.put("acceptedBy", bhc);
            row.put("acceptedByName", name);
            row.put("acceptedAt", utc(requestedAt.plusSeconds(seconds)));
            row.put("status", "accepted");
            return this;
        }

        Request escalated() {
            row.put("escalatedAt", utc(requestedAt.plusSeconds(300)));
            return this;
        }

        Request closed(String status, String outcome) {
            row.put("status", status);
            row.put("outcome", outcome);
            return this;
        }

        UUID insert() {
            jdbc.forPractice(practice).update("INSERT INTO handoff_request (practice_id, id, patient_id, requested_by, "
                    + "requested_by_name, on_behalf_of, reason, urgency, status, requested_at, escalated_at, offered_count, "
                    + "accepted_by, accepted_by_name, accepted_at, outcome, updated_at, version) VALUES (:practiceId, :id, "
                    + ":patient, :requestedBy, :requestedByName, :onBehalfOf, :reason, 'now', :status, :requestedAt, :escalatedAt, "
                    + ":offered, :acceptedBy, :acceptedByName, :acceptedAt, :outcome, :requestedAt, 1)", row);
            return (UUID) row.get("id");
        }
    }

    Request request(String localDateTime, UUID requestedBy, String requestedByName, String reason, int offered) {
        return new Request(localDateTime, requestedBy, requestedByName, reason, offered);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
