package org.tandem.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;
import org.tandem.screening.Answer;
import org.tandem.screening.Questionnaires;
import org.tandem.screening.ScreeningEvent;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;

/**
 * Measurement between visits through secure single-use links. The care manager sends a link now, or the scheduler
 * sends one when an episode's cadence is due; the patient opens it without signing in, answers the plan's
 * questionnaires, and the answers are stored like any screening (results queue, safety alerts) by a patient actor
 * that may only add to their own record. The token is 32 random bytes; only its SHA-256 hash is stored. The message
 * holds no patient data, and a link that cannot be sent is kept as failed with the reason, for the care team.
 */
@Component
public class HomeLinks {

    private static final Logger log = LoggerFactory.getLogger(HomeLinks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 32 bytes in base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /**
     * After a link failed to send, the scheduler waits this long before trying the episode again, so that an outage of
     * the mail server does not add a failed link every hour. "Send link now" is not held back.
     */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofHours(24);
    static final String RESOURCE = "HomeLink";

    private final TenantJdbc jdbc;
    private final Patients patients;
    private final Practices practices;
    private final Screenings screenings;
    private final Questionnaires questionnaires;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final CurrentActor actors;
    private final Clock clock;
    private final Map<LinkChannel, LinkSender> senders = new EnumMap<>(LinkChannel.class);
    private final TransactionTemplate transaction;
    private final String baseUrl;

    HomeLinks(TenantJdbc jdbc, Patients patients, Practices practices, Screenings screenings, Questionnaires questionnaires,
            AccessPolicy policy, AuditTrail audit, CurrentActor actors, Clock clock, List<LinkSender> senders,
            PlatformTransactionManager transactions, @Value("${tandem.home-links.base-url:http://localhost:8080}") String baseUrl) {
        this.jdbc = jdbc;
        this.patients = patients;
        this.practices = practices;
        this.screenings = screenings;
        this.questionnaires = questionnaires;
        this.policy = policy;
        this.audit = audit;
        this.actors = actors;
        this.clock = clock;
        // ordered: a deployment's sender ordered before the built-in one replaces it
        for (LinkSender sender : senders) {
            this.senders.putIfAbsent(sender.channel(), sender);
        }
        this.transaction = new TransactionTemplate(transactions);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * Sends the patient a new link now (the care manager's "send link now"). When it was sent, older links of the
     * episode that are still open stop working, so only the newest one does. A link that could not be sent is kept
     * as failed with the reason; that is not an error.
     *
     * @throws InvalidRegistryData when the episode is not on the caseload, home measurement is off, the plan has no
     *         address, or no measure of the plan can be answered at home; nothing is stored then
     */
    @Transactional
    public HomeLink issue(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = Episodes.load(sql, episodeId);
        Actor actor = policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.CREATE);
        List<String> problems = new ArrayList<>();
        if (!episode.status().onCaseload()) {
            problems.add("Links go to patients on the caseload (enrolled, active treatment or relapse prevention); this episode is "
                    + episode.status().code().replace('-', ' '));
        }
        if (!episode.homeMeasurement()) {
            problems.add("Home measurement is off for this episode; turn it on in the measurement plan first");
        } else if (episode.homeEmail() == null && episode.homePhone() == null) {
            problems.add("The plan has no e-mail address or mobile number for the patient");
        }
        List<String> instruments = usableInstruments(episode);
        if (instruments.isEmpty()) {
            problems.add("None of the plan's measures (" + String.join(", ", episode.instruments())
                    + ") can be answered at home in this practice");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        PatientRecord patient = patients.get(episode.patient());
        return create(sql, actor, episode, instruments, locale(patient.preferredLanguage()));
    }

    /** The episode's links, newest first (access policy and audit apply). */
    @Transactional
    public List<HomeLink> linksOf(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = Episodes.load(sql, episodeId);
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.READ);
        List<HomeLink> links = sql.query("SELECT * FROM registry_home_link WHERE practice_id = :practiceId AND episode_id = :episode "
                + "ORDER BY created_at DESC, id", Map.of("episode", episodeId), mapper(clock.instant()));
        audit.record(new AuditEntry(AuditAction.READ, episode.patient().value(), RESOURCE, null, AuditOutcome.SUCCESS,
                links.size() + " links of episode " + episodeId));
        return links;
    }

    /**
     * Sends links for every episode of the current practice that is due (for the scheduler, run as a system actor):
     * home measurement on, active treatment or relapse prevention, no completed measurement of a plan instrument
     * within the episode's cadence ({@link Episode#cadenceDays()}), no sent link still open, and no link that failed
     * within {@link #RETRY_AFTER_FAILURE}. Marks sent links past their expiry as expired. Each link is made in its own
     * transaction, so one failure does not hold back the others.
     *
     * @return the links made, sent or failed
     */
    public List<HomeLink> issueDue() {
        Actor actor = actors.require();
        List<Due> due = transaction.execute(status -> dueNow());
        List<HomeLink> issued = new ArrayList<>();
        for (Due d : due == null ? List.<Due>of() : due) {
            try {
                issued.add(transaction.execute(status -> create(jdbc.current(), actor, d.episode(), d.instruments(), d.locale())));
            } catch (RuntimeException e) {
                log.error("The home measurement link for episode {} could not be made", d.episode().id(), e);
            }
        }
        return issued;
    }

    record Due(Episode episode, List<String> instruments, Locale locale) {
    }

    private List<Due> dueNow() {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        Instant now = clock.instant();
        OffsetDateTime nowUtc = utc(now);
        int expired = sql.update("UPDATE registry_home_link SET status = 'expired' WHERE practice_id = :practiceId AND status = 'sent' "
                + "AND expires_at <= :now", Map.of("now", nowUtc));
        if (expired > 0) {
            log.info("{} home measurement links of practice {} expired unused", expired, sql.practiceId());
        }
        List<Episode> episodes = sql.query("SELECT * FROM registry_episode WHERE practice_id = :practiceId AND home_measurement = TRUE "
                + "AND status IN ('active', 'relapse-prevention') ORDER BY id", Map.of(), Episodes::toEpisode);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, Episodes.RESOURCE, null, AuditOutcome.SUCCESS,
                episodes.size() + " episodes with home measurement, checked for due links"));
        if (episodes.isEmpty()) {
            return List.of();
        }
        Set<UUID> waiting = new HashSet<>(sql.query("SELECT DISTINCT episode_id FROM registry_home_link WHERE practice_id = :practiceId "
                + "AND ((status = 'sent' AND used_at IS NULL AND expires_at > :now) OR (status = 'failed' AND created_at > :retry))",
                Map.of("now", nowUtc, "retry", utc(now.minus(RETRY_AFTER_FAILURE))), (rs, n) -> rs.getObject(1, UUID.class)));
        List<Episode> open = episodes.stream().filter(e -> !waiting.contains(e.id()))
                .filter(e -> e.homeEmail() != null || e.homePhone() != null).toList();
        if (open.isEmpty()) {
            return List.of();
        }
        int longest = open.stream().mapToInt(Episode::cadenceDays).max().orElse(0);
        Map<PatientId, List<ScreeningEvent>> history = screenings.population(open.stream().map(Episode::patient).toList(),
                now.minus(longest, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS));
        List<Episode> dueEpisodes = new ArrayList<>();
        for (Episode episode : open) {
            Instant since = now.minus(episode.cadenceDays(), ChronoUnit.DAYS);
            boolean measured = history.getOrDefault(episode.patient(), List.of()).stream()
                    .anyMatch(e -> e.complete() && episode.instruments().contains(e.instrument()) && e.at().isAfter(since));
            if (!measured) {
                dueEpisodes.add(episode);
            }
        }
        if (dueEpisodes.isEmpty()) {
            return List.of();
        }
        Map<PatientId, PatientRecord> records = patients.byIds(dueEpisodes.stream().map(Episode::patient).toList());
        List<Due> due = new ArrayList<>();
        for (Episode episode : dueEpisodes) {
            List<String> instruments = usableInstruments(episode);
            PatientRecord patient = records.get(episode.patient());
            if (instruments.isEmpty() || patient == null) {
                log.warn("Episode {} is due for a home measurement link, but none of its measures {} can be answered at home",
                        episode.id(), episode.instruments());
                continue;
            }
            due.add(new Due(episode, instruments, locale(patient.preferredLanguage())));
        }
        return due;
    }

