package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scheduling pages build message keys from codes (block kinds, weekdays, template and visit statuses, sources,
 * status notices) and name keys in Java for form problems; every one exists in English and Spanish.
 */
class SchedulingMessagesTest {

    static final Pattern JAVA_KEY = Pattern.compile("\"(schedule\\.[A-Za-z0-9_.-]+[A-Za-z0-9_-])\"");

    @Test
    void everyCodeAndEveryKeyNamedInJavaHasEnglishAndSpanishText() throws IOException {
        Set<String> used = new TreeSet<>();
        for (BlockKind kind : BlockKind.values()) {
            used.add("schedule.kind." + kind.code());
            used.add("schedule.kindShort." + kind.code());
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            used.add("schedule.day." + WeekGrid.key(day));
        }
        for (TemplateStatus status : TemplateStatus.values()) {
            used.add("schedule.status." + TemplatePages.code(status));
        }
        for (AppointmentStatus status : AppointmentStatus.values()) {
            used.add("schedule.visit." + status.code());
            if (status != AppointmentStatus.BOOKED) {
                used.add("schedule.notice.status." + status.code());
            }
        }
        for (AppointmentSource source : AppointmentSource.values()) {
            used.add("schedule.source." + source.code());
        }
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/org/tandem/scheduling"))) {
            for (Path source : sources.toList()) {
                Matcher keys = JAVA_KEY.matcher(Files.readString(source));
                while (keys.find()) {
                    used.add(keys.group(1));
                }
            }
        }
        assertThat(used).contains("schedule.error.conflict", "schedule.notice.activated");
        Properties english = load("/messages.properties");
        Properties spanish = load("/messages_es.properties");
        assertThat(used.stream().filter(key -> !english.containsKey(key)).toList()).as("missing in messages.properties").isEmpty();
        assertThat(used.stream().filter(key -> !spanish.containsKey(key)).toList()).as("missing in messages_es.properties").isEmpty();
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SchedulingMessagesTest.class.getResourceAsStream(name)) {
            properties.load(in);
        }
        return properties;
    }
}
