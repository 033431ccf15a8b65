package org.tandem.patient;

import java.time.LocalDate;

/**
 * A patient search. Every criterion is optional; those given must all match.
 *
 * @param name words that must each appear in the patient's family or given names
 * @param birthFrom earliest birth date (inclusive)
 * @param birthTo latest birth date (inclusive)
 * @param identifierSystem system of the MRN, or null for any
 * @param identifier the MRN
 * @param text free text from a search box: matches an MRN exactly, a birth date, or words of the name
 */
public record PatientQuery(String name, LocalDate birthFrom, LocalDate birthTo, String identifierSystem, String identifier,
        String text, int offset, int limit) {

    public static PatientQuery text(String text, int offset, int limit) {
        return new PatientQuery(null, null, null, null, null, text, offset, limit);
    }
}
