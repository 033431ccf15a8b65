package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry pages build message keys from codes (statuses, foci, reasons, modes, activities, ...) and name keys in
 * Java for form problems; every one of them exists in English and Spanish.
 */
class RegistryMessagesTest {

    static final Pattern JAVA_KEY = Pattern.compile("\"(registry\\.[A-Za-z0-9_.-]+)\"");

    @Test
    void everyCodeAndEveryKeyNamedInJavaHasEnglishAndSpanishText() throws IOException {
        Properties english = load("/messages.properties");
        Properties spanish = load("/messages_es.properties");
        Set<String> used = new TreeSet<>();
        for (EpisodeFocus focus : EpisodeFocus.values()) {
            used.add("registry.focus." + focus.code());
        }
        for (EpisodeStatus status : EpisodeStatus.values()) {
            used.add("registry.status." + status.code());
            used.add("registry.step." + status.code());
        }
        for (String step : List.of("consent", "assigned", "plan")) {
            used.add("registry.step." + step);
        }
        for (EpisodeStatus status : List.of(EpisodeStatus.REFERRED, EpisodeStatus.ENROLLED)) {
            used.add("registry.enrol.statusHint." + status.code());
        }
        for (DischargeReason reason : DischargeReason.values()) {
            used.add("registry.reason." + reason.code());
        }
        for (BillingModel model : BillingModel.values()) {
            used.add("registry.billing." + model.code());
        }
        for (ContactMode mode : ContactMode.values()) {
            used.add("registry.mode." + mode.code());
        }
        for (Activity activity : Activity.values()) {
            used.add("registry.activity." + activity.code());
        }
        for (ClinicianRole role : ClinicianRole.values()) {
            used.add("registry.role." + role.code());
        }
        for (TreatmentKind kind : TreatmentKind.values()) {
            used.add("registry.change.kind." + kind.code());
        }
        for (String method : List.of("verbal", "written")) {
            used.add("registry.consent.method." + method);
        }
        for (String band : List.of("minimal", "mild", "moderate", "moderately-severe", "severe")) {
            used.add("registry.chart.band." + band);
        }
        for (String measure : EpisodePages.CONTACT_MEASURES) {
            used.add("registry.contact.measure." + measure);
        }
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/tandem/registry"))) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
        }
        for (Path source : sources) {
            Matcher keys = JAVA_KEY.matcher(Files.readString(source));
            while (keys.find()) {
                if (!keys.group(1).endsWith(".")) { // a prefix completed with a code
                    used.add(keys.group(1));
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(80);
        assertThat(used.stream().filter(key -> !english.containsKey(key)).toList()).as("missing in messages.properties").isEmpty();
        assertThat(used.stream().filter(key -> !spanish.containsKey(key)).toList()).as("missing in messages_es.properties").isEmpty();
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = RegistryMessagesTest.class.getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
