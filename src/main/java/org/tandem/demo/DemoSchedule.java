package org.tandem.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.tandem.handoff.BriefIntervention;
import org.tandem.handoff.HandoffOutcome;
import org.tandem.handoff.HandoffReason;
import org.tandem.handoff.HandoffRecords;
import org.tandem.handoff.Urgency;
import org.tandem.patient.PatientId;
import org.tandem.scheduling.AppointmentSource;
import org.tandem.scheduling.Appointments;
import org.tandem.scheduling.BlockInput;
import org.tandem.scheduling.BlockKind;
import org.tandem.scheduling.Booking;
import org.tandem.scheduling.ScheduleTemplate;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Slot;
import org.tandem.scheduling.SlotStatus;
import org.tandem.scheduling.Templates;

/**
 * The demo practice's behavioral health schedule and its warm-handoff history: a weekly template for the two BHCs that
 * mixes counseling blocks, brief visits, open-access slots, admin time and the morning huddle (staggered so that one
 * of them is usually free), activated from today; return visits booked into part of the next two weeks' counseling
 * and brief slots; and six months of warm handoffs documented after the fact, asked for at the time of real positive
 * screens of the panel, taken quickly when a BHC was in open access or admin time and more slowly, or missed, when
 * both were with patients. Everything goes through the facades (templates, appointments, handoff records).
 */
final class DemoSchedule {

    /** Months of handoff history. */
    static final int HISTORY_WEEKS = 26;
    /** Share of the panel's positive screens at clinic hours that led to a warm handoff request. */
    static final double HANDOFF_SHARE = 0.55;
    /** Share of other primary care visits (weekdays, clinic hours) where the PCP asked for a handoff for another reason. */
    static final double VISIT_HANDOFF_SHARE = 0.03;
    /** Share of the next two weeks' counseling and brief slots booked with return visits. */
    static final double BOOKED_SHARE = 0.6;

    record Block(int day, String start, int minutes, BlockKind kind) {
    }

    /** The first BHC's day: open access late morning and early afternoon. */
    static final List<Block> FIRST = List.of(
            new Block(0, "08:00", 15, BlockKind.HUDDLE), new Block(0, "08:15", 30, BlockKind.BRIEF),
            new Block(0, "08:45", 60, BlockKind.COUNSELING), new Block(0, "09:45", 75, BlockKind.OPEN_ACCESS),
            new Block(0, "11:00", 60, BlockKind.COUNSELING), new Block(0, "12:00", 60, BlockKind.ADMIN),
            new Block(0, "13:00", 60, BlockKind.COUNSELING), new Block(0, "14:00", 60, BlockKind.OPEN_ACCESS),
            new Block(0, "15:00", 30, BlockKind.BRIEF), new Block(0, "15:30", 60, BlockKind.COUNSELING),
            new Block(0, "16:30", 30, BlockKind.ADMIN));
    /** The second BHC's day: open access first thing and late afternoon. */
    static final List<Block> SECOND = List.of(
            new Block(0, "08:00", 15, BlockKind.HUDDLE), new Block(0, "08:15", 60, BlockKind.OPEN_ACCESS),
            new Block(0, "09:15", 60, BlockKind.COUNSELING), new Block(0, "10:15", 30, BlockKind.BRIEF),
            new Block(0, "10:45", 60, BlockKind.COUNSELING), new Block(0, "11:45", 45, BlockKind.ADMIN),
            new Block(0, "12:30", 60, BlockKind.COUNSELING), new Block(0, "13:30", 30, BlockKind.BRIEF),
            new Block(0, "14:00", 60, BlockKind.COUNSELING), new Block(0, "15:00", 75, BlockKind.OPEN_ACCESS),
            new Block(0, "16:15", 45, BlockKind.ADMIN));

    private final Templates templates;
    private final Schedules schedules;
    private final Appointments appointments;
    private final HandoffRecords records;
    private final LocalDate today;
    private final ZoneId zone;
    int booked;
    int handoffs;
    int missed;

    DemoSchedule(Templates templates, Schedules schedules, Appointments appointments, HandoffRecords records, LocalDate today,
            ZoneId zone) {
        this.templates = templates;
        this.schedules = schedules;
        this.appointments = appointments;
        this.records = records;
        this.today = today;
        this.zone = zone;
    }

