package org.tandem.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.VersionConflict;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tandem import}: loads FHIR NDJSON files (one resource per line, Bulk Data and Synthea bulk output) and JSON
 * Bundles (transaction, batch or collection, e.g. Synthea's per-patient bundles) into the current actor's practice
 * through {@link FhirResourceLoader}, the same per-resource handling as {@code POST /fhir}: every write passes the
 * access policy and is audited.
 *
 * <ul>
 * <li>Streaming: NDJSON is read line by line and bundles entry by entry with Jackson's streaming parser; what is kept
 * is bounded by one chunk of resources, plus a bundle's fullUrl-to-id map (strings, for its urn:uuid references).</li>
 * <li>Order: patients before what refers to them. NDJSON files are read twice (Patient lines first, then the rest),
 * whatever the file names and order; a bundle is read once to index its entries' ids, then per rank (patients,
 * encounters, the rest).</li>
 * <li>Idempotent: resources keep their ids; one already stored exactly so is counted unchanged and not written.</li>
 * <li>Rejected resources (parse errors, unknown patient, unsupported type, invalid data) go to a report file (NDJSON:
 * file, line or entry, resource type and id, reason, message); good ones still load.</li>
 * <li>Fast: {@value #CHUNK} resources per database transaction. When a chunk fails it is rolled back and its
 * resources are loaded one per transaction, so only the bad ones are rejected.</li>
 * </ul>
 */
@Service
public class FhirImport {

    static final int CHUNK = 200;
    /** Reads one entry at a time from a parser positioned inside a bundle: what follows the entry is not an error. */
    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Reasons a resource is rejected, as reported. */
    static final String PARSE_ERROR = "parse error";
    static final String UNKNOWN_PATIENT = "unknown patient";
    static final String UNSUPPORTED_TYPE = "unsupported type";
    static final String INVALID_DATA = "invalid data";
    static final String ACCESS_DENIED = "access denied";
    static final String NO_ID = "no id";
    static final List<String> IMPORTED_BUNDLES = List.of("transaction", "batch", "collection");

    /** Receives progress now and then (after each chunk). */
    public interface Progress {
        void update(Snapshot snapshot);
    }

    /**
     * Progress so far.
     *
     * @param fraction share of the work done, from the bytes read in each pass
     */
    public record Snapshot(long resources, long rejected, int filesDone, int files, double fraction, Duration elapsed) {

        public double perSecond() {
            return resources / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }
    }

    private final FhirResourceLoader loader;
    private final FhirMapping mapping;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;

    FhirImport(FhirResourceLoader loader, FhirMapping mapping, TransactionTemplate transactions, AuditTrail audit) {
        this.loader = loader;
        this.mapping = mapping;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** The {@code .ndjson} and {@code .json} files of a directory (and its subdirectories), or the file itself. */
    public static List<Path> inputFiles(Path input) {
        if (!Files.exists(input)) {
            throw new IllegalArgumentException("No such file or directory: " + input);
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> files = Files.walk(input)) {
            return files.filter(Files::isRegularFile).filter(p -> isNdjson(p) || isJson(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Imports the files into the current actor's practice.
     *
     * @param report where rejected resources are written (NDJSON); created only when something is rejected
     * @param progress told after each chunk; may be null
     */
    public ImportSummary run(List<Path> files, Path report, Progress progress) {
        Run run = new Run(files, report, progress);
        try {
            run.execute();
        } finally {
            run.closeReport();
        }
        ImportSummary summary = run.summary();
        transactions.executeWithoutResult(status -> audit.record(new AuditEntry(AuditAction.CREATE, null, "Import", null,
                AuditOutcome.SUCCESS, String.format(Locale.ROOT, "tandem import of %d files: %d created, %d updated, %d unchanged, %d rejected",
                        summary.files(), summary.created(), summary.updated(), summary.unchanged(), summary.rejectedTotal()))));
        return summary;
    }

    static boolean isNdjson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ndjson");
    }

    static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** One resource waiting in a chunk. */
    private record Pending(Path file, long line, int entry, Resource resource, String id, Map<String, String> references) {
    }

    /** One import run: counts, the chunk being filled, the report being written. */
    private final class Run {

        private final List<Path> files;
        private final Path reportPath;
        private final Progress progress;
        private final long started = System.nanoTime();
        private final FhirResourceLoader.Practice here;
        private final IParser parser;
        private final Map<String, long[]> counts = new HashMap<>();
        private final Map<String, Long> rejected = new HashMap<>();
        private final List<Pending> chunk = new ArrayList<>(CHUNK);
        private BufferedWriter report;
        private long resources;
        private long rejectedCount;
        private int filesDone;
        private long bytesTotal;
        private long bytesDone;
        private long bytesBase;
        private long storingNanos;

        Run(List<Path> files, Path reportPath, Progress progress) {
            this.files = files;
            this.reportPath = reportPath;
            this.progress = progress;
            this.here = loader.practice();
            this.parser = mapping.parser();
        }

        void execute() {
            List<Path> ndjson = files.stream().filter(FhirImport::isNdjson).toList();
            List<Path> bundles = files.stream().filter(f -> !isNdjson(f)).toList();
            for (Path f : ndjson) {
                bytesTotal += 2 * size(f);
            }
            for (Path f : bundles) {
                bytesTotal += size(f);
            }
            for (Path file : ndjson) {
                readNdjson(file, true);
            }
            for (Path file : bundles) {
                readBundle(file);
                filesDone++;
            }
            for (Path file : ndjson) {
                readNdjson(file, false);
                filesDone++;
            }
            flush();
            report(true);
        }

        // ---- NDJSON ----

        /** One pass over an NDJSON file: its Patient lines, or all other lines. */
        private void readNdjson(Path file, boolean patients) {
            try (CountingStream counted = new CountingStream(Files.newInputStream(file));
                    BufferedReader lines = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                long number = 0;
                while ((line = lines.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String type;
                    try {
                        type = resourceType(line);
                    } catch (JacksonException | IllegalArgumentException e) {
                        if (!patients) {
                            reject(file, number, 0, null, null, PARSE_ERROR, message(e));
                        }
                        continue;
                    }
                    if ("Patient".equals(type) != patients) {
                        continue;
                    }
                    if (!FhirResourceLoader.accepts(type)) {
                        reject(file, number, 0, type, idOf(line), UNSUPPORTED_TYPE, "Tandem does not keep " + type + " resources");
                        continue;
                    }
                    Resource resource;
                    try {
                        resource = (Resource) parser.parseResource(line);
                    } catch (DataFormatException | ClassCastException e) {
                        reject(file, number, 0, type, idOf(line), PARSE_ERROR, message(e));
                        continue;
                    }
                    String id = resource.getIdElement().getIdPart();
                    if (id == null || id.isBlank()) {
                        reject(file, number, 0, type, null, NO_ID, "A resource in an NDJSON file needs an id, so that importing "
                                + "again updates it instead of adding a copy");
                        continue;
                    }
                    add(new Pending(file, number, 0, resource, id, urnReferences(resource)));
                    bytesDone = bytesBase + counted.count();
                }
                bytesBase += size(file);
                bytesDone = bytesBase;
            } catch (IOException e) {
                throw new UncheckedIOException("Reading " + file + " failed", e);
            }
        }

        /**
         * Bulk files may refer to a patient as {@code urn:uuid:<id>} (the id the Patient resource carries, as Synthea
         * writes them); outside a bundle that can only mean the resource with that id.
         */
        private Map<String, String> urnReferences(Resource resource) {
            org.hl7.fhir.r4.model.Reference patient = FhirMapping.patientReference(resource);
            if (patient.hasReference() && patient.getReference().startsWith("urn:uuid:")) {
                return Map.of(patient.getReference(), patient.getReference().substring("urn:uuid:".length()));
            }
            return Map.of();
        }

        // ---- Bundles ----

        /**
         * One pass per load rank (patients, encounters, the rest). The patients' pass records how the bundle refers
         * to each patient (fullUrl, Patient/id), which is all the later passes resolve; nothing else is kept.
         */
        private void readBundle(Path file) {
            Map<String, String> references = new HashMap<>();
            long size = size(file);
            try {
                for (int rank = 1; rank <= 3; rank++) {
                    int wanted = rank;
                    long base = bytesBase + (size * (rank - 1)) / 3;
                    entries(file, (index, entry) -> {
                        JsonNode resource = entry.path("resource");
                        String type = resource.path("resourceType").stringValue(null);
                        int entryRank = type == null || !FhirResourceLoader.accepts(type) ? 0 : FhirResourceLoader.rank(type);
                        String id = entryId(entry, type);
                        if (entryRank == 0 && wanted == 3) {
                            if (type == null) {
                                reject(file, 0, index + 1, null, id, INVALID_DATA, "The entry has no resource");
                            } else {
                                reject(file, 0, index + 1, type, id, UNSUPPORTED_TYPE, "Tandem does not keep " + type + " resources");
                            }
                        }
                        if (entryRank != wanted) {
                            return;
                        }
                        if (wanted == 1 && id != null) {
                            String fullUrl = entry.path("fullUrl").stringValue(null);
                            if (fullUrl != null) {
                                references.put(fullUrl, id);
                            }
                            String own = resource.path("id").stringValue(null);
                            if (own != null) {
                                references.put("Patient/" + own, id);
                            }
                        }
                        loadEntry(file, index, entry, id, references);
                    }, counted -> bytesDone = base + counted / 3);
                    // no flush between ranks or bundles: a chunk writes its patients before its visits and facts
                    // (FhirResourceLoader.loadAll), so small bundles (Synthea's, one per patient) share chunks
                }
            } catch (JacksonException | IllegalArgumentException e) {
                flush();
                reject(file, 0, 0, "Bundle", null, e instanceof UnsupportedBundle ? UNSUPPORTED_TYPE : PARSE_ERROR, message(e));
            }
            bytesBase += size;
            bytesDone = bytesBase;
        }

        /** The id an entry's resource is stored under: the PUT url's, the resource's own, or its urn:uuid fullUrl's. */
        private static String entryId(JsonNode entry, String type) {
            String url = entry.path("request").path("url").stringValue(null);
            if ("PUT".equals(entry.path("request").path("method").stringValue(null)) && url != null && type != null) {
                String[] parts = url.split("\\?")[0].split("/");
                if (parts.length >= 2 && parts[parts.length - 2].equals(type)) {
                    return parts[parts.length - 1];
                }
            }
            String own = entry.path("resource").path("id").stringValue(null);
            if (own != null && !own.isBlank()) {
                return own;
            }
            String fullUrl = entry.path("fullUrl").stringValue(null);
            if (fullUrl != null && fullUrl.startsWith("urn:uuid:")) {
                return fullUrl.substring("urn:uuid:".length());
            }
            return null;
        }

        private void loadEntry(Path file, int index, JsonNode entry, String id, Map<String, String> references) {
            JsonNode resourceNode = entry.get("resource");
            String type = resourceNode == null ? null : resourceNode.path("resourceType").stringValue(null);
            if (resourceNode == null || type == null) {
                reject(file, 0, index + 1, type, id, INVALID_DATA, "The entry has no resource");
                return;
            }
            String method = entry.path("request").path("method").stringValue(null);
            if (method != null && !"POST".equals(method) && !"PUT".equals(method)) {
                reject(file, 0, index + 1, type, id, INVALID_DATA, "Only POST and PUT entries are imported, not " + method);
                return;
            }
            if (id == null) {
                reject(file, 0, index + 1, type, null, NO_ID, "The entry has no id (request url, resource id or urn:uuid "
                        + "fullUrl), so importing again could not update it");
                return;
            }
            Resource resource;
            try {
                resource = (Resource) parser.parseResource(resourceNode.toString());
            } catch (DataFormatException | ClassCastException e) {
                reject(file, 0, index + 1, type, id, PARSE_ERROR, message(e));
                return;
            }
            add(new Pending(file, 0, index + 1, resource, id, references));
        }

        /**
         * Streams a bundle's entries one by one (each read as a small tree, never the whole bundle) to the handler;
         * returns the bundle's {@code type}.
         */
        private String entries(Path file, EntryHandler handler, java.util.function.LongConsumer bytes) {
            String bundleType = null;
            try (CountingStream counted = new CountingStream(Files.newInputStream(file));
                    JsonParser json = JSON.createParser(counted)) {
                if (json.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("A bundle file holds one JSON object");
                }
                String resourceType = null;
                while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = json.currentName();
                    JsonToken value = json.nextToken();
                    if ("resourceType".equals(name) && value == JsonToken.VALUE_STRING) {
                        resourceType = json.getString();
                        if (!"Bundle".equals(resourceType)) {
                            throw new IllegalArgumentException("A .json file must hold a Bundle, not a " + resourceType);
                        }
                    } else if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
                        bundleType = json.getString();
                    } else if ("entry".equals(name) && value == JsonToken.START_ARRAY) {
                        if (bundleType != null && !IMPORTED_BUNDLES.contains(bundleType)) {
                            throw new UnsupportedBundle("A " + bundleType + " bundle is not imported; Tandem imports "
                                    + "transaction, batch and collection bundles");
                        }
                        int index = 0;
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode entry = JSON.readTree(json);
                            handler.accept(index++, entry);
                            if (bytes != null) {
                                bytes.accept(counted.count());
                            }
                        }
                    } else {
                        json.skipChildren();
                    }
                }
                if (!"Bundle".equals(resourceType)) {
                    throw new IllegalArgumentException("A .json file must hold a Bundle (resourceType \"Bundle\")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Reading " + file + " failed", e);
            }
            return bundleType;
        }

        // ---- loading in chunks ----

        private void add(Pending pending) {
            chunk.add(pending);
            if (chunk.size() >= CHUNK) {
                flush();
            }
        }

        /**
         * Loads the chunk in one transaction with batched writes ({@link FhirResourceLoader#loadAll}); if that fails,
         * one transaction per resource to isolate the bad ones.
         */
        private void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            long start = System.nanoTime();
            List<FhirResourceLoader.Item> items = chunk.stream()
                    .map(p -> new FhirResourceLoader.Item(p.resource(), p.id(), p.references())).toList();
            try {
                List<FhirResourceLoader.Outcome> done = transactions.execute(status -> loader.loadAll(items, here));
                for (int i = 0; i < done.size(); i++) {
                    FhirResourceLoader.Outcome outcome = done.get(i);
                    if (outcome.refused() == null) {
                        count(outcome.loaded());
                    } else {
                        Pending p = chunk.get(i);
                        reject(p.file(), p.line(), p.entry(), p.resource().fhirType(), p.id(), reason(outcome.refused()),
                                message(outcome.refused()));
                    }
                }
            } catch (RuntimeException chunkFailed) {
                for (Pending p : chunk) {
                    try {
                        count(transactions.execute(status -> loader.load(p.resource(), p.id(), p.references(), here,
                                FhirResourceLoader.Mode.SKIP_UNCHANGED)));
                    } catch (RuntimeException e) {
                        reject(p.file(), p.line(), p.entry(), p.resource().fhirType(), p.id(), reason(e), message(e));
                    }
                }
            }
            chunk.clear();
            storingNanos += System.nanoTime() - start;
            report(false);
        }

        private void count(FhirResourceLoader.Loaded loaded) {
            long[] c = counts.computeIfAbsent(loaded.type(), t -> new long[4]);
            c[loaded.status().ordinal()]++;
            resources++;
        }

        private void reject(Path file, long line, int entry, String type, String id, String reason, String message) {
            rejectedCount++;
            rejected.merge(reason + (type == null ? "" : ": " + type), 1L, Long::sum);
            try {
                if (report == null) {
                    if (reportPath.getParent() != null) {
                        Files.createDirectories(reportPath.getParent());
                    }
                    report = Files.newBufferedWriter(reportPath, StandardCharsets.UTF_8);
                }
                ObjectNode row = JSON.createObjectNode();
                row.put("file", file.toString());
                if (line > 0) {
                    row.put("line", line);
                }
                if (entry > 0) {
                    row.put("entry", entry);
                }
                row.put("resourceType", type);
                row.put("id", id);
                row.put("reason", reason);
                row.put("message", message);
                report.write(JSON.writeValueAsString(row));
                report.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("Writing the report " + reportPath + " failed", e);
            }
        }

        void closeReport() {
            if (report != null) {
                try {
                    report.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private void report(boolean last) {
            if (progress != null) {
                double fraction = bytesTotal == 0 ? 1 : Math.min(1, (double) bytesDone / bytesTotal);
                progress.update(new Snapshot(resources, rejectedCount, filesDone, files.size(), last ? 1 : fraction,
                        Duration.ofNanos(System.nanoTime() - started)));
            }
        }

        ImportSummary summary() {
            Map<String, ImportSummary.Counts> loaded = new LinkedHashMap<>();
            counts.forEach((type, c) -> loaded.put(type, new ImportSummary.Counts(c[0], c[1], c[2], c[3])));
            return new ImportSummary(files.size(), loaded, rejected, Duration.ofNanos(System.nanoTime() - started),
                    Duration.ofNanos(storingNanos), rejectedCount == 0 ? null : reportPath);
        }
    }

    /** Why a resource was refused, for the report and the summary. */
    static String reason(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof InvalidPatientData) && !(cause instanceof AccessDeniedException)) {
            cause = cause.getCause();
        }
        if (cause instanceof FhirResourceLoader.UnknownPatient) {
            return UNKNOWN_PATIENT;
        }
        if (cause instanceof FhirResourceLoader.UnsupportedResource) {
            return UNSUPPORTED_TYPE;
        }
        if (cause instanceof AccessDeniedException) {
            return ACCESS_DENIED;
        }
        if (cause instanceof InvalidPatientData || cause instanceof VersionConflict || cause instanceof DataFormatException
                || cause instanceof BaseServerResponseException || cause instanceof IllegalArgumentException
                || cause instanceof org.springframework.dao.DataIntegrityViolationException) {
            return INVALID_DATA;
        }
        return "error (" + cause.getClass().getSimpleName() + ")";
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.length() > 500 ? message.substring(0, 500) : message;
    }

    /** The top-level resourceType of one NDJSON line, read without building the resource. */
    static String resourceType(String line) {
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("A line of an NDJSON file holds one JSON object");
            }
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if ("resourceType".equals(name) && value == JsonToken.VALUE_STRING) {
                    return json.getString();
                }
                json.skipChildren();
            }
            throw new IllegalArgumentException("The line has no resourceType");
        }
    }

    /** The top-level id of one NDJSON line, for the report; null when it has none or cannot be read. */
    static String idOf(String line) {
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
                    return json.getString();
                }
                json.skipChildren();
            }
            return null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bundle of a type that is not imported (searchset, history, document, message). */
    private static final class UnsupportedBundle extends IllegalArgumentException {
        UnsupportedBundle(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface EntryHandler {
        void accept(int index, JsonNode entry);
    }

    /** Counts the bytes read, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {

        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
