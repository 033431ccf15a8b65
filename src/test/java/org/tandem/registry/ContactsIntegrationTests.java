package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;

/** A contact and its measurements are stored together or not at all, on the real database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
class ContactsIntegrationTests {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final List<Integer> PHQ9 = List.of(2, 2, 1, 1, 1, 1, 1, 1, 0);

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Episodes episodes;
    @Autowired
    Contacts contacts;
    @Autowired
    TimeLog timeLog;
    @Autowired
    RegistryResults results;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;

    PracticeFixture practice;
    PatientRecord patient;
    Episode episode;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Contacts practice");
        patient = actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null, "Mwangi", "Grace",
                LocalDate.of(1975, 6, 1), AdministrativeSex.FEMALE, "en", null, null)));
        episode = as(Role.CARE_MANAGER, () -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(LocalDate.now(ZONE).minusDays(10), EpisodeStatus.ENROLLED)));
    }

    @Test
    void aContactWithAPhq9StoresTheTimeAndTheMeasurementTogether() {
        Contacts.Logged logged = as(Role.CARE_MANAGER, () -> contacts.log(new ContactEntry(episode.id(), null, 20, ContactMode.PHONE,
                Activity.FOLLOW_UP, "Call", Map.of("phq-9", PHQ9), "es")));

        assertThat(logged.measurements()).singleElement().satisfies(m -> {
            assertThat(m.response().total()).isEqualTo(10);
            assertThat(m.response().mode()).isEqualTo("staff");
            assertThat(m.response().language()).isEqualTo("es");
        });
        assertThat(logged.entry().response()).isEqualTo(logged.measurements().get(0).response().id());
        assertThat(as(Role.CARE_MANAGER, () -> timeLog.of(episode.id()))).singleElement()
                .satisfies(e -> assertThat(e.minutes()).isEqualTo(20));
        assertThat(as(Role.CARE_MANAGER, () -> results.unreviewed(null))).isEmpty();
    }

    @Test
    void whenTheTimeCannotBeLoggedTheMeasurementIsNotStoredEither() {
        // a medical assistant may enter a PHQ-9 but does not log care-management time: the time log refuses
        // after the measurement was scored and stored in the same transaction, so both are rolled back
        assertThatThrownBy(() -> as(Role.MEDICAL_ASSISTANT, () -> contacts.log(new ContactEntry(episode.id(), null, 20,
                ContactMode.PHONE, Activity.FOLLOW_UP, null, Map.of("phq-9", PHQ9), "en"))))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("Only care managers");

        assertThat(as(Role.CARE_MANAGER, () -> screenings.of(patient.id()))).isEmpty();
        assertThat(as(Role.CARE_MANAGER, () -> timeLog.of(episode.id()))).isEmpty();
        assertThat(as(Role.CARE_MANAGER, () -> results.of(patient.id()))).isEmpty();
    }

    @Test
    void incompleteMeasuresAndFutureDatesAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> as(Role.CARE_MANAGER, () -> contacts.log(new ContactEntry(episode.id(), LocalDate.now(ZONE).plusDays(1),
                20, ContactMode.PHONE, Activity.FOLLOW_UP, null, Map.of("phq-9", List.of(1, 1, 1), "audit-c", List.of(1)), "en"))))
                .isInstanceOf(InvalidRegistryData.class)
                .satisfies(e -> assertThat(((InvalidRegistryData) e).problems()).containsExactlyInAnyOrder(
                        "PHQ-9: answer every question with 0 to 3 (not answered: 4, 5, 6, 7, 8, 9)",
                        "Only the PHQ-9 and the GAD-7 are taken during a contact, not 'audit-c'",
                        "The contact cannot be dated in the future"));
        assertThat(as(Role.CARE_MANAGER, () -> screenings.of(patient.id()))).isEmpty();
        assertThat(as(Role.CARE_MANAGER, () -> timeLog.of(episode.id()))).isEmpty();
    }

    @Test
    void aContactOnAnEarlierDayIsLoggedAtNoonAndMeasuredAtItsEnd() {
        LocalDate day = LocalDate.now(ZONE).minusDays(3);
        Contacts.Logged logged = as(Role.CARE_MANAGER, () -> contacts.log(new ContactEntry(episode.id(), day, 30, ContactMode.IN_PERSON,
                Activity.MEASUREMENT, null, Map.of("phq-9", PHQ9, "gad-7", List.of(1, 1, 1, 1, 1, 1, 1)), "en")));

        assertThat(logged.entry().startedAt()).isEqualTo(day.atTime(LocalTime.NOON).atZone(ZONE).toInstant());
        assertThat(logged.measurements()).hasSize(2).allSatisfy(m -> {
            assertThat(m.response().authoredAt()).isEqualTo(day.atTime(12, 30).atZone(ZONE).toInstant());
            assertThat(m.response().sitting()).isEqualTo(logged.measurements().get(0).response().sitting()).isNotNull();
        });
    }

    private <T> T as(Role role, java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(role), work);
    }
}
