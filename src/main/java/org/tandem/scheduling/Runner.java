package org.tandem.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs replications in parallel on a pool of as many threads as the machine has cores, and reports progress. Each
 * replication's result lands at its own index, so the outcome does not depend on which thread ran what or in which
 * order.
 */
final class Runner implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService pool;
    private final Simulation.Progress progress;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();

    Runner(Simulation.Progress progress) {
        this(Runtime.getRuntime().availableProcessors(), progress);
    }

    Runner(int threads, Simulation.Progress progress) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), task -> {
            Thread thread = new Thread(task, "simulation-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.progress = progress == null ? Simulation.Progress.NONE : progress;
    }

    /** Adds replications still to come to the total progress reports count against. */
    void plan(int replications) {
        total.addAndGet(replications);
    }

    /** Counts planned replications that turned out not to be needed as done. */
    void skip(int replications) {
        if (replications > 0) {
            progress.update(done.addAndGet(replications), total.get());
        }
    }

    /** Replications 0 .. settings.replications() - 1 of a template with the settings' seed. */
    double[][] replicate(TemplateModel model, double[][] perWeek, SimulationSettings settings) {
        List<Callable<double[]>> tasks = new ArrayList<>();
        for (int r = 0; r < settings.replications(); r++) {
            long seed = Randoms.replicationSeed(settings.seed(), r);
            tasks.add(() -> {
                double[] metrics = Replication.run(model, perWeek, settings, seed);
                progress.update(done.incrementAndGet(), total.get());
                return metrics;
            });
        }
        try {
            List<Future<double[]>> futures = pool.invokeAll(tasks);
            double[][] results = new double[futures.size()][];
            for (int r = 0; r < results.length; r++) {
                results[r] = futures.get(r).get();
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("simulation interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    SimulationResult result(TemplateModel model, double[][] perWeek, SimulationSettings settings) {
        return SimulationResult.of(settings, model.clinicianCount(), replicate(model, perWeek, settings));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
