package org.tandem.scheduling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.VersionConflict;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;

/**
 * The practice's schedule templates: drafted and edited by a practice admin, one active at a time. Activating a
 * template regenerates the future unbooked slots from it (booked slots keep their appointments). Changes are audited.
 * <p>
 * Anyone working in the practice may read templates; only practice admins change them ({@code AccessDeniedException}
 * for anyone else). Only drafts are edited. A refused change throws {@link InvalidScheduleData} (a rule, in words a
 * practice admin understands) or {@link VersionConflict} (someone else changed the template since it was read);
 * nothing is changed then. An unknown id throws {@link PatientNotFound}.
 */
@Component
public class Templates {

    static final String RESOURCE = "ScheduleTemplate";
    static final int NAME_MAX = 120;
    /** A template may be activated at most this far ahead. */
    static final int MAX_DAYS_AHEAD = 366;

    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final Practices practices;
    private final AuditTrail audit;
    private final SlotGenerator slots;
    private final Clock clock;

    Templates(TenantJdbc jdbc, CurrentActor actors, Practices practices, AuditTrail audit, SlotGenerator slots, Clock clock) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.practices = practices;
        this.audit = audit;
        this.slots = slots;
        this.clock = clock;
    }

    /** Templates of the caller's practice, active first, then drafts, then retired, newest first. */
    @Transactional(readOnly = true)
    public List<ScheduleTemplate> list() {
        TenantJdbc.Scoped sql = jdbc.current();
        Map<UUID, List<TemplateBlock>> blocks = new HashMap<>();
        for (Map.Entry<UUID, TemplateBlock> entry : allBlocks(sql)) {
            blocks.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue());
        }
        return sql.query("SELECT * FROM schedule_template WHERE practice_id = :practiceId ORDER BY "
                + "CASE status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, created_at DESC, id", Map.of(),
                (rs, n) -> toTemplate(rs, blocks.getOrDefault(rs.getObject("id", UUID.class), List.of())));
    }

    /** One template of the caller's practice with its blocks (by clinician, day and start). */
    @Transactional(readOnly = true)
    public ScheduleTemplate get(UUID id) {
        return find(jdbc.current(), id);
    }

    /** The template that generates the practice's slots from its activation date on, if any. */
    @Transactional(readOnly = true)
    public Optional<ScheduleTemplate> active() {
        TenantJdbc.Scoped sql = jdbc.current();
        return sql.queryOne("SELECT id FROM schedule_template WHERE practice_id = :practiceId AND status = 'active'", Map.of(),
                (rs, n) -> rs.getObject(1, UUID.class)).map(id -> find(sql, id));
    }

    /**
     * A new draft, empty or as a copy of another template's blocks.
     *
     * @param copyOf the template whose blocks the draft starts with, or null for an empty draft
     * @throws InvalidScheduleData when the name is empty, longer than 120 characters, or already used by a draft or the
     *         active template
     */
    @Transactional
    public ScheduleTemplate create(String name, UUID copyOf) {
        Actor actor = requireAdmin();
        TenantJdbc.Scoped sql = jdbc.current();
        String cleanName = checkName(sql, name, null);
        ScheduleTemplate source = copyOf == null ? null : find(sql, copyOf);
        UUID id = UUID.randomUUID();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("name", cleanName);
        row.put("note", null);
        row.put("now", SlotGenerator.utc(clock.instant()));
        sql.update("INSERT INTO schedule_template (practice_id, id, name, status, note, activated_on, created_at, updated_at, version) "
                + "VALUES (:practiceId, :id, :name, 'draft', :note, NULL, :now, :now, 1)", row);
        if (source != null) {
            insertBlocks(sql, id, source.blocks().stream().map(b -> new TemplateBlock(UUID.randomUUID(), b.clinician(), b.day(),
                    b.start(), b.minutes(), b.kind(), b.releaseMinutes())).toList());
        }
        audit.record(actor, new AuditEntry(AuditAction.CREATE, null, RESOURCE, id.toString(), AuditOutcome.SUCCESS,
                "draft \"" + cleanName + "\"" + (source == null ? "" : " copied from \"" + source.name() + "\" ("
                        + source.blocks().size() + " blocks)")));
        return find(sql, id);
    }

    /**
     * Replaces a draft's blocks (the template page and the simulation's "apply suggestion" send the whole week).
     *
     * @throws InvalidScheduleData when a block overlaps another of the same clinician, has a length outside its kind's
     *         range, or names someone who is not a BHC of the practice; nothing is changed then
     */
    @Transactional
    public ScheduleTemplate replaceBlocks(UUID id, List<BlockInput> blocks, int version) {
        Actor actor = requireAdmin();
        TenantJdbc.Scoped sql = jdbc.current();
        ScheduleTemplate template = find(sql, id);
        requireDraft(template, "changed");
        requireVersion(template, version);
        List<TemplateBlock> checked = TemplateRules.check(blocks, staff());
        bumpVersion(sql, template, "draft");
        sql.update("DELETE FROM schedule_block WHERE practice_id = :practiceId AND template_id = :id", Map.of("id", id));
        insertBlocks(sql, id, checked);
        audit.record(actor, new AuditEntry(AuditAction.UPDATE, null, RESOURCE, id.toString(), AuditOutcome.SUCCESS,
                "blocks of draft \"" + template.name() + "\": " + summary(checked)));
        return find(sql, id);
    }

    /**
     * Renames a template (any status).
     *
     * @throws InvalidScheduleData when the name is empty, too long or used by another draft or the active template
     */
    @Transactional
    public ScheduleTemplate rename(UUID id, String name, int version) {
        Actor actor = requireAdmin();
        TenantJdbc.Scoped sql = jdbc.current();
        ScheduleTemplate template = find(sql, id);
        requireVersion(template, version);
        String cleanName = checkName(sql, name, id);
        if (sql.update("UPDATE schedule_template SET name = :name, version = version + 1, updated_at = :now "
                + "WHERE practice_id = :practiceId AND id = :id AND version = :version",
                Map.of("name", cleanName, "now", SlotGenerator.utc(clock.instant()), "id", id, "version", version)) == 0) {
            throw conflict(sql, template);
        }
        audit.record(actor, new AuditEntry(AuditAction.UPDATE, null, RESOURCE, id.toString(), AuditOutcome.SUCCESS,
                "renamed \"" + template.name() + "\" to \"" + cleanName + "\""));
        return find(sql, id);
    }

    /**
     * Deletes a draft and its blocks (an active or retired template stays, its slots and appointments refer to it).
     *
     * @throws InvalidScheduleData when the template is not a draft
     */
    @Transactional
    public void deleteDraft(UUID id, int version) {
        Actor actor = requireAdmin();
        TenantJdbc.Scoped sql = jdbc.current();
        ScheduleTemplate template = find(sql, id);
        requireDraft(template, "deleted");
        requireVersion(template, version);
        sql.update("DELETE FROM schedule_block WHERE practice_id = :practiceId AND template_id = :id", Map.of("id", id));
        if (sql.update("DELETE FROM schedule_template WHERE practice_id = :practiceId AND id = :id AND version = :version "
                + "AND status = 'draft'", Map.of("id", id, "version", version)) == 0) {
            throw conflict(sql, template);
        }
        audit.record(actor, new AuditEntry(AuditAction.DELETE, null, RESOURCE, id.toString(), AuditOutcome.SUCCESS,
                "draft \"" + template.name() + "\" deleted"));
    }

    /**
     * Makes a template the active one from a date on; the previously active one is retired.
     * <p>
     * Only a draft with at least one block can be activated, from today (in the practice's time zone) up to a year
     * ahead, and its blocks must still pass the rules (a clinician may have lost the BHC role since). Every earlier
     * template stops generating slots on that date; their slots from then on (from now on, when activated for today)
     * that have no appointment are removed, booked ones are kept with their appointments, and the new template's
     * slots are made for the rolling horizon, leaving out those that would overlap a kept booked slot of the same
     * clinician.
     *
     * @throws InvalidScheduleData when the template is not a draft, has no blocks, breaks a rule, or the date is in
     *         the past or more than a year ahead
     */
    @Transactional
    public ScheduleTemplate activate(UUID id, java.time.LocalDate from, int version) {
        Actor actor = requireAdmin();
        TenantJdbc.Scoped sql = jdbc.current();
        ScheduleTemplate template = find(sql, id);
        requireDraft(template, "activated");
        requireVersion(template, version);
        ZoneId zone = practices.zoneOf(sql.practiceId());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<String> problems = new ArrayList<>();
        if (from == null) {
            problems.add("Choose the first day the template applies");
        } else if (from.isBefore(today)) {
            problems.add("A template applies from today (" + today + ") on, not from a past day (" + from + ")");
        } else if (from.isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
            problems.add("A template can be activated at most a year ahead (until " + today.plusDays(MAX_DAYS_AHEAD) + ")");
        }
        if (template.blocks().isEmpty()) {
            problems.add("Add blocks before activating: a template without blocks would leave the practice without a BHC schedule");
        }
        if (!problems.isEmpty()) {
            throw new InvalidScheduleData(problems);
        }
        TemplateRules.check(template.blocks().stream().map(Templates::input).toList(), staff());

        List<String> retired = sql.query("SELECT name FROM schedule_template WHERE practice_id = :practiceId AND status = 'active' "
                + "FOR UPDATE", Map.of(), (rs, n) -> rs.getString(1));
        Map<String, Object> params = Map.of("id", id, "from", from, "version", version, "now", SlotGenerator.utc(clock.instant()));
        if (sql.update("UPDATE schedule_template SET status = 'active', activated_on = :from, effective_until = NULL, "
                + "version = version + 1, updated_at = :now WHERE practice_id = :practiceId AND id = :id AND version = :version "
                + "AND status = 'draft'", params) == 0) {
            throw conflict(sql, template);
        }
        sql.update("UPDATE schedule_template SET effective_until = :from WHERE practice_id = :practiceId AND id <> :id "
                + "AND status IN ('active', 'retired') AND (effective_until IS NULL OR effective_until > :from)", params);
        sql.update("UPDATE schedule_template SET status = 'retired', version = version + 1, updated_at = :now "
                + "WHERE practice_id = :practiceId AND id <> :id AND status = 'active'", params);
        Instant cut = cutOf(from, zone);
        int kept = slots.bookedFrom(sql, cut);
        int removed = slots.removeUnbookedFrom(sql, cut);
        int made = slots.extend(sql);
        audit.record(actor, new AuditEntry(AuditAction.UPDATE, null, RESOURCE, id.toString(), AuditOutcome.SUCCESS,
                "activated \"" + template.name() + "\" from " + from
                        + (retired.isEmpty() ? "" : "; retired \"" + String.join("\", \"", retired) + "\"")
                        + "; " + removed + " unbooked slots from then on removed, " + kept + " booked kept, " + made + " slots made"));
        return find(sql, id);
    }

    /** How many booked visits there are from a date on (kept when a template is activated from that date). */
    @Transactional(readOnly = true)
    int bookedFrom(LocalDate from) {
        TenantJdbc.Scoped sql = jdbc.current();
        return slots.bookedFrom(sql, cutOf(from, practices.zoneOf(sql.practiceId())));
    }

    /** The last day (exclusive) each activated template generated or generates slots for; absent while open-ended. */
    @Transactional(readOnly = true)
    Map<UUID, LocalDate> effectiveUntil() {
        Map<UUID, LocalDate> until = new HashMap<>();
        jdbc.current().query("SELECT id, effective_until FROM schedule_template WHERE practice_id = :practiceId "
                + "AND effective_until IS NOT NULL", Map.of(), (rs, n) -> until.put(rs.getObject(1, UUID.class),
                        rs.getObject(2, LocalDate.class)));
        return until;
    }

    /** The practice's behavioral health clinicians, by name. */
    @Transactional(readOnly = true)
    List<StaffMember> clinicians() {
        return practices.staff().stream().filter(s -> s.roles().contains(Role.BHC)).toList();
    }

    // ---------------------------------------------------------------- internals

    private Instant cutOf(LocalDate from, ZoneId zone) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        return start.isBefore(now) ? now : start;
    }

    private Map<UUID, StaffMember> staff() {
        return practices.staff().stream().collect(Collectors.toMap(StaffMember::id, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    private Actor requireAdmin() {
        Actor actor = actors.require();
        if (!actor.hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only practice admins change schedule templates");
        }
        return actor;
    }

    private static void requireDraft(ScheduleTemplate template, String verb) {
        if (template.status() != TemplateStatus.DRAFT) {
            throw new InvalidScheduleData("Only a draft can be " + verb + "; \"" + template.name() + "\" is "
                    + template.status().name().toLowerCase(Locale.ROOT) + ". Copy it to a new draft to change it.");
        }
    }

    private static void requireVersion(ScheduleTemplate template, int version) {
        if (template.version() != version) {
            throw new VersionConflict("Schedule template \"" + template.name() + "\"", version, template.version());
        }
    }

    private VersionConflict conflict(TenantJdbc.Scoped sql, ScheduleTemplate template) {
        int actual = sql.queryOne("SELECT version FROM schedule_template WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", template.id()), (rs, n) -> rs.getInt(1)).orElse(template.version() + 1);
        return new VersionConflict("Schedule template \"" + template.name() + "\"", template.version(), actual);
    }

    private void bumpVersion(TenantJdbc.Scoped sql, ScheduleTemplate template, String status) {
        if (sql.update("UPDATE schedule_template SET version = version + 1, updated_at = :now WHERE practice_id = :practiceId "
                + "AND id = :id AND version = :version AND status = :status", Map.of("now", SlotGenerator.utc(clock.instant()),
                        "id", template.id(), "version", template.version(), "status", status)) == 0) {
            throw conflict(sql, template);
        }
    }

    private String checkName(TenantJdbc.Scoped sql, String name, UUID self) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw new InvalidScheduleData("Give the template a name");
        }
        if (clean.length() > NAME_MAX) {
            throw new InvalidScheduleData("A template name has at most " + NAME_MAX + " characters");
        }
        List<UUID> same = sql.query("SELECT id FROM schedule_template WHERE practice_id = :practiceId AND status <> 'retired' "
                + "AND LOWER(name) = :name", Map.of("name", clean.toLowerCase(Locale.ROOT)), (rs, n) -> rs.getObject(1, UUID.class));
        if (same.stream().anyMatch(id -> !id.equals(self))) {
            throw new InvalidScheduleData("A template called \"" + clean + "\" already exists; choose another name");
        }
        return clean;
    }

    private static ScheduleTemplate find(TenantJdbc.Scoped sql, UUID id) {
        if (id == null) {
            throw new PatientNotFound("Schedule template");
        }
        List<TemplateBlock> blocks = blocksOf(sql, id);
        return sql.queryOne("SELECT * FROM schedule_template WHERE practice_id = :practiceId AND id = :id", Map.of("id", id),
                (rs, n) -> toTemplate(rs, blocks)).orElseThrow(() -> new PatientNotFound("Schedule template " + id));
    }

    static List<TemplateBlock> blocksOf(TenantJdbc.Scoped sql, UUID template) {
        List<TemplateBlock> blocks = new ArrayList<>(sql.query("SELECT * FROM schedule_block WHERE practice_id = :practiceId "
                + "AND template_id = :template", Map.of("template", template), Templates::toBlock));
        blocks.sort(TemplateRules.ORDER);
        return blocks;
    }

    private static List<Map.Entry<UUID, TemplateBlock>> allBlocks(TenantJdbc.Scoped sql) {
        List<Map.Entry<UUID, TemplateBlock>> all = new ArrayList<>(sql.query("SELECT * FROM schedule_block "
                + "WHERE practice_id = :practiceId", Map.of(), (rs, n) -> Map.entry(rs.getObject("template_id", UUID.class), toBlock(rs, n))));
        all.sort((a, b) -> TemplateRules.ORDER.compare(a.getValue(), b.getValue()));
        return all;
    }

    private static void insertBlocks(TenantJdbc.Scoped sql, UUID template, List<TemplateBlock> blocks) {
        List<Map<String, ?>> rows = new ArrayList<>();
        for (TemplateBlock b : blocks) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", b.id());
            row.put("template", template);
            row.put("clinician", b.clinician());
            row.put("weekday", b.day().getValue());
            row.put("start", TemplateRules.minuteOfDay(b.start()));
            row.put("minutes", b.minutes());
            row.put("kind", b.kind().code());
            row.put("release", b.releaseMinutes());
            rows.add(row);
        }
        if (!rows.isEmpty()) {
            sql.batchUpdate("INSERT INTO schedule_block (practice_id, id, template_id, clinician_id, weekday, start_minute, minutes, "
                    + "kind, release_minutes) VALUES (:practiceId, :id, :template, :clinician, :weekday, :start, :minutes, :kind, "
                    + ":release)", rows);
        }
    }

    static BlockInput input(TemplateBlock b) {
        return new BlockInput(b.clinician(), b.day(), b.start(), b.minutes(), b.kind(), b.releaseMinutes());
    }

    private static String summary(List<TemplateBlock> blocks) {
        Map<BlockKind, Integer> minutes = new java.util.EnumMap<>(BlockKind.class);
        blocks.forEach(b -> minutes.merge(b.kind(), b.minutes(), Integer::sum));
        return blocks.size() + " blocks" + (minutes.isEmpty() ? "" : " (" + minutes.entrySet().stream()
                .map(e -> e.getKey().code() + " " + e.getValue() + " min").collect(Collectors.joining(", ")) + ")");
    }

    private static TemplateBlock toBlock(ResultSet rs, int n) throws SQLException {
        int minutes = rs.getInt("release_minutes");
        Integer release = rs.wasNull() ? null : minutes;
        return new TemplateBlock(rs.getObject("id", UUID.class), rs.getObject("clinician_id", UUID.class),
                DayOfWeek.of(rs.getInt("weekday")), SlotGenerator.time(rs.getInt("start_minute")), rs.getInt("minutes"),
                BlockKind.ofCode(rs.getString("kind")), release);
    }

    private static ScheduleTemplate toTemplate(ResultSet rs, List<TemplateBlock> blocks) throws SQLException {
        return new ScheduleTemplate(rs.getObject("id", UUID.class), rs.getString("name"),
                TemplateStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("note"),
                rs.getObject("activated_on", LocalDate.class), SlotGenerator.instant(rs, "updated_at"), rs.getInt("version"), blocks);
    }
}
