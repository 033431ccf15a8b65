package org.tandem.registry;

import java.util.Locale;

/** Lower-case, hyphenated codes for enum constants as stored and shown in FHIR (e.g. RELAPSE_PREVENTION = relapse-prevention). */
final class Codes {

    private Codes() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String code, String what) {
        if (code == null || code.isBlank()) {
            throw new InvalidRegistryData(what + " is required");
        }
        try {
            return Enum.valueOf(type, code.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidRegistryData("Unknown " + what.toLowerCase(Locale.ROOT) + " '" + code + "'");
        }
    }
}
