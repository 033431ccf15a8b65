package org.tandem.screening;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Questionnaire;

/** Test-only licensed Questionnaires (placeholder wording) from {@code src/test/resources/screening/licensed/}. */
final class TestQuestionnaires {

    private TestQuestionnaires() {
    }

    /** A file under screening/licensed/, e.g. {@code epds} or {@code broken/epds-missing-item}. */
    static Questionnaire licensed(String name) {
        return QuestionnaireCatalog.parse(licensedJson(name));
    }

    static String licensedJson(String name) {
        String path = "/screening/licensed/" + name + ".json";
        try (InputStream in = TestQuestionnaires.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No test questionnaire " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instrument rules(String id) {
        return Instruments.find(id).orElseThrow();
    }

    /** The rules bound to the test licensed questionnaire of the same id. */
    static Instrument boundLicensed(String id) {
        return QuestionnaireCatalog.bind(rules(id), licensed(id));
    }
}
