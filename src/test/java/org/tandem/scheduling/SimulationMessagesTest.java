package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tandem.scheduling.SimulationResult.Metric;

/**
 * The simulation page builds message keys from codes (metrics, verdicts, choices, statuses, sources, block kinds) and
 * names keys in Java for form problems; every one of them exists in English and Spanish.
 */
class SimulationMessagesTest {

    static final Pattern JAVA_KEY = Pattern.compile("\"(simulation\\.[A-Za-z0-9_.-]+[A-Za-z0-9_-])\"");

    @Test
    void everyCodeAndEveryKeyNamedInJavaHasEnglishAndSpanishText() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Metric metric : Metric.values()) {
            used.add("simulation.metric." + metric.code());
        }
        for (Metric metric : SimulationChart.METRICS) {
            used.add("simulation.chart." + metric.code());
        }
        for (String verdict : List.of("better", "worse", "higher", "lower")) {
            used.add("simulation.verdict." + verdict);
        }
        for (SimulationSettings.Duration d : SimulationSettings.Duration.values()) {
            used.add("simulation.duration." + SimulationPages.code(d));
        }
        for (SimulationSettings.Interruption i : SimulationSettings.Interruption.values()) {
            used.add("simulation.interruption." + SimulationPages.code(i));
        }
        for (TemplateStatus status : TemplateStatus.values()) {
            used.add("simulation.status." + SimulationPages.code(status));
        }
        for (String source : SimulationPages.SOURCES) {
            used.add("simulation.error.noDemand." + source);
        }
        for (BlockKind kind : List.of(BlockKind.COUNSELING, BlockKind.BRIEF, BlockKind.ADMIN)) {
            used.add("simulation.swap." + kind.code());
        }
        for (String field : List.of("weeks", "replications", "patience", "handoffMinutes", "returnShare", "returnDays", "prebooked",
                "noShow")) {
            used.add("simulation.error." + field);
        }
        Matcher keys = JAVA_KEY.matcher(Files.readString(Path.of("src/main/java/org/tandem/scheduling/SimulationPages.java")));
        while (keys.find()) {
            if (!keys.group(1).endsWith(".")) {
                used.add(keys.group(1));
            }
        }
        Properties english = load("/messages.properties");
        Properties spanish = load("/messages_es.properties");
        assertThat(used).hasSizeGreaterThan(60);
        assertThat(used).allSatisfy(key -> {
            assertThat(english).as("English " + key).containsKey(key);
            assertThat(spanish).as("Spanish " + key).containsKey(key);
        });
        // every simulation key has both languages
        for (String key : english.stringPropertyNames()) {
            if (key.startsWith("simulation.")) {
                assertThat(spanish).as("Spanish " + key).containsKey(key);
            }
        }
    }

    static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SimulationMessagesTest.class.getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
