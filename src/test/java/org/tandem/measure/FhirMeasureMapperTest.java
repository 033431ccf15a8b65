package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

class FhirMeasureMapperTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final FhirMeasureMapper mapper = new FhirMeasureMapper(NEW_YORK);

    private static Bundle bundle(String entries) {
        String json = """
                {"resourceType":"Bundle","type":"collection","entry":[
                 {"fullUrl":"https://ehr.example.org/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1","birthDate":"1980-02-29",
                  "gender":"female","deceasedBoolean":true}},
                """ + entries + "]}";
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
    }

    @Test
    void onlyResourcesAboutThePatientAreAttached() {
        MeasurePatient p = mapper.patient(bundle("""
                {"resource":{"resourceType":"ServiceRequest","id":"mine","status":"active","intent":"order","subject":{"reference":"Patient/p1"}}},
                {"resource":{"resourceType":"ServiceRequest","id":"same-server","status":"active","intent":"order",
                  "subject":{"reference":"https://ehr.example.org/fhir/Patient/p1"}}},
                {"resource":{"resourceType":"ServiceRequest","id":"other-id","status":"active","intent":"order","subject":{"reference":"Patient/p2"}}},
                {"resource":{"resourceType":"ServiceRequest","id":"other-server","status":"active","intent":"order",
                  "subject":{"reference":"http://GoodHealthcare.com/fhir/Patient/p1"}}},
                {"resource":{"resourceType":"ServiceRequest","id":"no-subject","status":"active","intent":"order"}}
                """));
        assertThat(p.events()).extracting(MeasureEvent::id).containsExactlyInAnyOrder("mine", "same-server");
        assertThat(p.birthDate()).isEqualTo(LocalDate.of(1980, 2, 29));
        assertThat(p.deceased()).isTrue();
        assertThat(p.deceasedAt()).isNull();
    }

    @Test
    void aDateWithoutTimeIsTheStartOfThatDayInThePracticeZoneWithDayPrecision() {
        MeasurePatient p = mapper.patient(bundle("""
                {"resource":{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p1"},"onsetDateTime":"2024-05-01",
                  "abatementPeriod":{"start":"2024-06-01T00:00:00Z","end":"2024-07-01T00:00:00Z"},
                  "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"resolved"}]},
                  "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"F32.1"}]}}},
                {"resource":{"resourceType":"Condition","id":"age","subject":{"reference":"Patient/p1"},"onsetAge":{"value":40,"code":"a"},
                  "abatementAge":{"value":41,"code":"a"}}}
                """));
        MeasureEvent c = p.events().get(0);
        assertThat(c.dateOnly()).isTrue();
        assertThat(c.start()).isEqualTo(Instant.parse("2024-05-01T04:00:00Z"));
        assertThat(c.end()).as("Interval[low, high): end just before high").isEqualTo(Instant.parse("2024-06-30T23:59:59.999Z"));
        assertThat(c.clinicalStatus()).extracting(MeasureCode::code).containsExactly("resolved");
        MeasureEvent byAge = p.events().get(1);
        // born 1980-02-29: 40 on 2020-02-29; abatement at 41 ends the day before turning 42 (2022-02-28)
        assertThat(byAge.start()).isEqualTo(LocalDate.of(2020, 2, 29).atStartOfDay(NEW_YORK).toInstant());
        assertThat(byAge.end()).isEqualTo(LocalDate.of(2022, 2, 27).atStartOfDay(NEW_YORK).toInstant());
    }

    @Test
    void observationsKeepTheirValueNotDoneReasonAndIssued() {
        MeasurePatient p = mapper.patient(bundle("""
                {"resource":{"resourceType":"Observation","id":"declined","status":"cancelled","subject":{"reference":"Patient/p1"},
                  "code":{"coding":[{"system":"http://loinc.org","code":"73832-8"}]},"issued":"2025-06-28T08:00:00.000+00:00","valueBoolean":true,
                  "extension":[{"url":"http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDoneReason",
                    "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"720834000"}]}}]}},
                {"resource":{"resourceType":"Observation","id":"phq9","status":"final","subject":{"reference":"Patient/p1"},
                  "code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"effectivePeriod":{"start":"2025-01-02T10:00:00Z"},"valueInteger":12}}
                """));
        MeasureEvent declined = p.events().get(0);
        assertThat(declined.hasValue()).isTrue();
        assertThat(declined.valueQuantity()).isNull();
        assertThat(declined.notDoneReasons()).containsExactly(new MeasureCode("http://snomed.info/sct", "720834000"));
        assertThat(declined.authoredOn()).isEqualTo(Instant.parse("2025-06-28T08:00:00Z"));
        MeasureEvent phq9 = p.events().get(1);
        assertThat(phq9.valueQuantity()).isEqualByComparingTo("12");
        assertThat(phq9.start()).isEqualTo(Instant.parse("2025-01-02T10:00:00Z"));
        assertThat(phq9.end()).as("a Period without end stays open").isNull();
        assertThat(Cql.timing(phq9).high()).isEqualTo(Cql.MAX);
    }

    @Test
    void encountersKeepTypeClassPeriodAndDischargeDisposition() {
        MeasurePatient p = mapper.patient(bundle("""
                {"resource":{"resourceType":"Encounter","id":"e","status":"finished","subject":{"reference":"Patient/p1"},
                  "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                  "type":[{"coding":[{"system":"http://snomed.info/sct","code":"183452005"}]}],
                  "period":{"start":"2025-01-01T10:00:00-05:00","end":"2025-01-05T10:00:00-05:00"},
                  "hospitalization":{"dischargeDisposition":{"coding":[{"system":"http://snomed.info/sct","code":"428361000124107"}]}}}}
                """));
        MeasureEncounter e = p.encounters().get(0);
        assertThat(e.classCode()).isEqualTo("IMP");
        assertThat(e.types()).containsExactly(new MeasureCode("http://snomed.info/sct", "183452005"));
        assertThat(e.start()).isEqualTo(Instant.parse("2025-01-01T15:00:00Z"));
        assertThat(e.dischargeDisposition()).containsExactly(new MeasureCode("http://snomed.info/sct", "428361000124107"));
    }
}
