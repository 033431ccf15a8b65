package org.tandem.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

/** A stored patient. */
public record PatientRecord(PatientId id, String mrnSystem, String mrn, String familyName, String givenNames,
        LocalDate birthDate, AdministrativeSex sex, String preferredLanguage, UUID pcpAccountId, int version,
        String rawJson, Instant updatedAt) {

    public String displayName() {
        return givenNames == null || givenNames.isBlank() ? familyName : familyName + ", " + givenNames;
    }

    public Integer ageOn(LocalDate date) {
        return birthDate == null ? null : Period.between(birthDate, date).getYears();
    }
}
