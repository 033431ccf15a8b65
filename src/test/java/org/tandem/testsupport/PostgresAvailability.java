package org.tandem.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In the PostgreSQL test run, skips tests when no PostgreSQL server is reachable, unless PostgreSQL is required
 * (CI=true or TANDEM_TEST_PG_REQUIRED=true): then the tests run and fail loudly.
 */
public class PostgresAvailability implements ExecutionCondition {

    private static Boolean reachable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.postgres() || TestDatabase.postgresRequired()) {
            return ConditionEvaluationResult.enabled("database available or required");
        }
        synchronized (PostgresAvailability.class) {
            if (reachable == null) {
                reachable = TestDatabase.postgresReachable();
            }
        }
        return reachable ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                : ConditionEvaluationResult.disabled("No PostgreSQL at " + TestDatabase.postgresAdminUrl()
                        + " (set TANDEM_TEST_PG_URL, or TANDEM_TEST_PG_REQUIRED=true to fail instead)");
    }
}
