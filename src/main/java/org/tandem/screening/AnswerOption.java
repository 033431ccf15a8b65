package org.tandem.screening;

/** One allowed answer of a coded item and the points it scores. */
public record AnswerOption(Code code, int score) {
}
