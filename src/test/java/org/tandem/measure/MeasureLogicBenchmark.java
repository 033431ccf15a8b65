package org.tandem.measure;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Prints how fast the pure logic evaluates both measures, on the 70 deck patients repeated (no database, one thread).
 * Run: {@code mvn -o -q test-compile && mvn -o -q org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt && java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt)
 * org.tandem.measure.MeasureLogicBenchmark 1000000}.
 */
public final class MeasureLogicBenchmark {

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ExpansionIndex vs = MeasureLogicDeckTest.valueSets();
        FhirMeasureMapper mapper = new FhirMeasureMapper(ZoneOffset.UTC);
        List<MeasurePatient> deck = new ArrayList<>();
        for (String measure : List.of(Cms2.ID, Cms159.ID)) {
            try (Stream<Path> files = Files.list(Path.of("src/test/resources/ecqm", measure, "tests"))) {
                for (Path f : files.toList()) {
                    deck.add(mapper.patient(FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, Files.readString(f))));
                }
            }
        }
        MeasureLogic[] logic = { new Cms2(), new Cms159() };
        MeasurePeriod period = MeasurePeriod.year(2025);
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            long in = 0;
            for (int i = 0; i < total; i++) {
                MeasurePatient p = deck.get(i % deck.size());
                for (MeasureLogic l : logic) {
                    in += l.evaluate(p, period, vs, ZoneOffset.UTC).size();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,d patients x 2 measures in %.2f s = %,.0f patients/s (populations %d)%n", round, total, seconds,
                    total / seconds, in);
        }
    }
}
