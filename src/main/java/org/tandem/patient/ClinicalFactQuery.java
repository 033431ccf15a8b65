package org.tandem.patient;

import java.time.Instant;
import java.util.Collection;

/**
 * A search of the practice's clinical facts of one resource type, one page at a time, newest first. Criteria given
 * must all match.
 *
 * @param resourceType one of {@link ClinicalFactDetails#RESOURCE_TYPES}
 * @param patient the patient, or null for every patient of the practice
 * @param codeSystem the system of {@code codes}, or null for codes of any system
 * @param codes codes the fact's main code or any of its codings must be one of; null for any code, empty for none
 * @param from earliest effective start (inclusive), or null
 * @param to effective starts before this (exclusive), or null
 */
public record ClinicalFactQuery(String resourceType, PatientId patient, String codeSystem, Collection<String> codes,
        Instant from, Instant to, int offset, int limit) {
}
