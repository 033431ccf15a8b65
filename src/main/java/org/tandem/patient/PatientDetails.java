package org.tandem.patient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a patient record holds, as entered on a page or received over FHIR.
 *
 * @param mrnSystem the identifier system of the medical record number (null: Tandem's own)
 * @param mrn the medical record number (null: Tandem assigns one)
 * @param rawJson the FHIR Patient JSON as received, if it came over FHIR
 */
public record PatientDetails(String mrnSystem, String mrn, String familyName, String givenNames, LocalDate birthDate,
        AdministrativeSex sex, String preferredLanguage, UUID pcpAccountId, String rawJson) {

    /** Tandem's own MRN system, used when a patient is registered without one. */
    public static final String TANDEM_MRN_SYSTEM = "urn:tandem:mrn";

    /** Problems that make this record unacceptable, in words a clinician understands. */
    public List<String> problems(LocalDate today) {
        List<String> problems = new ArrayList<>();
        if (familyName == null || familyName.isBlank()) {
            problems.add("Family name is required");
        } else if (familyName.length() > 100) {
            problems.add("Family name is longer than 100 characters");
        }
        if (givenNames != null && givenNames.length() > 200) {
            problems.add("Given names are longer than 200 characters");
        }
        if (birthDate != null && birthDate.isAfter(today)) {
            problems.add("Birth date " + birthDate + " is in the future");
        }
        if (birthDate != null && birthDate.isBefore(today.minusYears(130))) {
            problems.add("Birth date " + birthDate + " is more than 130 years ago");
        }
        if (mrn != null && (mrn.isBlank() || mrn.length() > 64)) {
            problems.add("Medical record number must be 1 to 64 characters");
        }
        if (mrnSystem != null && mrnSystem.length() > 200) {
            problems.add("Identifier system is longer than 200 characters");
        }
        if (preferredLanguage != null && preferredLanguage.length() > 35) {
            problems.add("Preferred language must be a language code such as en or es");
        }
        return problems;
    }
}
