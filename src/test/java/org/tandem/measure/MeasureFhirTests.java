package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/**
 * Knowledge artifacts over FHIR (ValueSet, Measure, Library; admin-only writes), the start-up loader, and
 * {@code $evaluate-measure}: parameter errors, population reports with their patient lists, tenancy and the cache.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MeasureFhirTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String CMS2_URL = "https://madie.cms.gov/Measure/PCSDepressionScreenAndFollowUpFHIR";
    /** CMS2 deck case "NUMERPass 12yoPosAdolDepScreenandFollowUpProcedure": IPP, DENOM and NUMER 1 in 2025. */
    static final String CMS2_CASE = "ecqm/PCSDepressionScreenAndFollowUpFHIR/tests/tests-8d0a3917-5a1f-4cd8-b98e-473a4e4e8a2b-bundle.json";

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    MeasureContentLoader loader;
    @Autowired
    StoredValueSets valueSets;
    @Autowired
    TenantJdbc jdbc;
    @Autowired
    Measures measures;
    @Autowired
    CurrentActor actors;

    @Test
    void startUpLoaderStoredTheMeasuresOnceAndAgainChangesNothing() {
        int before = artifacts();
        // 2 Measures, 2 Libraries and the value sets of both bundles (value sets the two measures share stored once)
        assertThat(before).isGreaterThanOrEqualTo(34);
        assertThat(loader.load()).isZero();
        assertThat(loader.load()).isZero();
        assertThat(artifacts()).isEqualTo(before);
        String id = "2.16.840.1.113883.3.600.1916";
        jdbc.global().update("DELETE FROM value_set_code WHERE value_set_id = :id", Map.of("id", id));
        jdbc.global().update("DELETE FROM knowledge_artifact WHERE resource_type = 'ValueSet' AND id = :id", Map.of("id", id));
        valueSets.refreshAfterCommit();
        assertThat(loader.load()).isEqualTo(1);
        assertThat(artifacts()).isEqualTo(before);
        assertThat(valueSets.has("http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1916")).isTrue();
    }

    @Test
    void measuresAndLibrariesAreReadAndSearchedByCanonicalUrl() {
        IGenericClient client = client(PracticeFixture.create(practices, "Knowledge reader"), Role.PCP);
        Measure measure = client.read().resource(Measure.class).withId(EcqmCatalog.CMS2).execute();
        assertThat(measure.getUrl()).isEqualTo(CMS2_URL);
        assertThat(measure.getVersion()).isEqualTo("0.2.000");
        Bundle found = client.search().forResource(Measure.class).where(Measure.URL.matches().value(CMS2_URL + "|0.2.000"))
                .returnBundle(Bundle.class).execute();
        assertThat(found.getEntry()).hasSize(1);
        Library library = client.read().resource(Library.class).withId(EcqmCatalog.CMS159).execute();
        assertThat(library.getContent()).isNotEmpty();
        assertThatThrownBy(() -> client.read().resource(Measure.class).withId("NoSuchMeasure").execute())
                .isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void valueSetsLoadThroughPostFhirByAdminsOnlyAndTheIndexSeesThem() {
        PracticeFixture practice = PracticeFixture.create(practices, "Knowledge admin");
        String url = "urn:tandem:test:valueset:" + practice.prefix();
        ValueSet valueSet = new ValueSet();
        valueSet.setId("vs-" + practice.prefix());
        valueSet.setUrl(url);
        valueSet.setVersion("1");
        valueSet.setName("TestValueSet");
        valueSet.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        valueSet.getExpansion().addContains().setSystem("http://snomed.info/sct").setCode("123456");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource(valueSet).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("ValueSet/" + valueSet.getId());

        assertThatThrownBy(() -> client(practice, Role.PCP).transaction().withBundle(bundle).execute())
                .isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThat(valueSets.has(url)).isFalse();

        Bundle response = client(practice, Role.PRACTICE_ADMIN).transaction().withBundle(bundle).execute();
        assertThat(response.getEntryFirstRep().getResponse().getStatus()).isEqualTo("201 Created");
        assertThat(valueSets.contains(url, new MeasureCode("http://snomed.info/sct", "123456"))).isTrue();

        valueSet.getExpansion().getContains().clear();
        valueSet.getExpansion().addContains().setSystem("http://snomed.info/sct").setCode("654321");
        Bundle again = client(practice, Role.PRACTICE_ADMIN).transaction().withBundle(bundle).execute();
        assertThat(again.getEntryFirstRep().getResponse().getStatus()).isEqualTo("200 OK");
        assertThat(valueSets.contains(url, new MeasureCode("http://snomed.info/sct", "123456"))).isFalse();
        assertThat(valueSets.contains(url, new MeasureCode("http://snomed.info/sct", "654321"))).isTrue();
        ValueSet read = client(practice, Role.PCP).read().resource(ValueSet.class).withId(valueSet.getId()).execute();
        assertThat(read.getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void badParametersAre400AndAnUnknownMeasure404() {
        IGenericClient client = client(PracticeFixture.create(practices, "Bad parameters"), Role.PCP);
        assertThat(status(client, EcqmCatalog.CMS2, Map.of("periodEnd", "2025-12-31"))).isEqualTo(400);
        assertThat(status(client, EcqmCatalog.CMS2, Map.of("periodStart", "2025-13-01", "periodEnd", "2025-12-31"))).isEqualTo(400);
        assertThat(status(client, EcqmCatalog.CMS2, Map.of("periodStart", "2025-12-31", "periodEnd", "2025-01-01"))).isEqualTo(400);
        assertThat(status(client, EcqmCatalog.CMS2, Map.of("periodStart", "2025-01-01", "periodEnd", "2025-12-31",
                "reportType", "everything"))).isEqualTo(400);
        assertThat(status(client, EcqmCatalog.CMS2, Map.of("periodStart", "2025-01-01", "periodEnd", "2025-12-31",
                "subject", "Group/1"))).isEqualTo(400);
        assertThat(status(client, EcqmCatalog.CMS2, Map.of("periodStart", "2025-01-01", "periodEnd", "2025-12-31",
                "reportType", "subject"))).isEqualTo(400);
        assertThat(status(client, "NoSuchMeasure", Map.of("periodStart", "2025-01-01", "periodEnd", "2025-12-31"))).isEqualTo(404);
    }

    @Test
    void populationReportListsThePracticesOwnPatientsOnlyAndSeesNewDataAtOnce() throws IOException {
        PracticeFixture mine = PracticeFixture.create(practices, "Population mine");
        PracticeFixture other = PracticeFixture.create(practices, "Population other");
        client(other, Role.PCP).transaction().withBundle(testCase(CMS2_CASE)).execute();

        IGenericClient client = client(mine, Role.PCP);
        Map<String, String> year = Map.of("periodStart", "2025-01-01", "periodEnd", "2025-12-31");
        MeasureReport empty = evaluate(client, EcqmCatalog.CMS2, year);
        assertThat(empty.getType()).isEqualTo(MeasureReport.MeasureReportType.SUMMARY);
        assertThat(count(empty, "initial-population")).isZero();
        assertThat(measures.cachedPractices()).isPositive();

        client.transaction().withBundle(testCase(CMS2_CASE)).execute();
        MeasureReport report = evaluate(client, EcqmCatalog.CMS2, year);
        assertThat(report.getMeasure()).isEqualTo(CMS2_URL + "|0.2.000");
        assertThat(count(report, "initial-population")).isEqualTo(1);
        assertThat(count(report, "numerator")).isEqualTo(1);
        assertThat(report.getGroupFirstRep().getMeasureScore().getValue().doubleValue()).isEqualTo(1.0);
        String patient = "Patient/" + testCase(CMS2_CASE).getEntry().stream()
                .filter(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Patient).findFirst().orElseThrow()
                .getResource().getIdElement().getIdPart();
        assertThat(patients(report, "numerator")).containsExactly(patient);

        MeasureReport list = evaluate(client, EcqmCatalog.CMS2, Map.of("periodStart", "2025-01-01", "periodEnd", "2025-12-31",
                "reportType", "subject-list"));
        assertThat(list.getType()).isEqualTo(MeasureReport.MeasureReportType.SUBJECTLIST);
        assertThat(patients(list, "initial-population")).containsExactly(patient);
        assertThat(list.getGroupFirstRep().hasMeasureScore()).isFalse();

        MeasureReport before = evaluate(client, EcqmCatalog.CMS2, Map.of("periodStart", "2024-01-01", "periodEnd", "2024-12-31"));
        assertThat(count(before, "initial-population")).isZero();
    }

    private int artifacts() {
        return jdbc.global().queryValue("SELECT COUNT(*) FROM knowledge_artifact WHERE resource_type IN ('Measure', 'Library', 'ValueSet')",
                Map.of(), Integer.class);
    }

    private static int count(MeasureReport report, String population) {
        return report.getGroupFirstRep().getPopulation().stream()
                .filter(p -> p.getCode().getCodingFirstRep().getCode().equals(population)).findFirst().orElseThrow().getCount();
    }

    private static List<String> patients(MeasureReport report, String population) {
        MeasureReport.MeasureReportGroupPopulationComponent p = report.getGroupFirstRep().getPopulation().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals(population)).findFirst().orElseThrow();
        String listId = p.getSubjectResults().getReference().substring(1);
        ListResource list = report.getContained().stream().filter(r -> r.getIdElement().getIdPart().equals(listId))
                .map(ListResource.class::cast).findFirst().orElseThrow();
        return list.getEntry().stream().map(e -> e.getItem().getReference()).toList();
    }

    private static MeasureReport evaluate(IGenericClient client, String measureId, Map<String, String> parameters) {
        Parameters in = new Parameters();
        parameters.forEach((name, value) -> in.addParameter().setName(name).setValue(new StringType(value)));
        return client.operation().onInstance(new IdType("Measure", measureId)).named("$evaluate-measure").withParameters(in)
                .returnResourceType(MeasureReport.class).execute();
    }

    private static int status(IGenericClient client, String measureId, Map<String, String> parameters) {
        try {
            evaluate(client, measureId, parameters);
            return 200;
        } catch (BaseServerResponseException e) {
            return e.getStatusCode();
        }
    }

    private IGenericClient client(PracticeFixture practice, Role role) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.token(port, practice.client(role), PracticeFixture.SECRET)));
        return client;
    }

    static Bundle testCase(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, in);
            bundle.getEntry().removeIf(e -> e.getResource() instanceof MeasureReport);
            return bundle;
        }
    }
}
