package org.tandem.handoff;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tandem.scheduling.BlockKind;

/**
 * The handoff pages build message keys from codes (reasons, urgencies, presence states, statuses, outcomes, fallbacks,
 * interventions, history steps, slot kinds) and name keys in Java; every one of them exists in English and Spanish.
 */
class HandoffMessagesTest {

    static final Pattern JAVA_KEY = Pattern.compile("\"(handoff\\.[A-Za-z0-9_.-]+)\"");

    @Test
    void everyCodeAndEveryKeyNamedInJavaHasEnglishAndSpanishText() throws IOException {
        Properties english = load("/messages.properties");
        Properties spanish = load("/messages_es.properties");
        Set<String> used = new TreeSet<>();
        for (HandoffReason reason : HandoffReason.values()) {
            used.add("handoff.reason." + reason.code());
        }
        for (Urgency urgency : Urgency.values()) {
            used.add("handoff.urgency." + urgency.code());
            used.add("handoff.urgency." + urgency.code() + ".hint");
        }
        for (PresenceState state : PresenceState.values()) {
            used.add("handoff.state." + state.code());
        }
        for (PresenceState norm : List.of(PresenceState.INTERRUPTIBLE, PresenceState.DO_NOT_INTERRUPT)) {
            used.add("handoff.settings.norm." + norm.code());
        }
        for (HandoffStatus status : HandoffStatus.values()) {
            used.add("handoff.status." + status.code());
        }
        for (HandoffOutcome outcome : HandoffOutcome.values()) {
            used.add("handoff.outcome." + outcome.code());
        }
        for (Fallback fallback : Fallback.values()) {
            used.add("handoff.fallback." + fallback.code());
            used.add("handoff.fallback." + fallback.code() + ".hint");
            used.add("handoff.fallback.chosen." + fallback.code());
            used.add("handoff.fallback.done." + fallback.code());
        }
        for (BriefIntervention intervention : BriefIntervention.values()) {
            used.add("handoff.intervention." + intervention.code());
        }
        for (String step : List.of("requested", "widened", "accepted", "started", "escalated", "completed", "closed", "cancelled",
                "fallback")) {
            used.add("handoff.step." + step);
        }
        for (BlockKind kind : BlockKind.values()) {
            used.add("handoff.slot.kind." + kind.code());
        }
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/tandem/handoff"))) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher keys = JAVA_KEY.matcher(Files.readString(source));
                while (keys.find()) {
                    if (!keys.group(1).endsWith(".")) { // a prefix completed with a code
                        used.add(keys.group(1));
                    }
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(80);
        assertThat(used.stream().filter(key -> !english.containsKey(key)).toList()).as("missing in messages.properties").isEmpty();
        assertThat(used.stream().filter(key -> !spanish.containsKey(key)).toList()).as("missing in messages_es.properties").isEmpty();
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = HandoffMessagesTest.class.getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
