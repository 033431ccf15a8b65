package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * The concurrency test: twenty behavioral health clinicians (twenty staff accounts, each acting as itself on its
 * own thread) accept the same handoff at the same instant; exactly one gets it and the nineteen others are told who.
 */
@SpringBootTest
class HandoffConcurrencyTests {

    static final List<String> NAMES = List.of("Dana Rivera", "Sam Okafor", "Lee Tran", "Kim Novak", "Ana Silva", "Ben Cohen",
            "Chloe Martin", "Dev Patel", "Eva Kowalski", "Femi Adeyemi", "Grace Liu", "Hugo Moreau", "Ines Garcia", "Jon Berg",
            "Kai Nakamura", "Lina Haddad", "Marco Rossi", "Nora Walsh", "Omar Aziz", "Priya Nair");
    static final int ROUNDS = 4;

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    CurrentActor actors;
    @Autowired
    Handoffs handoffs;
    @Autowired
    Availability availability;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twentyCliniciansAcceptingTheSameHandoffAtOnceGiveExactlyOneWinnerAndNineteenClearAnswers() throws Exception {
        HandoffTestPractice practice = new HandoffTestPractice(practices, patients, actors, "Race practice");
        List<UUID> clinicians = new ArrayList<>();
        for (String name : NAMES) {
            UUID bhc = practice.bhc(name);
            practice.as(bhc, () -> availability.set(PresenceState.AVAILABLE));
            clinicians.add(bhc);
        }
        List<UUID> winners = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clinicians.size());
        try {
            for (int round = 0; round < ROUNDS; round++) {
                PatientRecord patient = practice.patient("Race" + round);
                Handoff handoff = practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient.id(), HandoffReason.DISTRESS,
                        Urgency.NOW, "Room 1", null, null, null)));
                assertThat(handoff.offeredCount()).isEqualTo(clinicians.size());

                CyclicBarrier together = new CyclicBarrier(clinicians.size());
                List<Future<Object>> attempts = new ArrayList<>();
                for (UUID clinician : clinicians) {
                    attempts.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        try {
                            return practice.as(clinician, () -> handoffs.accept(handoff.id()));
                        } catch (HandoffTaken taken) {
                            return taken;
                        }
                    }));
                }
                List<Handoff> accepted = new ArrayList<>();
                List<HandoffTaken> refused = new ArrayList<>();
                for (Future<Object> attempt : attempts) {
                    Object outcome = attempt.get(120, TimeUnit.SECONDS);
                    if (outcome instanceof Handoff won) {
                        accepted.add(won);
                    } else {
                        refused.add((HandoffTaken) outcome);
                    }
                }

                assertThat(accepted).hasSize(1);
                assertThat(refused).hasSize(clinicians.size() - 1);
                UUID winner = accepted.get(0).acceptedBy();
                String name = practice.name(winner);
                assertThat(clinicians).contains(winner);
                assertThat(accepted.get(0).acceptedByName()).isEqualTo(name);
                assertThat(refused).allSatisfy(taken -> {
                    assertThat(taken.takenBy()).isEqualTo(name);
                    assertThat(taken).hasMessage(name + " already accepted this handoff");
                });
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM handoff_step WHERE practice_id = ? AND handoff_id = ? "
                        + "AND step = 'accepted'", Integer.class, practice.fixture.id().value(), handoff.id())).isEqualTo(1);
                assertThat(jdbc.queryForMap("SELECT status, accepted_by, version FROM handoff_request WHERE practice_id = ? AND id = ?",
                        practice.fixture.id().value(), handoff.id()))
                        .containsEntry("status", "accepted").containsEntry("accepted_by", winner).containsEntry("version", 1);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND resource_type = 'Task' "
                        + "AND resource_id = ? AND detail = 'accepted'", Integer.class, practice.fixture.id().value(),
                        handoff.id().toString())).isEqualTo(1);
                winners.add(winner);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(winners).hasSize(ROUNDS);
    }
}
