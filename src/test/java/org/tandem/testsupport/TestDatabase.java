package org.tandem.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Which database the integration tests run on: H2 in memory (default) or PostgreSQL when the system property
 * {@code tandem.test.database=postgresql} is set (Maven's {@code postgresql} test execution). Every Spring test
 * context gets a database of its own, so each starts empty.
 */
public final class TestDatabase {

    private static boolean staleDropped;

    private TestDatabase() {
    }

    public static boolean postgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty("tandem.test.database", "h2"));
    }

    /** PostgreSQL must be there: CI, or TANDEM_TEST_PG_REQUIRED=true. */
    public static boolean postgresRequired() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || "true".equalsIgnoreCase(System.getenv("TANDEM_TEST_PG_REQUIRED"));
    }

    /** The server's maintenance database: TANDEM_TEST_PG_URL, or the machine's local server. */
    public static String postgresAdminUrl() {
        String url = System.getenv("TANDEM_TEST_PG_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/postgres" : url;
    }

    public static String postgresUser() {
        String user = System.getenv("TANDEM_TEST_PG_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }

    public static String postgresPassword() {
        String password = System.getenv("TANDEM_TEST_PG_PASSWORD");
        return password == null ? "" : password;
    }

    public static boolean postgresReachable() {
        try (Connection ignored = DriverManager.getConnection(postgresAdminUrl(), postgresUser(), postgresPassword())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A new, empty database for one Spring context; returns its JDBC URL. */
    public static synchronized String newDatabaseUrl() {
        if (!postgres()) {
            return "jdbc:h2:mem:tandem-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        }
        String name = "tandem_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(postgresAdminUrl(), postgresUser(), postgresPassword());
                Statement sql = admin.createStatement()) {
            if (!staleDropped) {
                dropStale(sql);
                staleDropped = true;
            }
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + postgresAdminUrl() + ": " + e.getMessage(), e);
        }
        String admin = postgresAdminUrl();
        int slash = admin.lastIndexOf('/');
        String query = admin.contains("?") ? admin.substring(admin.indexOf('?')) : "";
        return admin.substring(0, slash + 1) + name + query;
    }

    /** Removes test databases that earlier runs left behind (those still in use are kept). */
    private static void dropStale(Statement sql) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'tandem\\_test\\_%'")) {
            while (rs.next()) {
                stale.add(rs.getString(1));
            }
        }
        for (String name : stale) {
            try {
                sql.execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException inUse) {
                // another test JVM is using it
            }
        }
    }
}
