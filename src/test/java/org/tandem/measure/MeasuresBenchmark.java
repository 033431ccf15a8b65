package org.tandem.measure;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * Benchmark (prints figures, asserts nothing about time; run explicitly:
 * {@code mvn -o -q test -Dtest=MeasuresBenchmark -Dbench.patients=2000}): the demo practice with N patients, both
 * measures evaluated cold (after a data-change event: population read from the database) and cached, a 24-month
 * trend cold and cached (medians of {@code bench.runs}), and the pure
 * evaluation rate over the population cloned in memory up to {@code bench.clones} patients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = { "tandem.demo.load=true",
        "tandem.demo.patients=${bench.patients:2000}",
        "spring.datasource.url=jdbc:h2:mem:bench-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" })
class MeasuresBenchmark {

    @Autowired
    Measures measures;
    @Autowired
    Practices practices;
    @Autowired
    CurrentActor actors;
    @Autowired
    StoredValueSets valueSets;
    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void print(String label, List<Long> times, String data) {
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("BENCH %s: median %d ms (min %d, max %d, %d runs: %s) [%s]%n", label, sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1], sorted.length, times, data);
    }

    @Test
    void evaluatesBothMeasuresForTheDemoPractice() {
        PracticeId practice = practices.findByName("Riverside Family Medicine").orElseThrow().id();
        Actor pcp = Actor.system("bench", practice, java.util.Set.of(Role.PCP), Channel.CLI);
        LocalDate today = LocalDate.now(ZoneId.of("America/Chicago"));
        MeasurePeriod year = new MeasurePeriod(today.minusYears(1).plusDays(1), today);
        int runs = Integer.getInteger("bench.runs", 7);
        String machine = String.format("%d cores, load %.1f, H2", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<MeasurePeriod> months = new ArrayList<>();
        for (int m = 23; m >= 0; m--) {
            LocalDate first = today.withDayOfMonth(1).minusMonths(m);
            months.add(new MeasurePeriod(first.minusYears(1).plusMonths(1), first.plusMonths(1).minusDays(1)));
        }
        actors.runAs(pcp, () -> {
            List<Long> cold = new ArrayList<>();
            List<Long> coldTrend = new ArrayList<>();
            List<Long> cached = new ArrayList<>();
            List<Long> cachedTrend = new ArrayList<>();
            int evaluated = 0;
            for (int round = 0; round < runs; round++) {
                events.publishEvent(new org.tandem.patient.PatientDataChanged(practice)); // nothing cached
                long start = System.nanoTime();
                for (String id : EcqmCatalog.MEASURE_IDS) {
                    MeasureEvaluation e = measures.evaluate(id, year);
                    evaluated = e.evaluated();
                    if (round == 0) {
                        System.out.printf("BENCH %s: %d patients, counts %s%n", id, e.evaluated(), e.counts());
                    }
                }
                cold.add(ms(start));
                start = System.nanoTime();
                for (String id : EcqmCatalog.MEASURE_IDS) {
                    measures.evaluate(id, months);
                }
                coldTrend.add(ms(start));
                start = System.nanoTime();
                for (String id : EcqmCatalog.MEASURE_IDS) {
                    measures.evaluate(id, year);
                }
                cached.add(ms(start));
                start = System.nanoTime();
                for (String id : EcqmCatalog.MEASURE_IDS) {
                    measures.evaluate(id, months);
                }
                cachedTrend.add(ms(start));
            }
            String data = evaluated + " patients, " + machine;
            print("both measures, one year, cold (population read and evaluated)", cold, data);
            print("both measures, 24 rolling-year periods after that (population cached, periods evaluated)", coldTrend, data);
            print("both measures, one year, cached", cached, data);
            print("both measures, 24 rolling-year periods, cached", cachedTrend, data);
            return null;
        });
        // Pure evaluation rate: the cached population cloned in memory with fresh ids.
        List<MeasurePatient> population = actors.runAs(pcp, () -> measures.cachedPopulation(practice));
        int clones = Integer.getInteger("bench.clones", 200_000);
        List<MeasurePatient> big = new ArrayList<>(clones);
        for (int i = 0; big.size() < clones; i++) {
            MeasurePatient p = population.get(i % population.size());
            big.add(new MeasurePatient(UUID.randomUUID(), p.birthDate(), p.gender(), p.deceased(), p.deceasedAt(), p.pcpId(),
                    p.encounters(), p.events()));
        }
        ZoneId zone = ZoneId.of("America/Chicago");
        for (MeasureLogic logic : List.<MeasureLogic>of(new Cms2(), new Cms159())) {
            long start = System.nanoTime();
            int in = 0;
            for (MeasurePatient p : big) {
                if (!logic.evaluate(p, year, valueSets, zone).isEmpty()) {
                    in++;
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("BENCH in-memory %s over %d patients: %d ms (%d patients/s), %d in a population%n", logic.measureId(),
                    big.size(), ms, ms == 0 ? 0 : big.size() * 1000L / ms, in);
        }
    }
}
