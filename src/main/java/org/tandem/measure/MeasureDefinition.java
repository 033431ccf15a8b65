package org.tandem.measure;

/**
 * A measure Tandem evaluates.
 *
 * @param id the official Measure id, e.g. {@code PCSDepressionScreenAndFollowUpFHIR}
 * @param cmsId e.g. {@code CMS2}
 * @param url the Measure's canonical URL
 * @param improvementNotation {@code increase} or {@code decrease}
 */
public record MeasureDefinition(String id, String cmsId, String title, String version, String url, String improvementNotation) {
}
