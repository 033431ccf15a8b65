package org.tandem.fhir;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;

/**
 * Bulk export jobs ({@code $export}): a row per job in {@code bulk_export_job}, the NDJSON files under
 * {@code tandem.export.dir/<practice>/<job>/}, run one at a time on a background thread as the actor who asked (so
 * the access policy and the audit trail see them). A job is only found in the scope of the practice that asked. Files
 * of finished jobs are removed after {@code tandem.export.retention}; jobs a restart interrupted are marked failed.
 */
@Component
class BulkExportJobs {

    private static final Logger log = LoggerFactory.getLogger(BulkExportJobs.class);

    enum Status { RUNNING, COMPLETED, FAILED, CANCELLED, EXPIRED }

    record Job(UUID id, String requestedBy, String requestUrl, String level, List<String> types, Instant since, Status status,
            Instant transactionTime, long resourcesDone, long patientsDone, long patientsTotal, String failure,
            Instant expiresAt) {
    }

    record FileRow(String name, String kind, String resourceType, long lines, long bytes) {
    }

    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final BulkExporter exporter;
    private final Practices practices;
    private final Clock clock;
    private final Path root;
    private final Duration retention;
    private final Map<UUID, AtomicBoolean> cancels = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "bulk-export");
        thread.setDaemon(true);
        return thread;
    });

    BulkExportJobs(TenantJdbc jdbc, CurrentActor actors, BulkExporter exporter, Practices practices, Clock clock,
            @Value("${tandem.export.dir:${tandem.data-dir:./data}/exports}") Path root,
            @Value("${tandem.export.retention:24h}") Duration retention) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.exporter = exporter;
        this.practices = practices;
        this.clock = clock;
        this.root = root.toAbsolutePath().normalize();
        this.retention = retention;
    }

    /**
     * Registers a job for the current actor's practice, audits the kick-off, and starts it in the background.
     *
     * @param level {@code system} or {@code patient}
     */
    UUID start(String level, List<String> types, Instant since, String requestUrl) {
        Actor actor = actors.require();
        TenantJdbc.Scoped sql = jdbc.current();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("by", actor.id());
        row.put("name", actor.name());
        row.put("url", requestUrl.length() > 2000 ? requestUrl.substring(0, 2000) : requestUrl);
        row.put("level", level);
        row.put("types", String.join(",", types));
        row.put("since", since == null ? null : OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        row.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        row.put("total", 0L);
        sql.update("INSERT INTO bulk_export_job (practice_id, id, requested_by, requested_name, request_url, export_level, "
                + "resource_types, since, status, transaction_time, resources_done, patients_done, patients_total, created_at) "
                + "VALUES (:practiceId, :id, :by, :name, :url, :level, :types, :since, 'RUNNING', :now, 0, 0, :total, :now)", row);
        BulkExporter.Request request = new BulkExporter.Request(id, types, since, now);
        exporter.recordStart(request, level + " level, types " + types + (since == null ? "" : ", since " + since));
        AtomicBoolean cancel = new AtomicBoolean();
        cancels.put(id, cancel);
        PracticeId practice = sql.practiceId();
        runner.submit(() -> actors.runAs(actor, () -> run(practice, request, cancel)));
        return id;
    }

    private void run(PracticeId practice, BulkExporter.Request request, AtomicBoolean cancel) {
        TenantJdbc.Scoped sql = jdbc.forPractice(practice);
        Path directory = directory(practice, request.job());
        try {
            BulkExporter.Result result = exporter.export(request, directory, (patientsDone, patientsTotal, resources) -> {
                sql.update("UPDATE bulk_export_job SET patients_done = :done, patients_total = :total, resources_done = :resources "
                        + "WHERE practice_id = :practiceId AND id = :id",
                        Map.of("done", patientsDone, "total", patientsTotal, "resources", resources, "id", request.job()));
                return !cancel.get();
            });
            if (result.cancelled() || cancel.get()) {
                deleteFiles(directory);
                return;
            }
            int position = 0;
            for (BulkExporter.OutputFile file : result.files()) {
                sql.update("INSERT INTO bulk_export_file (practice_id, job_id, name, kind, resource_type, line_count, byte_count, position) "
                        + "VALUES (:practiceId, :job, :name, :kind, :type, :lines, :bytes, :position)", Map.of("job", request.job(),
                                "name", file.name(), "kind", file.kind(), "type", file.resourceType(), "lines", file.lines(),
                                "bytes", file.bytes(), "position", position++));
            }
            Instant now = clock.instant();
            int changed = sql.update("UPDATE bulk_export_job SET status = 'COMPLETED', resources_done = :resources, "
                    + "patients_done = :patients, finished_at = :now, expires_at = :expires WHERE practice_id = :practiceId "
                    + "AND id = :id AND status = 'RUNNING'", Map.of("resources", result.resources(), "patients", result.patients(),
                            "now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                            "expires", OffsetDateTime.ofInstant(now.plus(retention), ZoneOffset.UTC), "id", request.job()));
            if (changed == 0) {
                deleteFiles(directory); // cancelled while the last page was written
            }
        } catch (RuntimeException e) {
            log.warn("Bulk export {} failed", request.job(), e);
            deleteFiles(directory);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            sql.update("UPDATE bulk_export_job SET status = 'FAILED', failure = :failure, finished_at = :now "
                    + "WHERE practice_id = :practiceId AND id = :id AND status = 'RUNNING'",
                    Map.of("failure", reason.length() > 2000 ? reason.substring(0, 2000) : reason,
                            "now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), "id", request.job()));
        } finally {
            cancels.remove(request.job());
        }
    }

    /** A job of the current actor's practice (another practice's job is not found). */
    Optional<Job> find(UUID id) {
        return jdbc.current().queryOne("SELECT * FROM bulk_export_job WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", id), BulkExportJobs::toJob);
    }

    /** The files of a completed job of the current actor's practice, in manifest order. */
    List<FileRow> files(UUID job) {
        return jdbc.current().query("SELECT * FROM bulk_export_file WHERE practice_id = :practiceId AND job_id = :job "
                + "ORDER BY position", Map.of("job", job), (rs, n) -> new FileRow(rs.getString("name"), rs.getString("kind"),
                        rs.getString("resource_type"), rs.getLong("line_count"), rs.getLong("byte_count")));
    }

    /** The path of one file of a completed job of the current actor's practice, if it has such a file. */
    Optional<Path> file(UUID job, String name) {
        Optional<Job> found = find(job).filter(j -> j.status() == Status.COMPLETED);
        if (found.isEmpty() || files(job).stream().noneMatch(f -> f.name().equals(name))) {
            return Optional.empty();
        }
        Path path = directory(jdbc.current().practiceId(), job).resolve(name).normalize();
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** Cancels a running job or deletes a finished one's files; false when the practice has no such live job. */
    boolean cancel(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Optional<Job> job = find(id);
        if (job.isEmpty() || job.get().status() == Status.CANCELLED || job.get().status() == Status.EXPIRED) {
            return false;
        }
        sql.update("UPDATE bulk_export_job SET status = 'CANCELLED', finished_at = :now WHERE practice_id = :practiceId AND id = :id",
                Map.of("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), "id", id));
        AtomicBoolean running = cancels.get(id);
        if (running != null) {
            running.set(true); // the worker deletes what it wrote when it sees the flag
        } else {
            deleteFiles(directory(sql.practiceId(), id));
        }
        return true;
    }

    /** Removes the files of finished jobs past their expiry, in every practice. */
    @Scheduled(fixedDelayString = "${tandem.export.cleanup:15m}", initialDelayString = "${tandem.export.cleanup:15m}")
    void expire() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (PracticeId practice : practices.allIds()) {
            TenantJdbc.Scoped sql = jdbc.forPractice(practice);
            List<UUID> expired = sql.query("SELECT id FROM bulk_export_job WHERE practice_id = :practiceId AND status = 'COMPLETED' "
                    + "AND expires_at <= :now", Map.of("now", now), (rs, n) -> rs.getObject("id", UUID.class));
            for (UUID job : expired) {
                deleteFiles(directory(practice, job));
                sql.update("UPDATE bulk_export_job SET status = 'EXPIRED' WHERE practice_id = :practiceId AND id = :id", Map.of("id", job));
            }
        }
    }

    /** Jobs that were running when the server stopped cannot resume (their actor is gone): they fail, files removed. */
    @EventListener(ApplicationReadyEvent.class)
    void failInterrupted() {
        for (PracticeId practice : practices.allIds()) {
            TenantJdbc.Scoped sql = jdbc.forPractice(practice);
            List<UUID> interrupted = sql.query("SELECT id FROM bulk_export_job WHERE practice_id = :practiceId AND status = 'RUNNING'",
                    Map.of(), (rs, n) -> rs.getObject("id", UUID.class));
            for (UUID job : interrupted) {
                if (cancels.containsKey(job)) {
                    continue;
                }
                deleteFiles(directory(practice, job));
                sql.update("UPDATE bulk_export_job SET status = 'FAILED', failure = 'Interrupted by a restart of the server; "
                        + "please ask again' WHERE practice_id = :practiceId AND id = :id AND status = 'RUNNING'", Map.of("id", job));
            }
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    Path directory(PracticeId practice, UUID job) {
        return root.resolve(practice.value().toString()).resolve(job.toString());
    }

    private static void deleteFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete export files in " + directory, e);
        }
    }

    static Job toJob(ResultSet rs, int n) throws SQLException {
        OffsetDateTime since = rs.getObject("since", OffsetDateTime.class);
        OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
        return new Job(rs.getObject("id", UUID.class), rs.getString("requested_by"), rs.getString("request_url"),
                rs.getString("export_level"), Arrays.asList(rs.getString("resource_types").split(",")),
                since == null ? null : since.toInstant(), Status.valueOf(rs.getString("status")),
                rs.getObject("transaction_time", OffsetDateTime.class).toInstant(), rs.getLong("resources_done"),
                rs.getLong("patients_done"), rs.getLong("patients_total"), rs.getString("failure"),
                expires == null ? null : expires.toInstant());
    }
}
