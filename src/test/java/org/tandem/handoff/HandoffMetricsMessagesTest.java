package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The metrics page builds message keys in Java; every such key exists in English and Spanish. */
class HandoffMetricsMessagesTest {

    @Test
    void keysBuiltInJavaExistInEnglishAndSpanish() throws IOException {
        List<String> keys = new ArrayList<>(List.of("handoff.metrics.requests", "handoff.metrics.accepted",
                "handoff.metrics.missed", "handoff.metrics.weekOf", "handoff.metrics.barTitle", "handoff.metrics.medianTitle",
                "handoff.metrics.error.date", "handoff.metrics.error.order", "handoff.metrics.error.range",
                "handoff.metrics.error.reason", "handoff.metrics.error.clinician"));
        for (HandoffReason reason : HandoffReason.values()) {
            keys.add("handoff.metrics.reason." + reason.code());
        }
        for (String file : List.of("/messages.properties", "/messages_es.properties")) {
            Properties messages = new Properties();
            try (InputStream in = getClass().getResourceAsStream(file)) {
                messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            assertThat(keys).as(file).allMatch(messages::containsKey);
        }
    }
}
