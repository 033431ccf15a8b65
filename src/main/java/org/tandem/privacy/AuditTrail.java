package org.tandem.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.TenantJdbc;

/**
 * The append-only, hash-chained audit trail. Each practice has its own chain: a row's hash is the SHA-256 of its
 * fields and the previous row's hash, so changing, removing or inserting a row breaks every later link.
 * Writes join the caller's transaction, so an audit row commits or rolls back with the change it records.
 */
@Component
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);

    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final Clock clock;

    AuditTrail(TenantJdbc jdbc, CurrentActor actors, Clock clock) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.clock = clock;
    }

    /** Records an event by whoever is acting now, in the caller's transaction. */
    @Transactional
    public void record(AuditEntry entry) {
        recordAll(actors.require(), List.of(entry));
    }

    /** Records events by whoever is acting now, in the caller's transaction (e.g. one per patient in a search result). */
    @Transactional
    public void recordAll(List<AuditEntry> entries) {
        recordAll(actors.require(), entries);
    }

    /** Records an event by an explicit actor (sign-in, sign-out), in the caller's transaction or a new one. */
    @Transactional
    public void record(Actor actor, AuditEntry entry) {
        recordAll(actor, List.of(entry));
    }

    /** Records an event in its own transaction, so that it stays even when the caller's work is rolled back (denials). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordIndependently(Actor actor, AuditEntry entry) {
        recordAll(actor, List.of(entry));
    }

    @Transactional
    public void recordAll(Actor actor, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        PracticeId practice = actor.practice().orElse(PracticeId.PLATFORM);
        TenantJdbc.Scoped sql = jdbc.forPractice(practice);
        // One read of the chain head (locked until the caller's transaction ends) for the whole batch; the head row is
        // made only the first time a practice records anything.
        Head head = lockHead(sql).orElseGet(() -> {
            sql.update("INSERT INTO audit_chain_head (practice_id, last_seq, last_hash) VALUES (:practiceId, 0, :genesis) "
                    + "ON CONFLICT DO NOTHING", Map.of("genesis", GENESIS));
            return lockHead(sql).orElseThrow();
        });
        long seq = head.seq();
        String previous = head.hash();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditEntry entry : entries) {
            seq++;
            Row row = new Row(seq, UUID.randomUUID(), now, actor.id(), actor.name(), actor.kind().name(),
                    actor.primaryRole(), entry.action().name(), actor.channel().name(), actor.address(),
                    entry.patientId(), entry.resourceType(), entry.resourceId(), entry.outcome().name(),
                    truncate(entry.detail()), previous, null);
            String hash = hash(row);
            rows.add(row.params(hash));
            previous = hash;
        }
        sql.batchUpdate("INSERT INTO audit_event (practice_id, seq, event_id, occurred_at, actor_id, actor_name, actor_kind, "
                + "actor_role, action, channel, source_address, patient_id, resource_type, resource_id, outcome, detail, "
                + "prev_hash, hash) VALUES (:practiceId, :seq, :eventId, :occurredAt, :actorId, :actorName, :actorKind, "
                + ":actorRole, :action, :channel, :sourceAddress, :patientId, :resourceType, :resourceId, :outcome, "
                + ":detail, :prevHash, :hash)", rows);
        sql.update("UPDATE audit_chain_head SET last_seq = :seq, last_hash = :hash WHERE practice_id = :practiceId",
                Map.of("seq", seq, "hash", previous));
    }

    private static java.util.Optional<Head> lockHead(TenantJdbc.Scoped sql) {
        return sql.queryOne("SELECT last_seq, last_hash FROM audit_chain_head WHERE practice_id = :practiceId FOR UPDATE",
                Map.of(), (rs, n) -> new Head(rs.getLong(1), rs.getString(2)));
    }

    /** The access history of one patient of the current practice, newest first. */
    @Transactional(readOnly = true)
    public List<AuditRecord> historyOf(UUID patientId, int limit) {
        return jdbc.current().query("SELECT * FROM audit_event WHERE practice_id = :practiceId AND patient_id = :patient "
                + "ORDER BY seq DESC LIMIT :limit", Map.of("patient", patientId, "limit", limit), AuditTrail::toRecord);
    }

    /** The most recent events of the current practice, newest first. */
    @Transactional(readOnly = true)
    public List<AuditRecord> recent(int limit) {
        return jdbc.current().query("SELECT * FROM audit_event WHERE practice_id = :practiceId ORDER BY seq DESC LIMIT :limit",
                Map.of("limit", limit), AuditTrail::toRecord);
    }

    static AuditRecord toRecord(ResultSet rs, int n) throws SQLException {
        return new AuditRecord(rs.getLong("seq"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor_name"), rs.getString("actor_kind"), rs.getString("actor_role"),
                AuditAction.valueOf(rs.getString("action")), rs.getString("channel"), rs.getString("source_address"),
                rs.getObject("patient_id", UUID.class), rs.getString("resource_type"), rs.getString("resource_id"),
                AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("detail"));
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }

    /** The hash of a row: SHA-256 over its length-prefixed fields, ending with the previous row's hash. */
    static String hash(Row row) {
        StringBuilder text = new StringBuilder();
        for (Object field : new Object[] { row.seq, row.eventId, row.occurredAt, row.actorId, row.actorName, row.actorKind,
                row.actorRole, row.action, row.channel, row.sourceAddress, row.patientId, row.resourceType,
                row.resourceId, row.outcome, row.detail, row.prevHash }) {
            String value = field == null ? "" : field.toString();
            text.append(field == null ? -1 : value.length()).append(':').append(value).append('|');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Head(long seq, String hash) {
    }

    record Row(long seq, UUID eventId, Instant occurredAt, String actorId, String actorName, String actorKind,
            String actorRole, String action, String channel, String sourceAddress, UUID patientId, String resourceType,
            String resourceId, String outcome, String detail, String prevHash, String hash) {

        static Row from(ResultSet rs) throws SQLException {
            return new Row(rs.getLong("seq"), rs.getObject("event_id", UUID.class),
                    rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor_id"),
                    rs.getString("actor_name"), rs.getString("actor_kind"), rs.getString("actor_role"),
                    rs.getString("action"), rs.getString("channel"), rs.getString("source_address"),
                    rs.getObject("patient_id", UUID.class), rs.getString("resource_type"), rs.getString("resource_id"),
                    rs.getString("outcome"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));
        }

        Map<String, Object> params(String hash) {
            Map<String, Object> p = new HashMap<>();
            p.put("seq", seq);
            p.put("eventId", eventId);
            p.put("occurredAt", OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC));
            p.put("actorId", actorId);
            p.put("actorName", actorName);
            p.put("actorKind", actorKind);
            p.put("actorRole", actorRole);
            p.put("action", action);
            p.put("channel", channel);
            p.put("sourceAddress", sourceAddress);
            p.put("patientId", patientId);
            p.put("resourceType", resourceType);
            p.put("resourceId", resourceId);
            p.put("outcome", outcome);
            p.put("detail", detail);
            p.put("prevHash", prevHash);
            p.put("hash", hash);
            return p;
        }
    }
}
