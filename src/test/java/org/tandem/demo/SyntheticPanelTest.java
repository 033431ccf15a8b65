package org.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.tandem.patient.AdministrativeSex;

class SyntheticPanelTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final List<SyntheticPatient> PANEL = new SyntheticPanel(20261125L, TODAY, CHICAGO, 3).patients(2000);

    @Test
    void sameSeedGivesTheSamePanel() {
        assertThat(new SyntheticPanel(20261125L, TODAY, CHICAGO, 3).patients(2000)).isEqualTo(PANEL);
    }

    @Test
    void anotherSeedGivesAnotherPanel() {
        List<SyntheticPatient> other = new SyntheticPanel(7L, TODAY, CHICAGO, 3).patients(2000);
        assertThat(other.get(0).id()).isNotEqualTo(PANEL.get(0).id());
        assertThat(other).isNotEqualTo(PANEL);
    }

    @Test
    void patientsKeepTheirIdentityOnAnotherDay() {
        List<SyntheticPatient> later = new SyntheticPanel(20261125L, TODAY.plusDays(9), CHICAGO, 3).patients(2000);
        for (int i = 0; i < PANEL.size(); i++) {
            assertThat(later.get(i).id()).isEqualTo(PANEL.get(i).id());
            assertThat(later.get(i).mrn()).isEqualTo(PANEL.get(i).mrn());
            assertThat(later.get(i).familyName()).isEqualTo(PANEL.get(i).familyName());
        }
    }

    @Test
    void ageAndSexMixLooksLikeAPrimaryCarePanel() {
        assertThat(share(p -> age(p) < 18)).isBetween(0.16, 0.24);
        assertThat(PANEL).allSatisfy(p -> assertThat(age(p)).isBetween(0, 90));
        long youngAdults = PANEL.stream().filter(p -> age(p) >= 18 && age(p) < 30).count();
        long middle = PANEL.stream().filter(p -> age(p) >= 30 && age(p) < 70).count();
        long old = PANEL.stream().filter(p -> age(p) >= 70).count();
        assertThat(middle).isGreaterThan(2 * (youngAdults + old));
        assertThat(old).isPositive();
        assertThat(PANEL.stream().filter(p -> age(p) >= 85).count()).isPositive();

        assertThat(share(p -> p.sex() == AdministrativeSex.FEMALE)).isBetween(0.48, 0.56);
        assertThat(share(p -> p.sex() == AdministrativeSex.MALE)).isBetween(0.42, 0.50);
        double otherOrUnknown = share(p -> p.sex() == AdministrativeSex.OTHER || p.sex() == AdministrativeSex.UNKNOWN);
        assertThat(otherOrUnknown).isGreaterThan(0).isLessThan(0.04);
    }

    @Test
    void namesLanguagesAndRecordNumbers() {
        assertThat(share(p -> "es".equals(p.preferredLanguage()))).isBetween(0.11, 0.19);
        assertThat(PANEL).allSatisfy(p -> assertThat(p.preferredLanguage()).isIn("en", "es"));
        assertThat(PANEL).allSatisfy(p -> {
            assertThat(p.familyName()).isNotBlank();
            assertThat(p.givenNames()).isNotBlank();
            assertThat(p.mrn()).matches("RFM\\d{6}");
            assertThat(p.pcp()).isBetween(0, 2);
        });
        assertThat(PANEL.stream().map(SyntheticPatient::mrn).distinct().count()).isEqualTo(PANEL.size());
        assertThat(PANEL.stream().map(SyntheticPatient::id).distinct().count()).isEqualTo(PANEL.size());
        assertThat(PANEL.stream().map(SyntheticPatient::familyName).distinct().count()).isGreaterThan(100);
        assertThat(PANEL.stream().map(SyntheticPatient::pcp).distinct().count()).isEqualTo(3);
    }

    @Test
    void visitsAreOfficeHoursOnWeekdaysInTheLastTwoYears() {
        LocalDate firstDay = TODAY.minusYears(2);
        for (SyntheticPatient patient : PANEL) {
            for (SyntheticPatient.Visit visit : patient.visits()) {
                ZonedDateTime start = visit.start().atZone(CHICAGO);
                assertThat(start.toLocalDate()).isAfterOrEqualTo(firstDay).isBefore(TODAY).isAfter(patient.birthDate());
                assertThat(start.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
                assertThat(start.toLocalTime()).isBetween(LocalTime.of(8, 0), LocalTime.of(17, 0));
                assertThat(Duration.between(visit.start(), visit.end()).toMinutes()).isBetween(15L, 40L);
            }
        }
    }

    @Test
    void everyoneHasOneToSixVisitsAYear() {
        LocalDate oneYearAgo = TODAY.minusYears(1);
        LocalDate twoYearsAgo = TODAY.minusYears(2);
        int total = 0;
        for (SyntheticPatient patient : PANEL) {
            long firstYear = patient.visits().stream().filter(v -> localDate(v).isBefore(oneYearAgo)).count();
            long secondYear = patient.visits().size() - firstYear;
            assertThat(firstYear).isLessThanOrEqualTo(6);
            assertThat(secondYear).isBetween(1L, 6L);
            if (patient.birthDate().isBefore(twoYearsAgo)) {
                assertThat(firstYear).isGreaterThanOrEqualTo(1);
            }
            total += patient.visits().size();
        }
        assertThat(total / (double) PANEL.size()).isBetween(3.0, 9.0);
        double seniors = PANEL.stream().filter(p -> age(p) >= 65).mapToInt(p -> p.visits().size()).average().orElseThrow();
        double youngAdults = PANEL.stream().filter(p -> age(p) >= 18 && age(p) < 40).mapToInt(p -> p.visits().size()).average().orElseThrow();
        assertThat(seniors).isGreaterThan(youngAdults);
    }

    @Test
    void visitCodesFollowCptRulesForNewPatientsAndAgeBands() {
        Set<String> newCodes = Set.of("99202", "99203", "99204", "99205", "99381", "99382", "99383", "99384", "99385",
                "99386", "99387");
        Set<String> seen = new HashSet<>();
        for (SyntheticPatient patient : PANEL) {
            for (int i = 0; i < patient.visits().size(); i++) {
                SyntheticPatient.Visit visit = patient.visits().get(i);
                String code = visit.code().code();
                seen.add(code);
                assertThat(code).matches("992(0[2-5]|1[2-5])|993(8[1-7]|9[1-7])");
                if (i > 0) {
                    assertThat(newCodes).as("only a first visit is a new-patient visit").doesNotContain(code);
                }
                if (code.startsWith("993")) {
                    int age = Period.between(patient.birthDate(), localDate(visit)).getYears();
                    String band = age < 1 ? "1" : age <= 4 ? "2" : age <= 11 ? "3" : age <= 17 ? "4" : age <= 39 ? "5"
                            : age <= 64 ? "6" : "7";
                    assertThat(code).endsWith(band);
                }
            }
        }
        assertThat(seen).contains("99213", "99214", "99203", "99391", "99392", "99393", "99394", "99395", "99396", "99397");
    }

    @Test
    void conditionsHavePlausiblePrevalence() {
        Map<String, Double> byAge = Map.of(
                "hypertension 18-39", prevalence(Diagnosis.ESSENTIAL_HYPERTENSION, 18, 39),
                "hypertension 65+", prevalence(Diagnosis.ESSENTIAL_HYPERTENSION, 65, 200),
                "diabetes 65+", prevalence(Diagnosis.TYPE_2_DIABETES, 65, 200));
        assertThat(byAge.get("hypertension 65+")).isBetween(0.4, 0.8).isGreaterThan(byAge.get("hypertension 18-39") * 3);
        assertThat(byAge.get("diabetes 65+")).isBetween(0.12, 0.35);
        assertThat(prevalence(Diagnosis.ESSENTIAL_HYPERTENSION, 0, 17)).isZero();
        assertThat(prevalence(Diagnosis.TYPE_2_DIABETES, 0, 17)).isZero();
        double depression = share(p -> p.conditions().stream().anyMatch(c -> c.diagnosis() == Diagnosis.MAJOR_DEPRESSIVE_DISORDER
                || c.diagnosis() == Diagnosis.DEPRESSIVE_DISORDER));
        assertThat(depression).isBetween(0.04, 0.15);
        assertThat(prevalence(Diagnosis.GENERALIZED_ANXIETY_DISORDER, 0, 200)).isBetween(0.03, 0.12);
        assertThat(prevalence(Diagnosis.ALCOHOL_USE_DISORDER, 0, 200)).isBetween(0.01, 0.08);
        for (SyntheticPatient patient : PANEL) {
            assertThat(patient.conditions()).allSatisfy(c -> {
                assertThat(c.onset()).isAfter(patient.birthDate()).isBefore(TODAY);
                assertThat(c.id()).matches("[A-Za-z0-9\\-.]{1,64}");
            });
            assertThat(patient.conditions().stream().map(c -> c.diagnosis()).distinct().count())
                    .isEqualTo(patient.conditions().size());
        }
    }

    @Test
    void conditionJsonIsAMinimalFhirCondition() {
        SyntheticPatient patient = PANEL.stream().filter(p -> !p.conditions().isEmpty()).findFirst().orElseThrow();
        SyntheticPatient.Condition condition = patient.conditions().get(0);
        String json = FhirJson.condition(condition, new org.tandem.patient.PatientId(patient.id()));
        assertThat(json).startsWith("{\"resourceType\":\"Condition\"")
                .contains("\"id\":\"" + condition.id() + "\"")
                .contains("\"system\":\"http://snomed.info/sct\",\"code\":\"" + condition.diagnosis().code() + "\"")
                .contains("\"reference\":\"Patient/" + patient.id() + "\"")
                .contains("\"onsetDateTime\":\"" + condition.onset() + "\"")
                .contains("\"code\":\"active\"");
        assertThat(FhirJson.string("a \"quoted\"\\ line\n")).isEqualTo("\"a \\\"quoted\\\"\\\\ line\\n\"");
    }

    private static double prevalence(Diagnosis diagnosis, int fromAge, int toAge) {
        List<SyntheticPatient> group = PANEL.stream().filter(p -> age(p) >= fromAge && age(p) <= toAge).toList();
        return group.stream().filter(p -> p.conditions().stream().anyMatch(c -> c.diagnosis() == diagnosis)).count()
                / (double) group.size();
    }

    private static double share(Predicate<SyntheticPatient> test) {
        return PANEL.stream().filter(test).count() / (double) PANEL.size();
    }

    private static int age(SyntheticPatient patient) {
        return Period.between(patient.birthDate(), TODAY).getYears();
    }

    private static LocalDate localDate(SyntheticPatient.Visit visit) {
        return visit.start().atZone(CHICAGO).toLocalDate();
    }
}