    private HomeLink create(TenantJdbc.Scoped sql, Actor actor, Episode episode, List<String> instruments, Locale locale) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(RegistrySettings.of(sql).linkExpiryHours(), ChronoUnit.HOURS);
        LinkChannel channel = episode.homeEmail() != null ? LinkChannel.EMAIL : LinkChannel.SMS;
        String to = channel == LinkChannel.EMAIL ? episode.homeEmail() : episode.homePhone();
        String token = newToken();
        UUID id = UUID.randomUUID();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("episode", episode.id());
        row.put("patient", episode.patient().value());
        row.put("hash", hash(token));
        row.put("instruments", String.join(",", instruments));
        row.put("channel", channel.code());
        row.put("now", utc(now));
        row.put("expires", utc(expires));
        row.put("by", actor.name());
        sql.update("INSERT INTO registry_home_link (practice_id, id, episode_id, patient_id, token_hash, instruments, channel, status, "
                + "created_at, expires_at, created_by) VALUES (:practiceId, :id, :episode, :patient, :hash, :instruments, :channel, "
                + "'sent', :now, :expires, :by)", row);
        String failure = send(channel, new LinkMessage(to, link(token), expires.atZone(zone(sql)), locale));
        int revoked = 0;
        if (failure == null) {
            revoked = sql.update("UPDATE registry_home_link SET status = 'revoked' WHERE practice_id = :practiceId AND episode_id = :episode "
                    + "AND id <> :id AND status = 'sent' AND used_at IS NULL", Map.of("episode", episode.id(), "id", id));
        } else {
            sql.update("UPDATE registry_home_link SET status = 'failed', failure = :failure WHERE practice_id = :practiceId AND id = :id",
                    Map.of("id", id, "failure", failure.length() > 1000 ? failure.substring(0, 1000) : failure));
        }
        audit.record(actor, AuditEntry.patient(AuditAction.CREATE, episode.patient().value(), RESOURCE, id.toString())
                .withDetail(channel.code() + (failure == null ? " sent" : " failed: " + failure)
                        + (revoked == 0 ? "" : "; " + revoked + " earlier open link(s) revoked")));
        return sql.queryOne("SELECT * FROM registry_home_link WHERE practice_id = :practiceId AND id = :id", Map.of("id", id),
                mapper(clock.instant())).orElseThrow();
    }

    /** Sends the message; returns why it failed, or null when it was sent. */
    private String send(LinkChannel channel, LinkMessage message) {
        LinkSender sender = senders.get(channel);
        if (sender == null) {
            return "Tandem has no sender for " + channel.code() + " links";
        }
        try {
            sender.send(message);
            return null;
        } catch (LinkNotSent e) {
            log.warn("A home measurement link was not sent by {}: {}", channel.code(), e.getMessage());
            return e.getMessage();
        } catch (RuntimeException e) {
            log.warn("A home measurement link was not sent by {}", channel.code(), e);
            return "The link could not be sent: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    // ---- the patient's side: no sign-in, the token is the key ----

    /**
     * The link a token opens, while it can still be answered (sent, not used, not expired), or empty: an unknown,
     * used, expired, failed or replaced link all look the same. Reads the patient's language as the patient actor.
     */
    @Transactional
    Optional<HomeVisit> open(String token, String address) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        String hash = hash(token);
        Instant now = clock.instant();
        for (PracticeId practice : practices.allIds()) {
            Optional<HomeLink> found = jdbc.forPractice(practice).queryOne("SELECT * FROM registry_home_link WHERE practice_id = :practiceId "
                    + "AND token_hash = :hash", Map.of("hash", hash), mapper(now));
            if (found.isPresent()) {
                HomeLink link = found.get();
                if (link.status() != HomeLink.Status.SENT || link.usedAt() != null) {
                    return Optional.empty();
                }
                Actor patient = Actor.patient(link.patient().value(), practice, link.id().toString()).via(Channel.WEB, address);
                PatientRecord record = actors.runAs(patient, () -> patients.get(link.patient()));
                ZoneId zone = zone(jdbc.forPractice(practice));
                return Optional.of(new HomeVisit(link, patient, language(record.preferredLanguage()), zone));
            }
        }
        return Optional.empty();
    }

    /**
     * Stores the patient's answers to every instrument of the link as home responses and marks the link used, in one
     * transaction. The link is claimed first with a conditional update, so of two submissions at once only one is
     * stored; the other finds it used.
     *
     * @param answers answers by instrument id, then by item linkId; every instrument of the link must be complete
     * @throws LinkUnavailable when the link is unknown, used, expired or replaced; nothing is stored then
     * @throws InvalidRegistryData when an instrument is not complete; nothing is stored, the link stays open
     */
    @Transactional
    HomeAnswered answer(String token, String address, Map<String, Map<String, Answer>> answers, String language) {
        HomeVisit visit = open(token, address).orElseThrow(LinkUnavailable::new);
        HomeLink link = visit.link();
        return actors.runAs(visit.patient(), () -> {
            TenantJdbc.Scoped sql = jdbc.current();
            Instant now = clock.instant();
            int claimed = sql.update("UPDATE registry_home_link SET status = 'used', used_at = :now WHERE practice_id = :practiceId "
                    + "AND id = :id AND used_at IS NULL AND status = 'sent' AND expires_at > :now",
                    Map.of("id", link.id(), "now", utc(now)));
            if (claimed == 0) {
                throw new LinkUnavailable();
            }
            audit.record(AuditEntry.patient(AuditAction.UPDATE, link.patient().value(), RESOURCE, link.id().toString())
                    .withDetail("answered at home"));
            UUID sitting = UUID.randomUUID();
            List<UUID> responses = new ArrayList<>();
            boolean alert = false;
            for (String instrument : link.instruments()) {
                Map<String, Answer> given = answers.get(instrument);
                ScreeningResult result = screenings.submit(new ScreeningSubmission(null, link.patient(), null, sitting, instrument,
                        given == null ? Map.of() : given, ScreeningSubmission.Mode.HOME, "es".equals(language) ? "es" : "en", now));
                if (!result.score().complete()) {
                    throw new InvalidRegistryData("The " + instrument + " is not complete");
                }
                responses.add(result.response().id());
                alert |= result.alert().isPresent();
            }
            return new HomeAnswered(link.id(), List.copyOf(responses), alert);
        });
    }

    /** An open link and the patient actor that answers through it. */
    record HomeVisit(HomeLink link, Actor patient, String language, ZoneId zone) {
    }

    /** The answers were stored; {@code safetyAlert} says whether a safety rule fired (the page then shows crisis resources). */
    record HomeAnswered(UUID link, List<UUID> responses, boolean safetyAlert) {
    }

    /** The link cannot be answered (unknown, used, expired or replaced); pages do not say which. */
    static class LinkUnavailable extends RuntimeException {
        LinkUnavailable() {
            super("This link cannot be used");
        }
    }

    // ---- helpers ----

    private List<String> usableInstruments(Episode episode) {
        return episode.instruments().stream().filter(questionnaires::usable).toList();
    }

    private String link(String token) {
        return baseUrl + "/m/" + token;
    }

    private ZoneId zone(TenantJdbc.Scoped sql) {
        return practices.zoneOf(sql.practiceId());
    }

    static String language(String preferred) {
        return preferred != null && preferred.toLowerCase(Locale.ROOT).startsWith("es") ? "es" : "en";
    }

    private static Locale locale(String preferred) {
        return Locale.forLanguageTag(language(preferred));
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static org.springframework.jdbc.core.RowMapper<HomeLink> mapper(Instant now) {
        return (rs, n) -> toLink(rs, now);
    }

    static HomeLink toLink(ResultSet rs, Instant now) throws SQLException {
        OffsetDateTime used = rs.getObject("used_at", OffsetDateTime.class);
        Instant expires = rs.getObject("expires_at", OffsetDateTime.class).toInstant();
        HomeLink.Status status = HomeLink.Status.of(rs.getString("status"));
        if (status == HomeLink.Status.SENT && !expires.isAfter(now)) {
            status = HomeLink.Status.EXPIRED;
        }
        String instruments = rs.getString("instruments");
        return new HomeLink(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                new PatientId(rs.getObject("patient_id", UUID.class)),
                instruments == null || instruments.isBlank() ? List.of() : Arrays.asList(instruments.split(",")),
                LinkChannel.of(rs.getString("channel")), status, rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                expires, used == null ? null : used.toInstant(), rs.getString("failure"), rs.getString("created_by"));
    }
}
