package org.tandem.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.platform.Actor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * The psychiatric consultant's weekly case review: the care team asks to discuss a patient, the consultant works
 * through a list ordered by priority with a one-screen summary per patient, and records recommendations that go to
 * the PCP's inbox, where the PCP accepts, modifies or declines each one. Every read passes the access policy and
 * every change is audited.
 */
@Component
public class CaseReviews {

    /**
     * New enrolments stay on the review list for 4 weeks until reviewed: the first follow-up is due within 4 weeks of
     * enrolment (Bao et al. 2015, facts.md "Measurement-based care"), and the consultant sees each new patient
     * in that time.
     */
    public static final int NEW_ENROLMENT_WEEKS = 4;
    /** Who asks for a case review: the care manager (or BHC acting as one) and the PCP. */
    static final Set<Role> REQUESTERS = EnumSet.of(Role.CARE_MANAGER, Role.BHC, Role.PCP);
    static final int MAX_REASON = 2000;
    static final int MAX_TEXT = 4000;
    static final int MAX_SUMMARY = 10000;
    private static final String REVIEW = "CaseReview";
    private static final String REQUEST = "ReviewRequest";
    private static final String RECOMMENDATION = "Recommendation";

    private final TenantJdbc jdbc;
    private final Episodes episodes;
    private final TimeLog timeLog;
    private final Caseloads caseloads;
    private final Practices practices;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    CaseReviews(TenantJdbc jdbc, Episodes episodes, TimeLog timeLog, Caseloads caseloads, Practices practices,
            AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.episodes = episodes;
        this.timeLog = timeLog;
        this.caseloads = caseloads;
        this.practices = practices;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- requests

    /**
     * The care team asks the consultant to discuss a patient at the next case review.
     *
     * @throws InvalidRegistryData when the reason is missing or too long, or the episode is discharged; nothing is stored
     * @throws AccessDeniedException when the user is not the patient's care manager, BHC or PCP
     */
    @Transactional
    public ReviewRequest requestReview(UUID episodeId, String reason) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = Episodes.load(sql, episodeId);
        Actor actor = requireRole(sql, episode, Operation.CREATE, REQUESTERS,
                "Only the care manager, behavioral health clinician or PCP asks for a psychiatric case review");
        List<String> problems = new ArrayList<>();
        String text = Episodes.blankToNull(reason);
        if (text == null) {
            problems.add("Say what you would like the consultant to discuss (e.g. no response after 10 weeks of sertraline)");
        } else if (text.length() > MAX_REASON) {
            problems.add("The reason is longer than 2,000 characters");
        }
        if (!episode.status().open()) {
            problems.add("The episode was discharged on " + episode.dischargedOn() + "; a review is for patients in care");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("episode", episodeId);
        row.put("reason", text);
        row.put("now", utc(now));
        row.put("by", actor.name());
        sql.update("INSERT INTO registry_review_request (practice_id, id, episode_id, reason, status, requested_at, requested_by) "
                + "VALUES (:practiceId, :id, :episode, :reason, 'open', :now, :by)", row);
        audit.record(AuditEntry.patient(AuditAction.CREATE, episode.patient().value(), REQUEST, id.toString())
                .withDetail("review requested for episode " + episodeId));
        return new ReviewRequest(id, episodeId, text, ReviewRequest.Status.OPEN, now, actor.name(), null);
    }

    /**
     * Withdraws an open request (the patient no longer needs discussing).
     *
     * @throws InvalidRegistryData when the request was already discussed or withdrawn
     */
    @Transactional
    public ReviewRequest withdraw(UUID requestId) {
        TenantJdbc.Scoped sql = jdbc.current();
        ReviewRequest request = sql.queryOne("SELECT * FROM registry_review_request WHERE practice_id = :practiceId AND id = :id "
                + "FOR UPDATE", Map.of("id", requestId), CaseReviews::toRequest)
                .orElseThrow(() -> new PatientNotFound("Review request " + requestId));
        Episode episode = Episodes.load(sql, request.episode());
        requireRole(sql, episode, Operation.UPDATE, REQUESTERS,
                "Only the care manager, behavioral health clinician or PCP withdraws a request for a case review");
        if (!request.open()) {
            throw new InvalidRegistryData("This request was already " + request.status().code() + " on "
                    + LocalDate.ofInstant(request.closedAt(), zone(sql)));
        }
        Instant now = clock.instant();
        sql.update("UPDATE registry_review_request SET status = 'withdrawn', closed_at = :now WHERE practice_id = :practiceId "
                + "AND id = :id", Map.of("id", requestId, "now", utc(now)));
        audit.record(AuditEntry.patient(AuditAction.UPDATE, episode.patient().value(), REQUEST, requestId.toString())
                .withDetail("withdrawn"));
        return new ReviewRequest(request.id(), request.episode(), request.reason(), ReviewRequest.Status.WITHDRAWN,
                request.requestedAt(), request.requestedBy(), now);
    }

    /** The requests to discuss an episode's patient, newest first (access policy and audit apply). */
    @Transactional
    public List<ReviewRequest> requests(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = readable(sql, episodeId);
        List<ReviewRequest> requests = requests(sql, episodeId);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), REQUEST, null)
                .withDetail(requests.size() + " requests of episode " + episodeId));
        return requests;
    }

    // ---------------------------------------------------------------- the weekly list

    /** The Monday of the week a day falls in: review weeks run Monday to Sunday. */
    public static LocalDate weekStart(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /**
     * The consultant's review list for the week (Monday to Sunday) of a day, most urgent first: a new safety signal,
     * then patients the care team asked to discuss (requests open during the week, or discussed in it), then patients
     * not improved at week 8-12, then worsening, then new enrolments not yet reviewed, then other caseload flags. Within a
     * priority, patients with more reasons come first, then those longest in treatment. Patients discussed during the
     * week stay on its list, marked as reviewed. Discharged episodes are left out. The flags are the caseload's
     * ({@link Caseloads}, {@link TreatToTarget}) as of today, also for another week. Recorded in the audit trail as the
     * caseload's searches plus one search of the review list.
     *
     * @param weekOf any day of the week (null: this week in the practice's time zone)
     */
    @Transactional
    public List<ReviewItem> reviewList(LocalDate weekOf) {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        ZoneId zone = zone(sql);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate start = weekStart(weekOf == null ? today : weekOf);
        Map<UUID, CaseloadRow> rows = new HashMap<>();
        for (CaseloadRow row : caseloads.of(null, CaseloadFilter.ALL)) {
            rows.put(row.episodeId(), row);
        }
        List<Episode> open = sql.query("SELECT * FROM registry_episode WHERE practice_id = :practiceId AND status <> 'discharged'",
                Map.of(), Episodes::toEpisode);
        List<ReviewItem> items = items(sql, open, rows, start, zone, today);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, REVIEW, null, AuditOutcome.SUCCESS,
                items.size() + " patients on the review list of the week of " + start));
        return items;
    }

    private List<ReviewItem> items(TenantJdbc.Scoped sql, List<Episode> open, Map<UUID, CaseloadRow> rows, LocalDate start, ZoneId zone,
            LocalDate today) {
        LocalDate end = start.plusDays(6);
        Map<String, Object> week = new HashMap<>();
        week.put("start", start);
        week.put("end", end);
        week.put("startAt", utc(start.atStartOfDay(zone).toInstant()));
        week.put("nextAt", utc(start.plusDays(7).atStartOfDay(zone).toInstant()));
        Map<UUID, List<ReviewRequest>> requests = new HashMap<>();
        for (ReviewRequest r : sql.query("SELECT * FROM registry_review_request WHERE practice_id = :practiceId "
                + "AND requested_at < :nextAt AND (status = 'open' OR (status = 'discussed' AND closed_at >= :startAt)) "
                + "ORDER BY requested_at", week, CaseReviews::toRequest)) {
            requests.computeIfAbsent(r.episode(), k -> new ArrayList<>()).add(r);
        }
        Map<UUID, LocalDate> lastBefore = new HashMap<>();
        Map<UUID, LocalDate> lastInWeek = new HashMap<>();
        sql.query("SELECT episode_id, MAX(CASE WHEN reviewed_on < :start THEN reviewed_on END) AS before_week, "
                + "MAX(CASE WHEN reviewed_on >= :start THEN reviewed_on END) AS in_week FROM registry_case_review "
                + "WHERE practice_id = :practiceId AND reviewed_on <= :end GROUP BY episode_id", week, (rs, n) -> {
                    UUID episode = rs.getObject("episode_id", UUID.class);
                    LocalDate before = rs.getObject("before_week", LocalDate.class);
                    LocalDate in = rs.getObject("in_week", LocalDate.class);
                    if (before != null) {
                        lastBefore.put(episode, before);
                    }
                    if (in != null) {
                        lastInWeek.put(episode, in);
                    }
                    return null;
                });
        LocalDate asOf = end.isBefore(today) ? end : today;
        List<ReviewItem> items = new ArrayList<>();
        for (Episode episode : open) {
            CaseloadRow row = rows.get(episode.id());
            List<ReviewReason> reasons = new ArrayList<>();
            if (row != null) {
                row.reasons().forEach(reason -> reasons.add(ReviewReason.flagged(reason)));
            }
            List<ReviewRequest> asked = requests.getOrDefault(episode.id(), List.of());
            for (ReviewRequest request : asked) {
                reasons.add(ReviewReason.requested(request.reason()));
            }
            LocalDate before = lastBefore.get(episode.id());
            if (newEnrolment(episode, before, end)) {
                reasons.add(ReviewReason.of(ReviewReason.Kind.NEW_ENROLMENT));
            }
            if (reasons.isEmpty()) {
                continue;
            }
            reasons.sort(Comparator.comparing(ReviewReason::kind));
            LocalDate inWeek = lastInWeek.get(episode.id());
            items.add(new ReviewItem(episode, row, reasons, asked, Math.max(0, ChronoUnit.WEEKS.between(episode.startOn(), asOf)),
                    inWeek != null ? inWeek : before, inWeek != null));
        }
        items.sort(Comparator.comparing(ReviewItem::priority)
                .thenComparing(Comparator.comparingInt((ReviewItem i) -> i.reasons().size()).reversed())
                .thenComparing(i -> i.episode().startOn())
                .thenComparing(i -> i.episode().id()));
        return items;
    }

    /** Enrolled in the {@value #NEW_ENROLMENT_WEEKS} weeks up to the end of the week, and not reviewed since before the week. */
    static boolean newEnrolment(Episode episode, LocalDate lastReviewBeforeWeek, LocalDate weekEnd) {
        LocalDate enrolled = episode.enrolledOn();
        return enrolled != null && !enrolled.isAfter(weekEnd) && enrolled.isAfter(weekEnd.minusWeeks(NEW_ENROLMENT_WEEKS))
                && (lastReviewBeforeWeek == null || lastReviewBeforeWeek.isBefore(enrolled));
    }

    // ---------------------------------------------------------------- prep

    /**
     * The one-screen summary the consultant reads before discussing a patient: the caseload row (weeks in treatment,
     * PHQ-9 and GAD-7 trajectory with baseline, latest, response and remission, flags), the current treatment, earlier
     * reviews with what became of each recommendation, the contacts and the open requests with their reasons. Access
     * policy and audit apply (each part is read through its own facade).
     */
    @Transactional
    public ReviewPrep prep(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = readable(sql, episodeId);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), REVIEW, null)
                .withDetail("case review summary of episode " + episodeId));
        ZoneId zone = zone(sql);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        CaseloadRow row = caseloads.row(episodeId);
        List<TimeEntry> contacts = timeLog.of(episodeId).stream().filter(TimeEntry::patientContact).toList();
        List<ReviewRequest> open = requests(sql, episodeId).stream().filter(ReviewRequest::open)
                .sorted(Comparator.comparing(ReviewRequest::requestedAt)).toList();
        List<ReviewReason> reasons = episode.status().open()
                ? items(sql, List.of(episode), Map.of(episodeId, row), weekStart(today), zone, today).stream().findFirst()
                        .map(ReviewItem::reasons).orElse(List.of())
                : List.of();
        return new ReviewPrep(episode, row, Math.max(0, ChronoUnit.WEEKS.between(episode.startOn(), today)), reasons,
                episodes.treatmentChanges(episodeId), reviews(sql, episodeId), contacts, open);
    }

    // ---------------------------------------------------------------- recording a review

    /** Records a case review with no time logged; see {@link #recordReview(UUID, String, List, Integer)}. */
    @Transactional
    public CaseReview recordReview(UUID episodeId, String summary, List<RecommendationInput> recommendations) {
        return recordReview(episodeId, summary, recommendations, null);
    }

    /**
     * Records the consultant's review of a patient: a summary and any number of recommendations, each addressed to the
     * episode's PCP (or, when the episode has none, to any PCP of the practice). The care team's open requests to
     * discuss the patient are closed as discussed, and the minutes, if given, are logged as case-review time without
     * patient contact.
     *
     * @param minutes time spent on the review, or null to log none
     * @throws AccessDeniedException when the user is not a psychiatric consultant
     * @throws InvalidRegistryData when a recommendation has no kind or no text, neither a summary nor a recommendation is
     *         given, the minutes are out of range, or the episode is discharged; nothing is stored then
     */
    @Transactional
    public CaseReview recordReview(UUID episodeId, String summary, List<RecommendationInput> recommendations, Integer minutes) {
        return recordReview(episodeId, summary, recommendations, minutes, null);
    }

    /**
     * Records a case review held on an earlier day (a weekly review documented afterwards); see
     * {@link #recordReview(UUID, String, List, Integer)}.
     *
     * @param heldOn the day of the review, or null for today; not in the future and not before the episode began
     */
    @Transactional
    public CaseReview recordReview(UUID episodeId, String summary, List<RecommendationInput> recommendations, Integer minutes,
            LocalDate heldOn) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = Episodes.load(sql, episodeId);
        Actor actor = requireRole(sql, episode, Operation.CREATE, EnumSet.of(Role.PSYCHIATRIC_CONSULTANT),
                "Only a psychiatric consultant records a case review");
        List<RecommendationInput> items = recommendations == null ? List.of() : recommendations;
        List<String> problems = new ArrayList<>();
        String text = Episodes.blankToNull(summary);
        if (text != null && text.length() > MAX_SUMMARY) {
            problems.add("The summary is longer than 10,000 characters");
        }
        for (int i = 0; i < items.size(); i++) {
            RecommendationInput item = items.get(i);
            String label = items.size() == 1 ? "The recommendation" : "Recommendation " + (i + 1);
            if (item == null || item.kind() == null) {
                problems.add(label + ": choose what it is about (medication, therapy, referral, diagnosis question or other)");
            }
            String body = item == null ? null : Episodes.blankToNull(item.text());
            if (body == null) {
                problems.add(label + ": write the recommendation for the PCP");
            } else if (body.length() > MAX_TEXT) {
                problems.add(label + " is longer than 4,000 characters");
            }
        }
        if (text == null && items.isEmpty()) {
            problems.add("Write a summary of the review or at least one recommendation");
        }
        if (minutes != null && (minutes < 1 || minutes > TimeLog.MAX_MINUTES)) {
            problems.add("Minutes must be between 1 and " + TimeLog.MAX_MINUTES);
        }
        if (!episode.status().open()) {
            problems.add("The episode was discharged on " + episode.dischargedOn() + "; reviews are for patients in care");
        }
        ZoneId zone = zone(sql);
        Instant now = clock.instant();
        LocalDate documentedOn = LocalDate.ofInstant(now, zone);
        LocalDate today = heldOn == null ? documentedOn : heldOn;
        if (today.isAfter(documentedOn)) {
            problems.add("The review cannot be dated in the future");
        } else if (today.isBefore(episode.referredOn())) {
            problems.add("The review cannot be dated before the episode began on " + episode.referredOn());
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        UUID reviewId = UUID.randomUUID();
        UUID consultantId = actor.kind() == Actor.Kind.USER ? parse(actor.id()) : null;
        Map<String, Object> row = new HashMap<>();
        row.put("id", reviewId);
        row.put("episode", episodeId);
        row.put("now", utc(now));
        row.put("today", today);
        row.put("consultantId", consultantId);
        row.put("consultant", actor.name());
        row.put("summary", text);
        sql.update("INSERT INTO registry_case_review (practice_id, id, episode_id, reviewed_at, reviewed_on, consultant_id, consultant, "
                + "summary) VALUES (:practiceId, :id, :episode, :now, :today, :consultantId, :consultant, :summary)", row);
        List<AuditEntry> entries = new ArrayList<>();
        entries.add(AuditEntry.patient(AuditAction.CREATE, episode.patient().value(), REVIEW, reviewId.toString())
                .withDetail(items.size() + " recommendations"));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Recommendation> made = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            RecommendationInput item = items.get(i);
            UUID id = UUID.randomUUID();
            Map<String, Object> r = new HashMap<>();
            r.put("id", id);
            r.put("episode", episodeId);
            r.put("review", reviewId);
            r.put("patient", episode.patient().value());
            r.put("kind", item.kind().code());
            r.put("text", item.text().trim());
            r.put("pcp", episode.pcp());
            r.put("now", utc(now));
            r.put("by", actor.name());
            r.put("position", i + 1);
            rows.add(r);
            made.add(new Recommendation(id, episodeId, reviewId, episode.patient(), item.kind(), item.text().trim(), episode.pcp(),
                    RecommendationStatus.PENDING, null, null, null, now, today, actor.name()));
            entries.add(AuditEntry.patient(AuditAction.CREATE, episode.patient().value(), RECOMMENDATION, id.toString())
                    .withDetail(item.kind().code() + (episode.pcp() == null ? " for any PCP" : " for PCP " + episode.pcp())));
        }
        if (!rows.isEmpty()) {
            sql.batchUpdate("INSERT INTO registry_recommendation (practice_id, id, episode_id, review_id, patient_id, kind, text, pcp_id, "
                    + "status, created_at, created_by, position) VALUES (:practiceId, :id, :episode, :review, :patient, :kind, :text, "
                    + ":pcp, 'pending', :now, :by, :position)", rows);
        }
        for (ReviewRequest request : requests(sql, episodeId)) {
            if (request.open()) {
                sql.update("UPDATE registry_review_request SET status = 'discussed', closed_at = :now WHERE practice_id = :practiceId "
                        + "AND id = :id AND status = 'open'", Map.of("id", request.id(), "now", utc(now)));
                entries.add(AuditEntry.patient(AuditAction.UPDATE, episode.patient().value(), REQUEST, request.id().toString())
                        .withDetail("discussed at case review " + reviewId));
            }
        }
        audit.recordAll(entries);
        if (minutes != null) {
            Instant started = today.equals(documentedOn) ? now.minusSeconds(60L * minutes)
                    : today.atTime(12, 0).atZone(zone).toInstant();
            timeLog.log(new TimeLogEntry(episodeId, started, minutes, ContactMode.NONE, Activity.CASE_REVIEW,
                    ClinicianRole.PSYCHIATRIC_CONSULTANT, "Psychiatric case review", null));
        }
        return new CaseReview(reviewId, episodeId, now, today, consultantId, actor.name(), text, made);
    }

    /** The case reviews of an episode with their recommendations, newest first (access policy and audit apply). */
    @Transactional
    public List<CaseReview> reviews(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = readable(sql, episodeId);
        List<CaseReview> reviews = reviews(sql, episodeId);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), REVIEW, null)
                .withDetail(reviews.size() + " reviews of episode " + episodeId));
        return reviews;
    }

    // ---------------------------------------------------------------- the PCP's inbox

    /**
     * Recommendations waiting for a PCP's answer, oldest first: those addressed to the PCP, and those of episodes
     * without a PCP, which any PCP of the practice may answer. One search in the audit trail.
     */
    @Transactional
    public List<Recommendation> inbox(UUID pcp) {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        List<Recommendation> pending = sql.query(RECOMMENDATIONS + " AND r.status = 'pending' AND (r.pcp_id = :pcp OR r.pcp_id IS NULL) "
                + "ORDER BY r.created_at, r.review_id, r.position", pcp == null ? Map.of("pcp", new UUID(0, 0)) : Map.of("pcp", pcp),
                CaseReviews::toRecommendation);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, RECOMMENDATION, null, AuditOutcome.SUCCESS,
                pending.size() + " pending recommendations for PCP " + pcp));
        return pending;
    }

    /**
     * The PCP's answer to a recommendation: accept (with an optional note), modify (with the new text) or decline (with
     * the reason). Only the PCP it is addressed to answers it, or any PCP of the practice when it is addressed to
     * nobody. An answer is final.
     *
     * @throws AccessDeniedException when the user is not a PCP, or not the PCP it is addressed to
     * @throws RecommendationAlreadyAnswered when it has been answered already
     * @throws InvalidRegistryData when a modification has no text or a decline no reason; nothing is changed
     */
    @Transactional
    public Recommendation respond(UUID recommendationId, RecommendationAnswer answer, String text) {
        TenantJdbc.Scoped sql = jdbc.current();
        sql.queryOne("SELECT id FROM registry_recommendation WHERE practice_id = :practiceId AND id = :id FOR UPDATE",
                Map.of("id", recommendationId), (rs, n) -> rs.getObject(1, UUID.class))
                .orElseThrow(() -> new PatientNotFound("Recommendation " + recommendationId));
        Recommendation recommendation = recommendation(sql, recommendationId);
        Episode episode = Episodes.load(sql, recommendation.episode());
        Actor actor = requireRole(sql, episode, Operation.UPDATE, EnumSet.of(Role.PCP), "Only a PCP answers a psychiatric recommendation");
        if (recommendation.pcp() != null && !recommendation.pcp().toString().equals(actor.id())) {
            String refusal = "This recommendation is for " + practices.displayNames(List.of(recommendation.pcp()))
                    .getOrDefault(recommendation.pcp(), "the patient's PCP") + ", the patient's PCP";
            audit.recordIndependently(actor, new AuditEntry(AuditAction.UPDATE, episode.patient().value(), RECOMMENDATION,
                    recommendationId.toString(), AuditOutcome.DENIED, refusal));
            throw new AccessDeniedException(refusal);
        }
        if (!recommendation.pending()) {
            throw alreadyAnswered(sql, recommendation);
        }
        List<String> problems = new ArrayList<>();
        String note = Episodes.blankToNull(text);
        if (answer == null) {
            problems.add("Choose whether you accept, modify or decline the recommendation");
        } else if (answer == RecommendationAnswer.MODIFY && note == null) {
            problems.add("Write the recommendation as you will carry it out");
        } else if (answer == RecommendationAnswer.DECLINE && note == null) {
            problems.add("Give the reason for declining, so the consultant knows");
        }
        if (note != null && note.length() > MAX_TEXT) {
            problems.add("The text is longer than 4,000 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        Instant now = clock.instant();
        Map<String, Object> params = new HashMap<>();
        params.put("id", recommendationId);
        params.put("status", answer.status().code());
        params.put("text", note);
        params.put("now", utc(now));
        params.put("by", actor.name());
        int changed = sql.update("UPDATE registry_recommendation SET status = :status, response_text = :text, responded_at = :now, "
                + "responded_by = :by WHERE practice_id = :practiceId AND id = :id AND status = 'pending'", params);
        if (changed == 0) {
            throw alreadyAnswered(sql, recommendation(sql, recommendationId));
        }
        audit.record(AuditEntry.patient(AuditAction.UPDATE, episode.patient().value(), RECOMMENDATION, recommendationId.toString())
                .withDetail(answer.status().code()));
        return recommendation(sql, recommendationId);
    }

    /**
     * An episode's recommendations with what became of them (each carries its status history), newest first. Access
     * policy and audit apply.
     */
    @Transactional
    public List<Recommendation> recommendations(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = readable(sql, episodeId);
        List<Recommendation> list = recommendationsOf(sql, episodeId);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), RECOMMENDATION, null)
                .withDetail(list.size() + " recommendations of episode " + episodeId));
        return list;
    }

    /** One recommendation (access policy and audit apply). */
    @Transactional
    public Recommendation recommendation(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Recommendation recommendation = recommendation(sql, id);
        policy.require(sql.practiceId(), recommendation.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, recommendation.patient().value(), RECOMMENDATION, id.toString()));
        return recommendation;
    }

    // ---------------------------------------------------------------- helpers (callers have passed the access policy)

    private static final String RECOMMENDATIONS = "SELECT r.*, c.reviewed_on, c.consultant FROM registry_recommendation r "
            + "JOIN registry_case_review c ON c.practice_id = r.practice_id AND c.id = r.review_id WHERE r.practice_id = :practiceId";

    private static Recommendation recommendation(TenantJdbc.Scoped sql, UUID id) {
        return sql.queryOne(RECOMMENDATIONS + " AND r.id = :id", Map.of("id", id), CaseReviews::toRecommendation)
                .orElseThrow(() -> new PatientNotFound("Recommendation " + id));
    }

    private static List<Recommendation> recommendationsOf(TenantJdbc.Scoped sql, UUID episodeId) {
        return sql.query(RECOMMENDATIONS + " AND r.episode_id = :episode ORDER BY r.created_at DESC, r.review_id, r.position", Map.of("episode", episodeId),
                CaseReviews::toRecommendation);
    }

    private static List<CaseReview> reviews(TenantJdbc.Scoped sql, UUID episodeId) {
        Map<UUID, List<Recommendation>> byReview = new HashMap<>();
        for (Recommendation r : recommendationsOf(sql, episodeId)) {
            byReview.computeIfAbsent(r.review(), k -> new ArrayList<>()).add(r);
        }
        return sql.query("SELECT * FROM registry_case_review WHERE practice_id = :practiceId AND episode_id = :episode "
                + "ORDER BY reviewed_at DESC, id", Map.of("episode", episodeId), (rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new CaseReview(id, episodeId, rs.getObject("reviewed_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("reviewed_on", LocalDate.class), rs.getObject("consultant_id", UUID.class),
                            rs.getString("consultant"), rs.getString("summary"), byReview.getOrDefault(id, List.of()));
                });
    }

    private static List<ReviewRequest> requests(TenantJdbc.Scoped sql, UUID episodeId) {
        return sql.query("SELECT * FROM registry_review_request WHERE practice_id = :practiceId AND episode_id = :episode "
                + "ORDER BY requested_at DESC, id", Map.of("episode", episodeId), CaseReviews::toRequest);
    }

    private RecommendationAlreadyAnswered alreadyAnswered(TenantJdbc.Scoped sql, Recommendation recommendation) {
        return new RecommendationAlreadyAnswered(recommendation.status(), recommendation.respondedBy(), recommendation.respondedAt(),
                LocalDate.ofInstant(recommendation.respondedAt(), zone(sql)));
    }

    private Episode readable(TenantJdbc.Scoped sql, UUID episodeId) {
        Episode episode = Episodes.load(sql, episodeId);
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.READ);
        return episode;
    }

    /** The access policy first, then the team role the step needs; a refusal is audited and raised. */
    private Actor requireRole(TenantJdbc.Scoped sql, Episode episode, Operation operation, Set<Role> roles, String refusal) {
        Actor actor = policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, operation);
        if (!actor.hasAnyRole(roles)) {
            audit.recordIndependently(actor, new AuditEntry(operation == Operation.CREATE ? AuditAction.CREATE : AuditAction.UPDATE,
                    episode.patient().value(), REVIEW, episode.id().toString(), AuditOutcome.DENIED, refusal));
            throw new AccessDeniedException(refusal);
        }
        return actor;
    }

    private ZoneId zone(TenantJdbc.Scoped sql) {
        return practices.zoneOf(sql.practiceId());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ReviewRequest toRequest(ResultSet rs, int n) throws SQLException {
        OffsetDateTime closed = rs.getObject("closed_at", OffsetDateTime.class);
        return new ReviewRequest(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class), rs.getString("reason"),
                ReviewRequest.Status.of(rs.getString("status")), rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                rs.getString("requested_by"), closed == null ? null : closed.toInstant());
    }

    static Recommendation toRecommendation(ResultSet rs, int n) throws SQLException {
        OffsetDateTime responded = rs.getObject("responded_at", OffsetDateTime.class);
        return new Recommendation(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                rs.getObject("review_id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                RecommendationKind.of(rs.getString("kind")), rs.getString("text"), rs.getObject("pcp_id", UUID.class),
                RecommendationStatus.of(rs.getString("status")), rs.getString("response_text"),
                responded == null ? null : responded.toInstant(), rs.getString("responded_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("reviewed_on", LocalDate.class),
                rs.getString("consultant"));
    }
}