    /** Builds and activates the weekly template (as a practice admin). */
    ScheduleTemplate activateTemplate(List<UUID> bhcs) {
        List<BlockInput> blocks = new ArrayList<>();
        for (int i = 0; i < bhcs.size(); i++) {
            List<Block> day = i % 2 == 0 ? FIRST : SECOND;
            for (DayOfWeek weekday : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                    DayOfWeek.FRIDAY)) {
                for (Block block : day) {
                    blocks.add(new BlockInput(bhcs.get(i), weekday, LocalTime.parse(block.start()), block.minutes(), block.kind(),
                            block.kind() == BlockKind.OPEN_ACCESS ? 30 : null));
                }
            }
        }
        ScheduleTemplate draft = templates.create("Integrated week (open access staggered)", null);
        draft = templates.replaceBlocks(draft.id(), blocks, draft.version());
        return templates.activate(draft.id(), today, draft.version());
    }

    /** Books return visits for enrolled patients into part of the next two weeks' counseling and brief slots. */
    void bookReturnVisits(List<PatientId> patients, SplittableRandom random) {
        if (patients.isEmpty()) {
            return;
        }
        Instant from = today.plusDays(1).atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(15).atStartOfDay(zone).toInstant();
        int next = 0;
        java.util.Map<PatientId, List<Slot>> visits = new java.util.HashMap<>();
        for (Slot slot : schedules.slots(null, from, to)) {
            boolean bookable = slot.kind() == BlockKind.COUNSELING || slot.kind() == BlockKind.BRIEF;
            if (!bookable || slot.status() != SlotStatus.FREE || random.nextDouble() >= BOOKED_SHARE) {
                continue;
            }
            PatientId patient = patients.get(next++ % patients.size());
            List<Slot> theirs = visits.computeIfAbsent(patient, p -> new ArrayList<>());
            if (theirs.stream().anyMatch(v -> v.start().isBefore(slot.end()) && slot.start().isBefore(v.end()))) {
                continue; // a patient is not booked twice at the same time (Appointments would refuse it)
            }
            appointments.book(new Booking(patient, slot.id(), AppointmentSource.RETURN_VISIT,
                    slot.kind() == BlockKind.COUNSELING ? "Counseling (collaborative care)" : "Brief follow-up", null));
            theirs.add(slot);
            booked++;
        }
    }

    /**
     * Documents the handoff history: a share of the positive screens of the last {@link #HISTORY_WEEKS} weeks that fell
     * in clinic hours on weekdays led to a request a few minutes later, and a few other visits led to one for distress,
     * substance use, a new diagnosis or a medication question. Whether a BHC was free follows the template
     * (open access, admin time or an unbooked brief visit), so the metrics and the demand heatmap tell one story.
     */
    void documentHandoffs(List<DemoScreenings.EnrolmentCandidate> positives, List<SyntheticPatient> panel, List<UUID> pcps,
            List<UUID> bhcs, SplittableRandom random) {
        for (DemoScreenings.EnrolmentCandidate positive : positives) {
            if (random.nextDouble() < HANDOFF_SHARE) {
                document(positive.patient(), positive.authoredAt().plus(Duration.ofMinutes(3 + random.nextInt(10))), true, pcps,
                        bhcs, random);
            }
        }
        for (SyntheticPatient patient : panel) {
            for (SyntheticPatient.Visit visit : patient.visits()) {
                if (random.nextDouble() < VISIT_HANDOFF_SHARE) {
                    document(new PatientId(patient.id()), visit.start().plus(Duration.ofMinutes(10 + random.nextInt(16))), false,
                            pcps, bhcs, random);
                }
            }
        }
    }

    /** Documents one handoff when the request falls on a weekday in clinic hours of the history window. */
    private void document(PatientId patient, Instant requested, boolean positiveScreen, List<UUID> pcps, List<UUID> bhcs,
            SplittableRandom random) {
        Instant since = today.minusWeeks(HISTORY_WEEKS).atStartOfDay(zone).toInstant();
        Instant until = today.atStartOfDay(zone).toInstant();
        LocalDateTime local = LocalDateTime.ofInstant(requested, zone);
        int minute = local.getHour() * 60 + local.getMinute();
        if (requested.isBefore(since) || !requested.isBefore(until) || local.getDayOfWeek().getValue() > 5
                || minute < 8 * 60 + 15 || minute >= 16 * 60 + 45) {
            return;
        }
        UUID pcp = pcps.get(random.nextInt(pcps.size()));
        List<UUID> free = new ArrayList<>();
        for (int i = 0; i < bhcs.size(); i++) {
            Optional<Block> block = blockAt(i % 2 == 0 ? FIRST : SECOND, minute);
            if (block.isPresent() && (block.get().kind() == BlockKind.OPEN_ACCESS || block.get().kind() == BlockKind.ADMIN)) {
                free.add(bhcs.get(i));
            }
        }
        HandoffReason reason = positiveScreen ? HandoffReason.POSITIVE_SCREEN
                : List.of(HandoffReason.DISTRESS, HandoffReason.SUBSTANCE_USE, HandoffReason.NEW_DIAGNOSIS,
                        HandoffReason.MEDICATION_QUESTION).get(random.nextInt(4));
        Urgency urgency = random.nextDouble() < 0.75 ? Urgency.NOW : Urgency.TODAY;
        String room = "Exam " + (1 + random.nextInt(8));
        HandoffRecords.PastHandoff past;
        if (!free.isEmpty()) {
            UUID bhc = free.get(random.nextInt(free.size()));
            Instant accepted = requested.plusSeconds(30 + random.nextInt(210));
            int minutes = 10 + random.nextInt(21);
            past = random.nextDouble() < 0.06
                    ? new HandoffRecords.PastHandoff(patient, pcp, reason, urgency, room, requested, free.size(), null, bhc, accepted,
                            accepted.plusSeconds(240), HandoffOutcome.PATIENT_DECLINED, null, null)
                    : new HandoffRecords.PastHandoff(patient, pcp, reason, urgency, room, requested, free.size(), null, bhc, accepted,
                            accepted.plus(Duration.ofMinutes(minutes + 2)), HandoffOutcome.COMPLETED, minutes, intervention(reason, random));
        } else if (random.nextDouble() < 0.55) {
            // nobody free: an interruptible BHC steps out of a visit a few minutes later
            UUID bhc = bhcs.get(random.nextInt(bhcs.size()));
            Instant accepted = requested.plusSeconds(120 + random.nextInt(240));
            Instant escalated = accepted.isAfter(requested.plusSeconds(300)) ? requested.plusSeconds(300) : null;
            int minutes = 8 + random.nextInt(13);
            past = new HandoffRecords.PastHandoff(patient, pcp, reason, urgency, room, requested, 0, escalated, bhc, accepted,
                    accepted.plus(Duration.ofMinutes(minutes + 2)), HandoffOutcome.COMPLETED, minutes, intervention(reason, random));
        } else {
            Instant escalated = requested.plusSeconds(300);
            HandoffOutcome outcome = random.nextDouble() < 0.6 ? HandoffOutcome.CONVERTED_TO_VISIT
                    : random.nextBoolean() ? HandoffOutcome.NOT_AVAILABLE : HandoffOutcome.PATIENT_LEFT;
            past = new HandoffRecords.PastHandoff(patient, pcp, reason, urgency, room, requested, 0, escalated, null, null,
                    escalated.plusSeconds(60 + random.nextInt(300)), outcome, null, null);
            missed++;
        }
        records.document(past);
        handoffs++;
    }

    private static BriefIntervention intervention(HandoffReason reason, SplittableRandom random) {
        if (reason == HandoffReason.SUBSTANCE_USE) {
            return BriefIntervention.MOTIVATIONAL_INTERVIEWING;
        }
        List<BriefIntervention> usual = List.of(BriefIntervention.BRIEF_INTERVENTION, BriefIntervention.PSYCHOEDUCATION,
                BriefIntervention.BEHAVIORAL_ACTIVATION, BriefIntervention.PROBLEM_SOLVING, BriefIntervention.CARE_COORDINATION);
        return usual.get(random.nextInt(usual.size()));
    }

    private static Optional<Block> blockAt(List<Block> day, int minute) {
        for (Block block : day) {
            int start = LocalTime.parse(block.start()).toSecondOfDay() / 60;
            if (minute >= start && minute < start + block.minutes()) {
                return Optional.of(block);
            }
        }
        return Optional.empty();
    }
}
