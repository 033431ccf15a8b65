package org.tandem.measure;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the program metrics are computed from, as plain practice-local days (no storage, no clock), so the rules can
 * be checked by hand. Gathered by {@link ProgramMetrics} through the modules' public facades.
 *
 * @param visits visits that were not cancelled or entered in error
 * @param patients birth date and PCP of every patient named anywhere else
 * @param screens each patient's completed screening results (own and imported), oldest first
 * @param contacts each patient's follow-up and behavioral health events
 * @param handoffs completed warm handoffs, by the day they were requested
 * @param depression each patient's spans of depression (diagnosis onset to abatement, registry episode referral to
 *        discharge); an open end is null
 */
record ProgramData(List<Visit> visits, Map<UUID, PatientInfo> patients, Map<UUID, List<Screen>> screens,
        Map<UUID, List<Contact>> contacts, List<CompletedHandoff> handoffs, Map<UUID, List<Span>> depression) {

    /** Sorts each patient's screens oldest first once, so the rules (run for every period of a trend) need not. */
    ProgramData {
        Map<UUID, List<Screen>> sorted = new java.util.HashMap<>();
        screens.forEach((patient, list) -> sorted.put(patient, list.stream().sorted(java.util.Comparator.comparing(Screen::at)).toList()));
        screens = sorted;
    }

    record Visit(UUID patient, LocalDate day, UUID clinician) {
    }

    record PatientInfo(LocalDate birthDate, UUID pcp) {
    }

    /** A completed screening result; {@code positive} is null when the instrument has no cut-off for it. */
    record Screen(LocalDate day, java.time.Instant at, String instrument, Integer total, Boolean positive) {
    }

    /** What counts as follow-up or behavioral health contact. */
    enum ContactKind {
        /** a follow-up documented for one of the patient's screening results */
        FOLLOW_UP_DOCUMENTED,
        /** a warm handoff that was completed (on the day it started, else was requested) */
        HANDOFF_COMPLETED,
        /** a registry time entry with the patient (phone, in person, video, message) */
        REGISTRY_CONTACT,
        /** a registry episode referred */
        REGISTRY_REFERRAL,
        /** a registry episode enrolled */
        REGISTRY_ENROLMENT
    }

    record Contact(LocalDate day, ContactKind kind) {
    }

    /** @param requester the PCP who asked (or on whose behalf it was asked) */
    record CompletedHandoff(UUID patient, LocalDate day, UUID requester) {
    }

    /** Days from {@code from} to {@code to}, both included; null ends are open. */
    record Span(LocalDate from, LocalDate to) {

        boolean overlaps(LocalDate start, LocalDate end) {
            return (from == null || !from.isAfter(end)) && (to == null || !to.isBefore(start));
        }

        boolean contains(LocalDate day) {
            return overlaps(day, day);
        }
    }
}
