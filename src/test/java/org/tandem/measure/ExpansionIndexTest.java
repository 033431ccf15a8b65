package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpansionIndexTest {

    private static final String HOSPICE = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1584";

    @Test
    void hcpcsUnderAnyOfItsUrisIsTheSameCode() {
        ExpansionIndex index = MeasureLogicDeckTest.valueSets();
        for (String system : List.of("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
                "http://www.nlm.nih.gov/research/umls/hcpcs", "urn:oid:2.16.840.1.113883.6.285")) {
            assertThat(index.contains(HOSPICE, new MeasureCode(system, "G0182"))).as(system).isTrue();
        }
        assertThat(index.contains(HOSPICE, new MeasureCode("http://www.ama-assn.org/go/cpt", "G0182"))).isFalse();
        assertThat(index.contains(HOSPICE, new MeasureCode(null, "G0182"))).isFalse();
        assertThat(index.contains("http://example.org/ValueSet/unknown", new MeasureCode("http://snomed.info/sct", "1"))).isFalse();
        assertThat(index.contains(HOSPICE, new MeasureCode("urn:oid:2.16.840.1.113883.6.12", "99377"))).as("CPT by OID").isTrue();
    }

    @Test
    void aValueSetWithoutExpansionIsReadFromItsComposeAndVersionsAreMerged() {
        ExpansionIndex index = ExpansionIndex.fromJson(List.of("""
                {"resourceType":"ValueSet","url":"http://example.org/vs","version":"1",
                 "compose":{"include":[{"system":"http://snomed.info/sct","concept":[{"code":"111"}]}]}}
                """, """
                {"resourceType":"ValueSet","url":"http://example.org/vs","version":"2",
                 "expansion":{"timestamp":"2025-01-01T00:00:00Z","contains":[{"system":"http://loinc.org","code":"222","contains":[
                   {"system":"http://loinc.org","code":"333"}]}]}}
                """));
        assertThat(index.contains("http://example.org/vs", new MeasureCode("http://snomed.info/sct", "111"))).isTrue();
        assertThat(index.contains("http://example.org/vs", new MeasureCode("https://snomed.info/sct", "111"))).isTrue();
        assertThat(index.contains("http://example.org/vs", new MeasureCode("http://loinc.org", "333"))).isTrue();
        assertThat(index.contains("http://example.org/vs", new MeasureCode("http://loinc.org", "444"))).isFalse();
        assertThat(index.urls()).containsExactly("http://example.org/vs");
    }

    @Test
    void theIndexHoldsEveryValueSetTheLogicReads() {
        ExpansionIndex index = MeasureLogicDeckTest.valueSets();
        assertThat(new Cms2().valueSets()).allMatch(index::has);
        assertThat(new Cms159().valueSets()).allMatch(index::has);
    }
}
