package org.tandem.registry;

import java.util.List;

/** What an episode of behavioral health care treats, and the measures it follows by default. */
public enum EpisodeFocus {
    DEPRESSION(List.of("phq-9")),
    ANXIETY(List.of("gad-7")),
    SUBSTANCE_USE(List.of("phq-9")),
    OTHER(List.of("phq-9"));

    private final List<String> defaultInstruments;

    EpisodeFocus(List<String> defaultInstruments) {
        this.defaultInstruments = defaultInstruments;
    }

    public List<String> defaultInstruments() {
        return defaultInstruments;
    }

    public String code() {
        return Codes.of(this);
    }

    public static EpisodeFocus of(String code) {
        return Codes.parse(EpisodeFocus.class, code, "Focus");
    }
}
