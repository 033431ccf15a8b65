package org.tandem.measure;

/** One coding (system and code), as the CQL compares them ({@code ~} / {@code in}): the display is never compared. */
public record MeasureCode(String system, String code) {
}
