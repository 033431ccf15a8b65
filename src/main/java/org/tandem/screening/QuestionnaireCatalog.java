package org.tandem.screening;

import org.hl7.fhir.r4.model.Questionnaire;

/** TEMPORARY compile placeholder, replaced by the screening-content branch before commit. */
final class QuestionnaireCatalog {
    private QuestionnaireCatalog() {
    }

    static Questionnaire shipped(String id) {
        throw new UnsupportedOperationException();
    }

    static java.util.List<Questionnaire> shipped() {
        throw new UnsupportedOperationException();
    }

    static Instrument bind(Instrument rules, Questionnaire q) {
        throw new UnsupportedOperationException();
    }

    static ScreeningForm form(Instrument bound, Questionnaire q, java.util.Locale locale) {
        throw new UnsupportedOperationException();
    }
}
