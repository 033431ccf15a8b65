package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard builds message keys in Java (titles, definitions, value kinds, populations); every such key exists in
 * English and Spanish, and every measures key of the English file has a Spanish translation.
 */
class MeasureMessagesTest {

    static final List<String> ECQMS = List.of("PCSDepressionScreenAndFollowUpFHIR", "DepressionRemissionatTwelveMonthsFHIR");
    /** Keys whose text is the same in both languages. */
    static final Set<String> SAME = Set.of("measures.csv", "measures.reportJson", "measures.noValue", "measures.patientValue.screening-reach",
            "measures.trend.point");

    @Test
    void keysBuiltInJavaExistInEnglishAndSpanish() throws IOException {
        List<String> keys = new ArrayList<>();
        for (String id : ECQMS) {
            keys.add("measures.title." + id);
            keys.add("measures.definition." + id);
        }
        for (ProgramMetric m : ProgramMetric.values()) {
            keys.add("measures.title." + m.id());
            keys.add("measures.definition." + m.id());
            keys.add("measures.patientValue." + m.id());
        }
        for (ProgramMetric.Kind k : ProgramMetric.Kind.values()) {
            keys.add("measures.valueKind." + k.name().toLowerCase(Locale.ROOT));
        }
        for (Population p : Population.values()) {
            keys.add("measures.group." + p.code());
        }
        keys.addAll(List.of("measures.group.not-met", "measures.group.handoffs.denominator", "measures.group.handoffs.numerator",
                "measures.group.handoffs.not-met", "measures.error.date", "measures.error.order", "measures.error.range",
                "measures.unattributed", "measures.site.unknown", "measures.days", "measures.trend.point"));
        Properties en = load("/messages.properties");
        Properties es = load("/messages_es.properties");
        assertThat(keys).allMatch(en::containsKey).allMatch(es::containsKey);
        for (String key : en.stringPropertyNames()) {
            if (key.startsWith("measures.")) {
                assertThat(es.getProperty(key)).as(key).isNotNull();
                if (!SAME.contains(key)) {
                    assertThat(es.getProperty(key)).as(key).isNotEqualTo(en.getProperty(key));
                }
            }
        }
    }

    private Properties load(String file) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream(file)) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return messages;
    }
}
