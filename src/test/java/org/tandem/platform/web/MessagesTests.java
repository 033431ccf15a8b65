package org.tandem.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
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
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.tandem.platform.Role;

/** Every word on a page comes from the messages files, in English and Spanish. */
class MessagesTests {

    static final Path TEMPLATES = Path.of("src/main/resources/templates");
    static final Path JAVA = Path.of("src/main/java");
    /** Text that is allowed as is: punctuation, numbers and symbols, no letters. */
    static final Pattern NO_LETTERS = Pattern.compile("[^\\p{L}]*");
    /** Attributes a person reads or hears. */
    static final Set<String> READ_ATTRIBUTES = Set.of("placeholder", "title", "alt", "aria-label", "value");
    static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.]+)");
    static final Pattern JAVA_KEY = Pattern.compile("\"((?:users|login|audit|patients|overview|screening|alerts|kiosk)\\.[A-Za-z0-9_.]+)\"");

    @Test
    void templatesHaveNoHardCodedText() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path template : templates()) {
            Document document = Jsoup.parse(Files.readString(template), "", Parser.xmlParser());
            for (Element element : document.getAllElements()) {
                if (element.hasAttr("th:text") || element.hasAttr("th:utext")) {
                    continue;
                }
                for (TextNode text : element.textNodes()) {
                    if (!NO_LETTERS.matcher(text.text().trim()).matches()) {
                        problems.add(TEMPLATES.relativize(template) + ": text \"" + text.text().trim() + "\" in <" + element.tagName() + ">");
                    }
                }
                for (Attribute attribute : element.attributes()) {
                    if (READ_ATTRIBUTES.contains(attribute.getKey())
                            && !NO_LETTERS.matcher(attribute.getValue()).matches() && !element.hasAttr("th:" + attribute.getKey())
                            && !(attribute.getKey().equals("value") && element.hasAttr("th:value"))) {
                        problems.add(TEMPLATES.relativize(template) + ": attribute " + attribute.getKey() + "=\""
                                + attribute.getValue() + "\" on <" + element.tagName() + ">");
                    }
                }
            }
        }
        assertThat(problems).as("hard-coded text in templates; use th:text with #{...}").isEmpty();
    }

    @Test
    void everyMessageKeyExistsInEnglishAndSpanish() throws IOException {
        Properties english = load("/messages.properties");
        Properties spanish = load("/messages_es.properties");
        Set<String> used = new TreeSet<>();
        for (Path template : templates()) {
            Matcher keys = TEMPLATE_KEY.matcher(Files.readString(template));
            while (keys.find()) {
                used.add(keys.group(1));
            }
        }
        try (Stream<Path> sources = Files.walk(JAVA)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher keys = JAVA_KEY.matcher(Files.readString(source));
                while (keys.find()) {
                    used.add(keys.group(1));
                }
            }
        }
        for (Role role : Role.values()) {
            used.add(role.messageKey());
        }
        for (String sex : List.of("male", "female", "other", "unknown")) {
            used.add("sex." + sex);
        }
        for (String type : List.of("Condition", "Observation", "Procedure", "MedicationRequest", "ServiceRequest", "Coverage")) {
            used.add("facts.type." + type);
        }
        for (var action : org.tandem.privacy.AuditAction.values()) {
            used.add("audit.action." + action.name());
        }
        for (var outcome : org.tandem.privacy.AuditOutcome.values()) {
            used.add("audit.outcome." + outcome.name());
        }
        for (var channel : org.tandem.platform.Channel.values()) {
            used.add("audit.channel." + channel.name());
        }
        // keys screening pages build from codes
        for (var instrument : org.tandem.screening.Instruments.all()) {
            used.add("screening.instrument." + instrument.id());
            instrument.bands().forEach(band -> used.add("screening.band." + band.key()));
        }
        for (String risk : List.of("none", "low", "moderate", "high", "negative", "non-acute", "acute")) {
            used.add("screening.risk." + risk);
        }
        for (var kind : org.tandem.screening.FollowUp.values()) {
            used.add("screening.followUp." + kind.code());
        }
        for (var level : org.tandem.screening.RiskAssessment.Level.values()) {
            used.add("alerts.level." + level.code());
        }
        for (String mode : List.of("staff", "self", "home", "api")) {
            used.add("screening.source." + mode);
        }
        for (String language : List.of("en", "es")) {
            used.add("screening.language." + language);
        }
        for (String status : List.of("active", "acknowledged", "closed")) {
            used.add("alerts.status." + status);
        }
        for (String step : List.of("raised", "escalated", "acknowledged", "assessed", "closed")) {
            used.add("alerts.step." + step);
        }
        for (String rule : List.of("phq-9-item-9", "phq-a-item-9", "phq-a-serious-thoughts", "phq-a-ever-attempted", "epds-item-10",
                "asq-positive", "asq-acute-positive", "cssrs-imminent")) {
            used.add("alerts.rule." + rule);
        }
        assertThat(used).as("keys used by pages").hasSizeGreaterThan(100);
        assertThat(used.stream().filter(key -> !english.containsKey(key)).toList()).as("missing in messages.properties").isEmpty();
        assertThat(used.stream().filter(key -> !spanish.containsKey(key)).toList()).as("missing in messages_es.properties").isEmpty();
        assertThat(new TreeSet<>(spanish.stringPropertyNames())).as("both files have the same keys")
                .isEqualTo(new TreeSet<>(english.stringPropertyNames()));
    }

    @Test
    void guardCatchesHardCodedText() {
        Document document = Jsoup.parse("<p>Hello</p><p th:text=\"#{x}\">ok</p><span>: 12</span><input placeholder=\"Name\">", "",
                Parser.xmlParser());
        long flagged = document.getAllElements().stream().filter(e -> !e.hasAttr("th:text"))
                .flatMap(e -> e.textNodes().stream()).filter(t -> !NO_LETTERS.matcher(t.text().trim()).matches()).count();
        assertThat(flagged).isEqualTo(1);
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            List<Path> templates = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
            assertThat(templates).hasSizeGreaterThanOrEqualTo(10);
            return templates;
        }
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessagesTests.class.getResourceAsStream(resource)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }
}
