package org.tandem.fhir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code tandem import} run did: per resource type how many were created, updated, left unchanged (already
 * stored exactly so) or acknowledged without being stored, how many were rejected for which reason, how long it took.
 *
 * @param storing the part of the time spent storing (mapping, access policy, SQL, audit, commits); the rest is
 *        reading and parsing the files
 * @param report the file the rejected lines were written to, or null when nothing was rejected
 */
public record ImportSummary(int files, Map<String, Counts> loaded, Map<String, Long> rejected, Duration time, Duration storing,
        Path report) {

    /** Per resource type. */
    public record Counts(long created, long updated, long unchanged, long acknowledged) {

        public long total() {
            return created + updated + unchanged + acknowledged;
        }
    }

    public ImportSummary {
        loaded = Map.copyOf(loaded);
        rejected = Map.copyOf(rejected);
    }

    public Counts of(String type) {
        return loaded.getOrDefault(type, new Counts(0, 0, 0, 0));
    }

    public long created() {
        return loaded.values().stream().mapToLong(Counts::created).sum();
    }

    public long updated() {
        return loaded.values().stream().mapToLong(Counts::updated).sum();
    }

    public long unchanged() {
        return loaded.values().stream().mapToLong(Counts::unchanged).sum();
    }

    /** Resources loaded (stored, found unchanged or acknowledged). */
    public long accepted() {
        return loaded.values().stream().mapToLong(Counts::total).sum();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Resources read per second of wall time, accepted and rejected. */
    public double perSecond() {
        double seconds = Math.max(time.toNanos() / 1e9, 1e-9);
        return (accepted() + rejectedTotal()) / seconds;
    }

    /** The summary as a text table for the console. */
    public String table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-20s %10s %10s %10s %12s", "Loaded", "created", "updated", "unchanged", "not stored"));
        for (Map.Entry<String, Counts> e : new TreeMap<>(loaded).entrySet()) {
            Counts c = e.getValue();
            lines.add(String.format(Locale.ROOT, "%-20s %,10d %,10d %,10d %,12d", e.getKey(), c.created(), c.updated(), c.unchanged(),
                    c.acknowledged()));
        }
        lines.add(String.format(Locale.ROOT, "%-20s %,10d %,10d %,10d %,12d", "total", created(), updated(), unchanged(),
                loaded.values().stream().mapToLong(Counts::acknowledged).sum()));
        if (!rejected.isEmpty()) {
            lines.add("");
            lines.add(String.format(Locale.ROOT, "%-44s %10s", "Rejected", "resources"));
            for (Map.Entry<String, Long> e : new TreeMap<>(rejected).entrySet()) {
                lines.add(String.format(Locale.ROOT, "%-44s %,10d", e.getKey(), e.getValue()));
            }
            lines.add(String.format(Locale.ROOT, "%-44s %,10d", "total", rejectedTotal()));
            lines.add("Rejected lines: " + report);
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%,d files, %,d resources in %.1f s: %,.0f resources/s (%.1f s storing, %.1f s reading "
                + "and parsing)", files, accepted() + rejectedTotal(), time.toMillis() / 1000.0, perSecond(), storing.toMillis() / 1000.0,
                time.minus(storing).toMillis() / 1000.0));
        return String.join(System.lineSeparator(), lines);
    }
}
