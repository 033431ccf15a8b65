package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official eCQM test decks (src/test/resources/ecqm, from cqframework/ecqm-content-qicore-2024), offline: each
 * case's bundle through {@link FhirMeasureMapper}, evaluated by {@link Cms2} / {@link Cms159} over its MeasureReport's
 * period (zone UTC, as the deck's date-times), every population count compared with the expected one (a population
 * the report leaves out expects 0).
 */
class MeasureLogicDeckTest {

    private static final Path DECKS = Path.of("src/test/resources/ecqm");
    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();
    private static final ExpansionIndex VALUE_SETS = valueSets();
    private static final FhirMeasureMapper MAPPER = new FhirMeasureMapper(ZoneOffset.UTC);
    private static final Map<String, MeasureLogic> LOGIC = Map.of(Cms2.ID, new Cms2(), Cms159.ID, new Cms159());

    /** The CMS159 case whose hospice order belongs to another patient (see {@link #deckCase}). */
    private static final String HOSPICE_ORDER_OF_ANOTHER_PATIENT = "96b6579c-1cee-423f-9433-a72db6fb8a0a";

    static ExpansionIndex valueSets() {
        List<ValueSet> all = new ArrayList<>();
        for (String measure : List.of(Cms2.ID, Cms159.ID)) {
            String resource = "/ecqm/" + measure + "/valuesets-" + measure + "-bundle.json";
            try (InputStream in = MeasureLogicDeckTest.class.getResourceAsStream(resource)) {
                Bundle bundle = PARSER.parseResource(Bundle.class, in);
                bundle.getEntry().forEach(e -> all.add((ValueSet) e.getResource()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ExpansionIndex.of(all);
    }

    record DeckCase(String measureId, String uuid, Path file) {
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String measure : List.of(Cms2.ID, Cms159.ID)) {
            Map<String, String> names = new HashMap<>();
            Matcher m = Pattern.compile("(?m)^([0-9a-f-]{36}) = (.+)$").matcher(Files.readString(DECKS.resolve(measure).resolve("README.txt")));
            while (m.find()) {
                names.put(m.group(1), m.group(2).trim());
            }
            try (Stream<Path> files = Files.list(DECKS.resolve(measure).resolve("tests"))) {
                for (Path f : files.sorted().toList()) {
                    String uuid = f.getFileName().toString().substring("tests-".length(), "tests-".length() + 36);
                    String name = measure + " " + uuid.substring(0, 8) + " " + names.getOrDefault(uuid, "?");
                    out.add(Arguments.of(Named.of(name, new DeckCase(measure, uuid, f))));
                }
            }
        }
        return out.stream();
    }

    @Test
    void theDecksHoldEveryCase() throws IOException {
        assertThat(cases().filter(a -> ((DeckCase) ((Named<?>) a.get()[0]).getPayload()).measureId().equals(Cms2.ID))).hasSize(27);
        assertThat(cases().filter(a -> ((DeckCase) ((Named<?>) a.get()[0]).getPayload()).measureId().equals(Cms159.ID))).hasSize(43);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deckCase(DeckCase deckCase) throws IOException {
        Bundle bundle = PARSER.parseResource(Bundle.class, Files.readString(deckCase.file(), StandardCharsets.UTF_8));
        MeasureReport report = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(MeasureReport.class::isInstance).map(MeasureReport.class::cast).findFirst().orElseThrow();
        assertThat(report.getMeasure()).contains(deckCase.measureId());
        MeasurePeriod period = new MeasurePeriod(LocalDate.parse(report.getPeriod().getStartElement().getValueAsString().substring(0, 10)),
                LocalDate.parse(report.getPeriod().getEndElement().getValueAsString().substring(0, 10)));

        MeasurePatient patient = MAPPER.patient(bundle);
        EnumSet<Population> populations = LOGIC.get(deckCase.measureId()).evaluate(patient, period, VALUE_SETS, ZoneOffset.UTC);

        Map<Population, Integer> expected = new EnumMap<>(Population.class);
        for (Population p : Population.values()) {
            expected.put(p, 0);
        }
        for (MeasureReport.MeasureReportGroupComponent group : report.getGroup()) {
            for (MeasureReport.MeasureReportGroupPopulationComponent pop : group.getPopulation()) {
                expected.put(Population.ofCode(pop.getCode().getCodingFirstRep().getCode()), pop.getCount());
            }
        }
        if (deckCase.uuid().equals(HOSPICE_ORDER_OF_ANOTHER_PATIENT)) {
            // Known deck defect (../shared/ecqm/README.md). The deck expects DENEX=1, NUMER=0 from a Hospice Care
            // Ambulatory ServiceRequest whose subject is http://GoodHealthcare.com/fhir/Patient/46464646: another
            // patient on another server. The CQL retrieves [ServiceRequest: "Hospice Care Ambulatory"] in the context
            // of THIS patient, so that order is not in scope; the reference engine (clinical-reasoning 4.4.0) gives
            // DENEX=0, NUMER=1 too. Attaching another patient's record to this one would be a privacy and a
            // correctness fault, so Tandem's mapper leaves it out and the patient's PHQ-9 remission counts.
            assertThat(expected).containsEntry(Population.DENOMINATOR_EXCLUSION, 1).containsEntry(Population.NUMERATOR, 0);
            assertThat(patient.events()).noneMatch(e -> e.resourceType().equals("ServiceRequest"));
            expected.put(Population.DENOMINATOR_EXCLUSION, 0);
            expected.put(Population.NUMERATOR, 1);
        }
        Map<Population, Integer> actual = new EnumMap<>(Population.class);
        for (Population p : Population.values()) {
            actual.put(p, populations.contains(p) ? 1 : 0);
        }
        assertThat(actual).as("population counts").isEqualTo(expected);
    }
}
