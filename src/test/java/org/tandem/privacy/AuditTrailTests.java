package org.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/** The audit trail: every patient read and write is recorded, in the same transaction, and tampering is detected. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AuditTrailTests {

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    AuditTrail audit;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    CurrentActor actors;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DataSource dataSource;

    PracticeFixture practice;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Audit practice");
    }

    @Test
    void readsAndWritesOfAPatientAreRecordedWithWhoWhatAndHow() {
        PatientRecord patient = register("Nakamura");
        actors.runAs(practice.actor(Role.MEDICAL_ASSISTANT), () -> patients.get(patient.id()));

        List<AuditRecord> history = actors.runAs(practice.actor(Role.PRACTICE_ADMIN), () -> audit.historyOf(patient.id().value(), 10));
        assertThat(history).extracting(AuditRecord::action).containsExactly(AuditAction.READ, AuditAction.CREATE);
        AuditRecord read = history.get(0);
        assertThat(read.actorName()).isEqualTo("test-medical_assistant");
        assertThat(read.actorRole()).isEqualTo("MEDICAL_ASSISTANT");
        assertThat(read.channel()).isEqualTo("CLI");
        assertThat(read.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(read.resourceType()).isEqualTo("Patient");
        assertThat(verifier.verify(practice.id()).intact()).isTrue();
    }

    @Test
    void auditRowsRollBackWithTheChangeTheyRecord() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> actors.runAs(practice.actor(Role.PCP), () -> {
            patients.create(new PatientId(id), details("Rollback"));
            throw new IllegalStateException("the request failed after the write");
        }))).isInstanceOf(IllegalStateException.class);
        assertThat(actors.runAs(practice.actor(Role.PRACTICE_ADMIN), () -> audit.historyOf(id, 10))).isEmpty();
        assertThat(actors.runAs(practice.actor(Role.PCP), () -> patients.exists(new PatientId(id)))).isFalse();
    }

    @Test
    void refusedAccessIsDeniedAndTheRefusalStaysInTheTrail() {
        PatientRecord patient = register("Osei");
        assertThatThrownBy(() -> actors.runAs(practice.actor(Role.FRONT_DESK), () -> facts.of(patient.id(), null)))
                .isInstanceOf(AccessDeniedException.class);
        List<AuditRecord> history = actors.runAs(practice.actor(Role.PRACTICE_ADMIN), () -> audit.historyOf(patient.id().value(), 10));
        assertThat(history.get(0).outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(history.get(0).actorRole()).isEqualTo("FRONT_DESK");
    }

    @Test
    void verificationFindsARowAlteredByHandInTheDatabase() {
        PatientRecord patient = register("Tampered");
        for (int i = 0; i < 3; i++) {
            actors.runAs(practice.actor(Role.PCP), () -> patients.get(patient.id()));
        }
        assertThat(verifier.verify(practice.id()).intact()).isTrue();

        new JdbcTemplate(dataSource).update("UPDATE audit_event SET actor_name = 'someone-else' WHERE practice_id = ? AND seq = 2",
                practice.id().value());

        assertThat(verifier.verifyAll().intact()).isFalse();
        AuditVerification result = verifier.verify(practice.id());
        assertThat(result.intact()).isFalse();
        AuditVerification.Break broken = result.firstBreak().orElseThrow();
        assertThat(broken.practice()).isEqualTo(practice.id());
        assertThat(broken.seq()).isEqualTo(2);
        assertThat(broken.reason()).contains("altered");
    }

    @Test
    void verificationFindsRowsRemovedFromTheMiddleOrTheEnd() {
        PatientRecord patient = register("Removed");
        for (int i = 0; i < 4; i++) {
            actors.runAs(practice.actor(Role.PCP), () -> patients.get(patient.id()));
        }
        JdbcTemplate sql = new JdbcTemplate(dataSource);
        sql.update("DELETE FROM audit_event WHERE practice_id = ? AND seq = (SELECT MAX(seq) FROM audit_event WHERE practice_id = ?)",
                practice.id().value(), practice.id().value());
        assertThat(verifier.verify(practice.id()).firstBreak()).get().extracting(AuditVerification.Break::reason)
                .asString().contains("removed");

        sql.update("DELETE FROM audit_event WHERE practice_id = ? AND seq = 2", practice.id().value());
        assertThat(verifier.verify(practice.id()).firstBreak()).get().extracting(AuditVerification.Break::seq).isEqualTo(3L);
    }

    @Test
    void auditCommandReportsIntactOrTheBrokenLink() {
        register("Command");
        AuditCommand command = new AuditCommand(verifier);
        command.run(null);
        assertThat(command.getExitCode()).isZero();

        new JdbcTemplate(dataSource).update("UPDATE audit_event SET detail = 'edited' WHERE practice_id = ? AND seq = 1",
                practice.id().value());
        command.run(null);
        assertThat(command.getExitCode()).isEqualTo(1);
    }

    private PatientRecord register(String family) {
        return actors.runAs(practice.actor(Role.PCP), () -> patients.register(details(family)));
    }

    private static PatientDetails details(String family) {
        return new PatientDetails(null, null, family, "Test", LocalDate.of(1970, 5, 17), AdministrativeSex.FEMALE, "en", null, null);
    }
}
