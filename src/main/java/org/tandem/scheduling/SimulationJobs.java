package org.tandem.scheduling;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import org.tandem.platform.PracticeId;

/**
 * Simulations started from the page, run one at a time in the background (each uses every core) and kept in memory
 * for a day: results are reproducible from their inputs and seed, so nothing is stored. A job belongs to a practice;
 * only that practice's staff see it.
 */
@Component
class SimulationJobs {

    static final int KEPT = 50;
    static final Duration KEPT_FOR = Duration.ofDays(1);

    private final Map<UUID, Job> jobs = new LinkedHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "simulation-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private final Clock clock;

    SimulationJobs(Clock clock) {
        this.clock = clock;
    }

    /** What a job simulates, everything read from the database up front (the job itself reads nothing). */
    record Request(SimulationPages.Form form, String nameA, List<TemplateBlock> blocksA, UUID templateA, String nameB,
            List<TemplateBlock> blocksB, Map<UUID, String> clinicians, double[][] handoffsPerWeek, double needsPerWeek,
            SimulationSettings settings) {
    }

    /** A running or finished simulation. */
    static final class Job {
        final UUID id = UUID.randomUUID();
        final PracticeId practice;
        final Request request;
        final Instant created;
        volatile int done;
        volatile int total;
        volatile Simulation.Study study;
        volatile String failure;

        Job(PracticeId practice, Request request, Instant created) {
            this.practice = practice;
            this.request = request;
            this.created = created;
        }

        boolean finished() {
            return study != null || failure != null;
        }
    }

    Job start(PracticeId practice, Request request) {
        Job job = new Job(practice, request, clock.instant());
        job.total = Simulation.planned(request.blocksA(), request.blocksB(), request.settings(), true);
        synchronized (jobs) {
            forgetOld();
            jobs.put(job.id, job);
        }
        runner.execute(() -> run(job));
        return job;
    }

    Optional<Job> find(PracticeId practice, UUID id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            return job == null || !job.practice.equals(practice) ? Optional.empty() : Optional.of(job);
        }
    }

    private void run(Job job) {
        Request r = job.request;
        try {
            job.study = Simulation.study(r.blocksA(), r.blocksB(), r.handoffsPerWeek(), r.settings(), true, (done, total) -> {
                job.total = total;
                job.done = Math.max(job.done, done);
            });
        } catch (InvalidScheduleData e) {
            job.failure = String.join(" ", e.problems());
        } catch (RuntimeException e) {
            job.failure = "";
        }
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(KEPT_FOR);
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (job.finished() && (job.created.isBefore(cutoff) || jobs.size() >= KEPT)) {
                it.remove();
            }
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
