package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.scheduling.DemandKind;
import org.tandem.scheduling.DemandSource;

/** The practice's handoff settings, and handoff requests counted for the demand profile, on the real database. */
@SpringBootTest
class HandoffSettingsIntegrationTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    CurrentActor actors;
    @Autowired
    HandoffSettings settings;
    @Autowired
    List<DemandSource> demandSources;
    @Autowired
    JdbcTemplate jdbc;

    HandoffTestPractice practice;

    @BeforeEach
    void setUp() {
        practice = new HandoffTestPractice(practices, patients, actors, "Settings practice");
    }

    @Test
    void settingsStartAtTheDefaultsAndOnlyAnAdminChangesThemWithinRange() {
        assertThat(practice.as(Role.BHC, () -> settings.get())).isEqualTo(new HandoffSettings.Settings(300, 60, PresenceState.INTERRUPTIBLE));
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> settings.save(new HandoffSettings.Settings(600, 60, PresenceState.INTERRUPTIBLE))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> practice.as(Role.PRACTICE_ADMIN, () -> settings.save(new HandoffSettings.Settings(null, null, null))))
                .isInstanceOf(InvalidHandoffData.class)
                .satisfies(e -> assertThat(((InvalidPatientData) e).problems()).containsExactly(
                        "Say how long a request may wait for a clinician to accept it before it is escalated",
                        "Say how long a request waits for an available clinician before interruptible ones are asked too",
                        "Choose whether a clinician in a counseling visit may be interrupted for a warm handoff"));
        assertThatThrownBy(() -> practice.as(Role.PRACTICE_ADMIN, () -> settings.save(new HandoffSettings.Settings(29, -1, PresenceState.AWAY))))
                .isInstanceOf(InvalidHandoffData.class)
                .satisfies(e -> assertThat(((InvalidPatientData) e).problems()).containsExactly(
                        "The time to accept must be between 30 seconds and 60 minutes",
                        "The wait before interruptible clinicians are asked must be between 0 seconds and 30 minutes",
                        "Choose whether a clinician in a counseling visit may be interrupted for a warm handoff"));
        assertThatThrownBy(() -> practice.as(Role.PRACTICE_ADMIN, () -> settings.save(new HandoffSettings.Settings(120, 120,
                PresenceState.DO_NOT_INTERRUPT)))).isInstanceOf(InvalidHandoffData.class).hasMessageContaining("shorter than the time to accept");
        assertThat(practice.as(Role.PCP, () -> settings.get())).isEqualTo(HandoffSettings.DEFAULTS);

        HandoffSettings.Settings saved = new HandoffSettings.Settings(3600, 0, PresenceState.DO_NOT_INTERRUPT);
        practice.as(Role.PRACTICE_ADMIN, () -> settings.save(saved));
        assertThat(practice.as(Role.PCP, () -> settings.get())).isEqualTo(saved);
        practice.as(Role.PRACTICE_ADMIN, () -> settings.save(new HandoffSettings.Settings(240, 30, PresenceState.INTERRUPTIBLE)));
        assertThat(practice.as(Role.PCP, () -> settings.get())).isEqualTo(new HandoffSettings.Settings(240, 30, PresenceState.INTERRUPTIBLE));
        assertThat(jdbc.queryForList("SELECT detail FROM audit_event WHERE practice_id = ? AND resource_type = 'HandoffSettings' ORDER BY seq",
                String.class, practice.fixture.id().value())).containsExactly(
                        "accept within 3600 s, widen after 0 s, counseling do-not-interrupt",
                        "accept within 240 s, widen after 30 s, counseling interruptible");
    }

    @Test
    void handoffRequestsAreCountedByWeekdayAndHourOfThePracticesDay() {
        DemandSource source = demandSources.stream().filter(s -> s.kind() == DemandKind.HANDOFF_REQUESTS).findFirst().orElseThrow();
        PatientRecord patient = practice.patient("Demand");
        HandoffTestPractice other = new HandoffTestPractice(practices, patients, actors, "Other demand practice");
        PatientRecord theirs = other.patient("Elsewhere");
        // Monday 2025-03-03 09:10 and 09:50, Tuesday 14:05 in Chicago; Sunday 23:30 in Chicago (daylight time from March 9) is Monday 04:30 UTC
        insert(practice, patient, local(2025, 3, 3, 9, 10));
        insert(practice, patient, local(2025, 3, 3, 9, 50));
        insert(practice, patient, local(2025, 3, 4, 14, 5));
        insert(practice, patient, local(2025, 3, 9, 23, 30));
        insert(practice, patient, local(2025, 3, 10, 8, 0)); // outside the period
        insert(other, theirs, local(2025, 3, 3, 9, 15)); // another practice

        int[][] counts = source.countsByWeekdayHour(practice.fixture.id(), local(2025, 3, 3, 0, 0), local(2025, 3, 10, 0, 0), CHICAGO);

        assertThat(counts).hasDimensions(7, 24);
        assertThat(counts[0][9]).isEqualTo(2);
        assertThat(counts[1][14]).isEqualTo(1);
        assertThat(counts[6][23]).isEqualTo(1);
        assertThat(counts[0][8]).isZero();
        assertThat(java.util.Arrays.stream(counts).flatMapToInt(java.util.Arrays::stream).sum()).isEqualTo(4);
        int[][] utc = source.countsByWeekdayHour(practice.fixture.id(), local(2025, 3, 3, 0, 0), local(2025, 3, 10, 0, 0), ZoneOffset.UTC);
        assertThat(utc[0][4]).isEqualTo(1);
        assertThat(utc[0][15]).isEqualTo(2);
    }

    private static Instant local(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(CHICAGO).toInstant();
    }

    private void insert(HandoffTestPractice where, PatientRecord patient, Instant at) {
        OffsetDateTime time = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        jdbc.update("INSERT INTO handoff_request (practice_id, id, patient_id, requested_by, requested_by_name, reason, urgency, status, "
                + "requested_at, offered_count, updated_at, version) VALUES (?, ?, ?, ?, 'Test PCP', 'distress', 'now', 'completed', ?, 1, ?, 0)",
                where.fixture.id().value(), UUID.randomUUID(), patient.id().value(), where.account(Role.PCP), time, time);
    }
}
