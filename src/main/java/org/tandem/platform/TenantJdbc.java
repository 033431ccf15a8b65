package org.tandem.platform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * The one place where Tandem's modules run SQL. Statements on practice data ({@link #current()},
 * {@link #forPractice(PracticeId)}) must filter by {@code :practiceId}, which this class binds itself from the
 * caller's practice, never from a caller's parameter. Statements on platform tables ({@link #global()}) are refused
 * if they name a table that holds practice data (any table with a {@code practice_id} column).
 */
@Component
public class TenantJdbc {

    static final String PRACTICE_PARAM = "practiceId";
    private static final Pattern PRACTICE_PLACEHOLDER = Pattern.compile(":" + PRACTICE_PARAM + "\\b");

    private final NamedParameterJdbcTemplate jdbc;
    private final CurrentActor actors;
    private final DataSource dataSource;
    private volatile Set<String> tenantTables;

    TenantJdbc(NamedParameterJdbcTemplate jdbc, CurrentActor actors, DataSource dataSource) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.dataSource = dataSource;
    }

    /** SQL scoped to the practice of whoever is acting now. */
    public Scoped current() {
        return new Scoped(actors.requirePractice());
    }

    /**
     * SQL scoped to a practice that trusted code already knows (command line, sign-in, event listeners). Never pass a
     * practice id that came from a request.
     */
    public Scoped forPractice(PracticeId practice) {
        return new Scoped(practice);
    }

    /** SQL on platform tables that hold no practice data (accounts, practices, organizations, API clients). */
    public Global global() {
        return new Global();
    }

    /** Tables with a practice_id column, read from the database's own catalog. */
    public Set<String> tenantTables() {
        Set<String> tables = tenantTables;
        if (tables == null) {
            tables = new TreeSet<>();
            for (String name : jdbc.getJdbcTemplate().queryForList(
                    "SELECT DISTINCT LOWER(table_name) FROM information_schema.columns "
                            + "WHERE LOWER(column_name) = 'practice_id' AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)",
                    String.class)) {
                tables.add(name);
            }
            tenantTables = Set.copyOf(tables);
        }
        return tables;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Statements bound to one practice. */
    public final class Scoped {
        private final PracticeId practice;

        private Scoped(PracticeId practice) {
            this.practice = practice;
        }

        public PracticeId practiceId() {
            return practice;
        }

        public <T> List<T> query(String sql, Map<String, ?> params, RowMapper<T> mapper) {
            return jdbc.query(check(sql), bind(params), mapper);
        }

        public <T> Optional<T> queryOne(String sql, Map<String, ?> params, RowMapper<T> mapper) {
            List<T> rows = query(sql, params, mapper);
            if (rows.size() > 1) {
                throw new IllegalStateException("Expected at most one row for " + sql);
            }
            return rows.stream().findFirst();
        }

        public <T> T queryValue(String sql, Map<String, ?> params, Class<T> type) {
            return jdbc.queryForObject(check(sql), bind(params), type);
        }

        public int update(String sql, Map<String, ?> params) {
            return jdbc.update(check(sql), bind(params));
        }

        /**
         * Streams a large result row by row (population reads): the driver fetches {@code fetchSize} rows at a time
         * instead of the whole result (PostgreSQL does so only inside a transaction, so call this from one).
         */
        public void stream(String sql, Map<String, ?> params, int fetchSize, RowCallbackHandler handler) {
            JdbcTemplate streaming = new JdbcTemplate(dataSource);
            streaming.setFetchSize(fetchSize);
            new NamedParameterJdbcTemplate(streaming).query(check(sql), bind(params), handler);
        }

        public int[] batchUpdate(String sql, List<? extends Map<String, ?>> rows) {
            String checked = check(sql);
            SqlParameterSource[] batch = rows.stream().map(this::bind).toArray(SqlParameterSource[]::new);
            return jdbc.batchUpdate(checked, batch);
        }

        private String check(String sql) {
            if (!PRACTICE_PLACEHOLDER.matcher(sql).find()) {
                throw new IllegalArgumentException("SQL on practice data must filter by :practiceId: " + sql);
            }
            return sql;
        }

        private MapSqlParameterSource bind(Map<String, ?> params) {
            if (params.containsKey(PRACTICE_PARAM)) {
                throw new IllegalArgumentException("practiceId is bound by TenantJdbc, not by the caller");
            }
            Map<String, Object> all = new HashMap<>(params);
            all.put(PRACTICE_PARAM, practice.value());
            return new MapSqlParameterSource(all);
        }
    }

    /** Statements on platform tables. */
    public final class Global {

        public <T> List<T> query(String sql, Map<String, ?> params, RowMapper<T> mapper) {
            return jdbc.query(check(sql), params, mapper);
        }

        public <T> Optional<T> queryOne(String sql, Map<String, ?> params, RowMapper<T> mapper) {
            return query(sql, params, mapper).stream().findFirst();
        }

        public int update(String sql, Map<String, ?> params) {
            return jdbc.update(check(sql), params);
        }

        public <T> T queryValue(String sql, Map<String, ?> params, Class<T> type) {
            return jdbc.queryForObject(check(sql), params, type);
        }

        public int[] batchUpdate(String sql, List<? extends Map<String, ?>> rows) {
            String checked = check(sql);
            SqlParameterSource[] batch = rows.stream().map(MapSqlParameterSource::new).toArray(SqlParameterSource[]::new);
            return jdbc.batchUpdate(checked, batch);
        }

        private String check(String sql) {
            List<String> named = new ArrayList<>();
            String lower = sql.toLowerCase(Locale.ROOT);
            for (String table : tenantTables()) {
                if (Pattern.compile("\\b" + Pattern.quote(table) + "\\b").matcher(lower).find()) {
                    named.add(table);
                }
            }
            if (!named.isEmpty()) {
                throw new IllegalArgumentException("Practice tables " + named + " must be read through a practice scope: " + sql);
            }
            return sql;
        }
    }
}
