package org.tandem.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.screening.Instrument;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;

/**
 * A contact with the patient together with the measurements taken in it (PHQ-9, GAD-7 read out by the care manager):
 * the measurements are scored and stored as staff-entered screenings (so they raise safety alerts like any screening
 * and reach the chart and FHIR), and the time is logged with the first measurement's response, all in one
 * transaction: either everything is stored or nothing is.
 */
@Component
public class Contacts {

    private final Episodes episodes;
    private final TimeLog timeLog;
    private final Screenings screenings;
    private final RegistryResults results;
    private final TenantJdbc jdbc;
    private final Practices practices;
    private final CurrentActor actors;
    private final Clock clock;

    Contacts(Episodes episodes, TimeLog timeLog, Screenings screenings, RegistryResults results, TenantJdbc jdbc,
            Practices practices, CurrentActor actors, Clock clock) {
        this.episodes = episodes;
        this.timeLog = timeLog;
        this.screenings = screenings;
        this.results = results;
        this.jdbc = jdbc;
        this.practices = practices;
        this.actors = actors;
        this.clock = clock;
    }

    /** What logging a contact stored: the time entry and the measurements (each may have raised a safety alert). */
    public record Logged(TimeEntry entry, List<ScreeningResult> measurements) {

        public List<UUID> alerts() {
            return measurements.stream().map(ScreeningResult::alert).flatMap(Optional::stream).toList();
        }
    }

    /**
     * Logs a contact and stores its measurements. The measurements of one contact share a sitting and the time they
     * were taken (the end of the contact); the time entry refers to the first. A measurement the episode's care
     * manager takes is marked reviewed in the queue of new results: they saw it as they entered it.
     *
     * @throws InvalidRegistryData when the contact or a measurement breaks a rule; nothing is stored then
     */
    @Transactional
    public Logged log(ContactEntry entry) {
        if (entry.episode() == null) {
            throw new InvalidRegistryData("Time is logged on an episode of care");
        }
        Episode episode = episodes.get(entry.episode());
        Map<String, Map<String, org.tandem.screening.Answer>> answers = new java.util.LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String id : List.of(Instruments.PHQ_9, Instruments.GAD_7)) {
            if (entry.measurements().containsKey(id)) {
                answers.put(id, answers(id, entry.measurements().get(id), problems));
            }
        }
        for (String id : entry.measurements().keySet()) {
            if (!answers.containsKey(id)) {
                problems.add("Only the PHQ-9 and the GAD-7 are taken during a contact, not '" + id + "'");
            }
        }
        ZoneId zone = practices.zoneOf(jdbc.current().practiceId());
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant startedAt = null;
        Instant measuredAt = now;
        if (entry.on() != null && entry.on().isAfter(today)) {
            problems.add("The contact cannot be dated in the future");
        } else if (entry.on() != null && entry.on().isBefore(today)) {
            startedAt = entry.on().atTime(LocalTime.NOON).atZone(zone).toInstant();
            measuredAt = startedAt.plusSeconds(60L * Math.max(0, entry.minutes()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        UUID sitting = answers.isEmpty() ? null : UUID.randomUUID();
        List<ScreeningResult> stored = new ArrayList<>();
        for (Map.Entry<String, Map<String, org.tandem.screening.Answer>> measure : answers.entrySet()) {
            stored.add(screenings.submit(new ScreeningSubmission(null, episode.patient(), null, sitting, measure.getKey(),
                    measure.getValue(), ScreeningSubmission.Mode.STAFF, entry.language(), measuredAt)));
        }
        UUID response = stored.isEmpty() ? null : stored.get(0).response().id();
        TimeEntry logged = timeLog.log(new TimeLogEntry(episode.id(), startedAt, entry.minutes(), entry.mode(), entry.activity(),
                null, entry.note(), response));
        Actor actor = actors.require();
        if (episode.careManager() != null && episode.careManager().toString().equals(actor.id())) {
            for (ScreeningResult result : stored) {
                if (queued(result.response().id())) {
                    results.markReviewed(result.response().id());
                }
            }
        }
        return new Logged(logged, List.copyOf(stored));
    }

    /** The answers that score the given item points; every item answered with 0-3. */
    private static Map<String, org.tandem.screening.Answer> answers(String id, List<Integer> scores, List<String> problems) {
        Instrument instrument = Instruments.find(id).orElseThrow();
        int items = instrument.items().size();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            Integer score = scores == null || i >= scores.size() ? null : scores.get(i);
            if (score == null || score < 0 || score > 3) {
                missing.add(i + 1);
            }
        }
        String name = id.toUpperCase(java.util.Locale.ROOT);
        if (scores != null && scores.size() > items) {
            problems.add(name + " has " + items + " questions, not " + scores.size());
            return Map.of();
        }
        if (!missing.isEmpty()) {
            problems.add(name + ": answer every question with 0 to 3 (not answered: " + join(missing) + ")");
            return Map.of();
        }
        int[] points = scores.stream().mapToInt(Integer::intValue).toArray();
        try {
            return instrument.answersScoring(points);
        } catch (org.tandem.screening.InvalidResponse e) {
            problems.addAll(e.problems());
            return Map.of();
        }
    }

    private boolean queued(UUID response) {
        return jdbc.current().queryValue("SELECT COUNT(*) FROM registry_result WHERE practice_id = :practiceId AND response_id = :id "
                + "AND reviewed_at IS NULL", Map.of("id", response), Integer.class) > 0;
    }

    private static String join(List<Integer> numbers) {
        return String.join(", ", numbers.stream().map(String::valueOf).toList());
    }
}
