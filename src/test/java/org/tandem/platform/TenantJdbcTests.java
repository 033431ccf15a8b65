package org.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The one place that scopes SQL to a practice refuses statements that could reach another practice's rows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class TenantJdbcTests {

    @Autowired
    TenantJdbc jdbc;

    @Test
    void practiceStatementsMustFilterByPractice() {
        TenantJdbc.Scoped sql = jdbc.forPractice(new PracticeId(UUID.randomUUID()));
        assertThatThrownBy(() -> sql.query("SELECT * FROM patient", Map.of(), (rs, n) -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":practiceId");
    }

    @Test
    void callersCannotBindThePracticeThemselves() {
        TenantJdbc.Scoped sql = jdbc.forPractice(new PracticeId(UUID.randomUUID()));
        assertThatThrownBy(() -> sql.query("SELECT * FROM patient WHERE practice_id = :practiceId",
                Map.of("practiceId", UUID.randomUUID()), (rs, n) -> 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void platformStatementsCannotNamePracticeTables() {
        assertThatThrownBy(() -> jdbc.global().query("SELECT * FROM patient", Map.of(), (rs, n) -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patient");
        assertThatThrownBy(() -> jdbc.global().update("DELETE FROM audit_event", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTableWithPatientDataIsATenantTable() {
        assertThat(jdbc.tenantTables()).contains("patient", "encounter", "clinical_fact", "clinical_fact_coding",
                "audit_event", "audit_chain_head", "role_assignment", "care_team", "care_team_member", "site",
                "practice_membership");
    }

    @Test
    void nobodySignedInHasNoPracticeScope() {
        assertThatThrownBy(() -> jdbc.current()).isInstanceOf(IllegalStateException.class);
    }
}
