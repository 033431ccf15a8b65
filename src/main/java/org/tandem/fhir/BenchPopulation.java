package org.tandem.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.tandem.patient.ClinicalFactDetails;

/**
 * A synthetic population for {@code tandem bench measures}: clones of the official CMS2 and CMS159 test cases
 * (classpath {@code bench/ecqm-tests/}, see its SOURCE.md), each clone with fresh ids, its own medical record number
 * and every full date shifted by a few days (a seeded choice per clone, so a run is reproducible), written as FHIR
 * NDJSON, one file per type, the way {@code tandem import} reads it. Resources Tandem does not store (MeasureReport,
 * Organization, Practitioner) are left out. Clones are written one at a time: memory does not grow with N.
 */
final class BenchPopulation {

    static final String MRN_SYSTEM = "urn:tandem:bench:mrn";
    private static final Pattern DATE = Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2})(T[0-9:.]+(?:Z|[+-]\\d{2}:\\d{2})?)?\"");

    /** One test case as JSON lines with tokens in place of its ids ({@code __ID0__} is the patient) and MRN. */
    record Template(String name, List<String> types, List<String> lines, int ids, Map<String, Integer> leftOut) {
    }

    /** What was written. */
    record Written(long patients, Map<String, Long> resources, Map<String, Long> leftOut, List<Path> files) {

        long total() {
            return resources.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<Template> templates;

    private BenchPopulation(List<Template> templates) {
        this.templates = templates;
    }

    static BenchPopulation load(FhirContext context) {
        IParser parser = context.newJsonParser();
        List<Template> templates = new ArrayList<>();
        try {
            org.springframework.core.io.Resource[] files = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:bench/ecqm-tests/*/*.json");
            Arrays.sort(files, Comparator.comparing(f -> String.valueOf(f.getDescription())));
            for (org.springframework.core.io.Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    templates.add(template(parser, file.getFilename(), parser.parseResource(Bundle.class, in)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the test cases under bench/ecqm-tests", e);
        }
        if (templates.isEmpty()) {
            throw new IllegalStateException("No test cases under classpath bench/ecqm-tests");
        }
        return new BenchPopulation(List.copyOf(templates));
    }

    static Template template(IParser parser, String name, Bundle bundle) {
        Map<String, Integer> leftOut = new TreeMap<>();
        List<Resource> kept = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            String type = resource.fhirType();
            if (type.equals("Patient") || type.equals("Encounter") || ClinicalFactDetails.RESOURCE_TYPES.contains(type)) {
                kept.add(resource);
            } else {
                leftOut.merge(type, 1, Integer::sum);
            }
        }
        kept.sort(Comparator.comparing(r -> r.fhirType().equals("Patient") ? 0 : 1));
        if (kept.isEmpty() || !kept.get(0).fhirType().equals("Patient")) {
            throw new IllegalStateException(name + " has no Patient");
        }
        Patient patient = (Patient) kept.get(0);
        // A case may hold a resource of another patient (one CMS2 case refers to an external Patient/46464646):
        // Tandem refuses it on import, so the clone leaves it out.
        String patientId = patient.getIdElement().getIdPart();
        kept.removeIf(resource -> {
            if (resource == patient) {
                return false;
            }
            String subject = FhirMapping.patientReference(resource).getReferenceElement().getIdPart();
            if (patientId.equals(subject)) {
                return false;
            }
            leftOut.merge(resource.fhirType() + " of another patient", 1, Integer::sum);
            return true;
        });
        patient.getIdentifier().clear();
        patient.addIdentifier(new Identifier().setSystem(MRN_SYSTEM).setValue("__MRN__")
                .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", null))));
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Resource resource : kept) {
            tokens.put(resource.getIdElement().getIdPart(), "__ID" + tokens.size() + "__");
        }
        List<String> types = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Resource resource : kept) {
            String json = parser.encodeResourceToString(resource);
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                json = json.replace(token.getKey(), token.getValue());
            }
            types.add(resource.fhirType());
            lines.add(json);
        }
        return new Template(name, List.copyOf(types), List.copyOf(lines), tokens.size(), Map.copyOf(leftOut));
    }

    int templateCount() {
        return templates.size();
    }

    /**
     * Writes {@code patients} clones into {@code directory} ({@code <Type>.ndjson}), clone i of test case i mod T.
     *
     * @param maxShiftDays dates move by a seeded number of days in [-max, +max]; 0 keeps the test cases' dates
     */
    Written write(Path directory, long patients, long seed, int maxShiftDays, String mrnPrefix) {
        Random random = new Random(seed);
        Map<String, Writer> writers = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> leftOut = new TreeMap<>();
        try {
            Files.createDirectories(directory);
            for (long i = 0; i < patients; i++) {
                Template template = templates.get((int) (i % templates.size()));
                template.leftOut().forEach((type, n) -> leftOut.merge(type, (long) n, Long::sum));
                int shift = maxShiftDays == 0 ? 0 : random.nextInt(2 * maxShiftDays + 1) - maxShiftDays;
                String[] ids = new String[template.ids()];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = new UUID(random.nextLong(), random.nextLong()).toString();
                }
                for (int r = 0; r < template.lines().size(); r++) {
                    String json = template.lines().get(r);
                    for (int k = 0; k < ids.length; k++) {
                        json = json.replace("__ID" + k + "__", ids[k]);
                    }
                    json = json.replace("__MRN__", mrnPrefix + i);
                    if (shift != 0) {
                        json = shift(json, shift);
                    }
                    String type = template.types().get(r);
                    Writer writer = writers.get(type);
                    if (writer == null) {
                        writer = Files.newBufferedWriter(directory.resolve(type + ".ndjson"), StandardCharsets.UTF_8);
                        writers.put(type, writer);
                    }
                    writer.write(json);
                    writer.write('\n');
                    counts.merge(type, 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the population to " + directory, e);
        } finally {
            for (Writer writer : writers.values()) {
                try {
                    writer.close();
                } catch (IOException ignored) {
                    // reported by the write that failed, if any
                }
            }
        }
        List<Path> files = writers.keySet().stream().map(type -> directory.resolve(type + ".ndjson")).toList();
        return new Written(patients, counts, leftOut, files);
    }

    /** Every full date (and date-time) string of the JSON moved by {@code days}. */
    static String shift(String json, int days) {
        Matcher matcher = DATE.matcher(json);
        StringBuilder shifted = new StringBuilder(json.length());
        while (matcher.find()) {
            LocalDate date = LocalDate.parse(matcher.group(1)).plusDays(days);
            String time = matcher.group(2) == null ? "" : matcher.group(2);
            matcher.appendReplacement(shifted, Matcher.quoteReplacement("\"" + date + time + "\""));
        }
        matcher.appendTail(shifted);
        return shifted.toString();
    }

    static Set<String> storedTypes() {
        Set<String> types = new java.util.TreeSet<>(ClinicalFactDetails.RESOURCE_TYPES);
        types.add("Patient");
        types.add("Encounter");
        return types;
    }
}
