package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The demand page builds message keys in Java; every such key exists in English and Spanish. */
class DemandMessagesTest {

    @Test
    void keysBuiltInJavaExistInEnglishAndSpanish() throws IOException {
        List<String> keys = new ArrayList<>(List.of("demand.card.availability", "demand.card.availability.explain",
                "demand.card.availability.empty", "demand.card.availability.noTemplate", "demand.card.availability.noTemplates",
                "demand.total.availability", "demand.caption.availability", "demand.cell.availability", "demand.card.gap",
                "demand.card.gap.explain", "demand.card.gap.noDemand", "demand.card.gap.noTemplate", "demand.card.gap.balanced",
                "demand.caption.gap", "demand.cell.gap", "demand.gap.basis.screens", "demand.gap.basis.visits",
                "demand.template.option", "demand.error.date", "demand.error.order", "demand.error.range", "demand.error.template"));
        for (String id : List.of("handoffs", "visits", "screens")) {
            for (String part : List.of("demand.card.%s", "demand.card.%s.explain", "demand.card.%s.empty", "demand.total.%s",
                    "demand.caption.%s", "demand.cell.%s")) {
                keys.add(String.format(part, id));
            }
        }
        for (TemplateStatus status : TemplateStatus.values()) {
            keys.add("demand.template.status." + status.name());
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
