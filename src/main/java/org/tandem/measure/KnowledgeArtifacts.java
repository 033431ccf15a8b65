package org.tandem.measure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;

/**
 * FHIR knowledge artifacts: ValueSets, Measures and Libraries, stored as received (raw JSON) with their canonical
 * url, version and name, and every ValueSet code for look-ups. Shared content, not patient data: any signed-in staff
 * member or client may read it; only a practice administrator or a system process (start-up loader, command line)
 * may write it. Saving a ValueSet refreshes the in-memory value-set index the measures read.
 */
@Service
public class KnowledgeArtifacts {

    /** The resource types kept here. */
    public static final Set<String> TYPES = Set.of("ValueSet", "Measure", "Library");
    private static final String ID = "[A-Za-z0-9\\-.]{1,64}";

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final StoredValueSets valueSets;
    private final FhirContext fhir = FhirContext.forR4Cached();

    KnowledgeArtifacts(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Clock clock, StoredValueSets valueSets) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.valueSets = valueSets;
    }

    /**
     * One stored artifact.
     *
     * @param artifactVersion the resource's business version (Measure.version), not the storage version
     * @param version how many times it was stored (FHIR meta.versionId)
     */
    public record Stored(String resourceType, String id, String url, String artifactVersion, String name, String title,
            String status, int version, Instant updatedAt, String json) {

        /** The canonical reference {@code url|version} (or the url alone when there is no version). */
        public String canonical() {
            return artifactVersion == null ? url : url + "|" + artifactVersion;
        }
    }

    /** Whether {@link #save} created the artifact, and its storage version. */
    public record Saved(boolean created, int version) {
    }

    /** Stores the artifact, or replaces the stored one with the same type and id. Admins and system processes only. */
    @Transactional
    public Saved save(MetadataResource resource) {
        String type = resource.fhirType();
        if (!TYPES.contains(type)) {
            throw new InvalidKnowledgeArtifact("Tandem keeps ValueSet, Measure and Library resources here, not " + type);
        }
        policy.requireContentAuthor(type);
        String id = resource.getIdElement().getIdPart();
        if (id == null || !id.matches(ID)) {
            throw new InvalidKnowledgeArtifact("A " + type + " id must be 1 to 64 letters, digits, '-' or '.'");
        }
        if (!resource.hasUrl()) {
            throw new InvalidKnowledgeArtifact(type + " " + id + " has no canonical url");
        }
        TenantJdbc.Global sql = jdbc.global();
        Map<String, Object> key = Map.of("type", type, "id", id);
        Optional<Integer> existing = sql.queryOne("SELECT version FROM knowledge_artifact WHERE resource_type = :type AND id = :id",
                key, (rs, n) -> rs.getInt(1));
        int version = existing.map(v -> v + 1).orElse(1);
        resource.getMeta().setVersionId(String.valueOf(version));
        Instant now = clock.instant();
        resource.getMeta().setLastUpdated(java.util.Date.from(now));
        Map<String, Object> params = new HashMap<>(key);
        params.put("url", truncate(resource.getUrl(), 500));
        params.put("artifactVersion", truncate(resource.getVersion(), 64));
        params.put("name", truncate(resource.getName(), 255));
        params.put("title", truncate(resource.getTitle(), 500));
        params.put("status", resource.hasStatus() ? resource.getStatus().toCode() : null);
        params.put("raw", parser().encodeResourceToString(resource));
        params.put("version", version);
        params.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (existing.isPresent()) {
            sql.update("UPDATE knowledge_artifact SET url = :url, artifact_version = :artifactVersion, name = :name, title = :title, "
                    + "status = :status, raw_json = :raw, version = :version, updated_at = :now WHERE resource_type = :type AND id = :id",
                    params);
        } else {
            sql.update("INSERT INTO knowledge_artifact (resource_type, id, url, artifact_version, name, title, status, raw_json, "
                    + "version, updated_at) VALUES (:type, :id, :url, :artifactVersion, :name, :title, :status, :raw, :version, :now)",
                    params);
        }
        if (resource instanceof ValueSet valueSet) {
            sql.update("DELETE FROM value_set_code WHERE value_set_id = :id", Map.of("id", id));
            List<Map<String, ?>> rows = new ArrayList<>();
            for (MeasureCode code : codes(valueSet)) {
                rows.add(Map.of("id", id, "system", code.system(), "code", code.code()));
            }
            sql.batchUpdate("INSERT INTO value_set_code (value_set_id, system, code) VALUES (:id, :system, :code)", rows);
            valueSets.refreshAfterCommit();
        }
        audit.record(new AuditEntry(existing.isPresent() ? AuditAction.UPDATE : AuditAction.CREATE, null, type, id,
                AuditOutcome.SUCCESS, resource.getUrl() + (resource.hasVersion() ? "|" + resource.getVersion() : "")));
        return new Saved(existing.isEmpty(), version);
    }

    /**
     * Stores the artifact unless the stored one with the same type and id already has exactly this content (its
     * {@code meta} aside), so an import that runs again changes nothing. Empty when nothing was written.
     */
    @Transactional
    public Optional<Saved> saveIfChanged(MetadataResource resource) {
        String id = resource.getIdElement().getIdPart();
        if (id != null && TYPES.contains(resource.fhirType())) {
            Optional<Stored> stored = find(resource.fhirType(), id);
            if (stored.isPresent()) {
                MetadataResource old = parse(stored.get(), resource.getClass());
                MetadataResource sent = resource.copy();
                old.setMeta(null);
                sent.setMeta(null);
                if (parser().encodeResourceToString(old).equals(parser().encodeResourceToString(sent))) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(save(resource));
    }

    /** One artifact by type and id. */
    @Transactional(readOnly = true)
    public Optional<Stored> find(String resourceType, String id) {
        return jdbc.global().queryOne("SELECT * FROM knowledge_artifact WHERE resource_type = :type AND id = :id",
                Map.of("type", resourceType, "id", id), KnowledgeArtifacts::toStored);
    }

    /** Whether an artifact with this type, id and business version is stored (the start-up loader's test). */
    @Transactional(readOnly = true)
    public boolean has(String resourceType, String id, String artifactVersion) {
        return find(resourceType, id).filter(s -> java.util.Objects.equals(s.artifactVersion(), artifactVersion)).isPresent();
    }

    /**
     * Artifacts of one type, optionally by canonical url (a {@code url|version} value also filters by version),
     * version and name (case-insensitive, starts with), ordered by url and version.
     */
    @Transactional(readOnly = true)
    public List<Stored> search(String resourceType, String url, String version, String name, int limit) {
        StringBuilder where = new StringBuilder("SELECT * FROM knowledge_artifact WHERE resource_type = :type");
        Map<String, Object> params = new HashMap<>();
        params.put("type", resourceType);
        if (url != null && !url.isBlank()) {
            int bar = url.indexOf('|');
            if (bar >= 0) {
                version = url.substring(bar + 1);
                url = url.substring(0, bar);
            }
            where.append(" AND url = :url");
            params.put("url", url);
        }
        if (version != null && !version.isBlank()) {
            where.append(" AND artifact_version = :version");
            params.put("version", version);
        }
        if (name != null && !name.isBlank()) {
            where.append(" AND LOWER(name) LIKE :name");
            params.put("name", name.toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "\\_") + "%");
        }
        where.append(" ORDER BY url, artifact_version, id LIMIT :limit");
        params.put("limit", Math.max(1, Math.min(limit, 1000)));
        return jdbc.global().query(where.toString(), params, KnowledgeArtifacts::toStored);
    }

    /** A stored artifact parsed back into its HAPI model. */
    public <T extends MetadataResource> T parse(Stored stored, Class<T> type) {
        return parser().parseResource(type, stored.json());
    }

    /** The stored Measure resource with this id. */
    public Optional<Measure> measure(String id) {
        return find("Measure", id).map(s -> parse(s, Measure.class));
    }

    /** The stored Library resource with this id. */
    public Optional<Library> library(String id) {
        return find("Library", id).map(s -> parse(s, Library.class));
    }

    /**
     * Every code of a ValueSet: its expansion's contains (nested ones too), or, when it has no expansion, the concepts
     * its compose.include lists by code (intensional includes by filter cannot be expanded here and add nothing).
     */
    static Set<MeasureCode> codes(ValueSet valueSet) {
        Set<MeasureCode> codes = new LinkedHashSet<>();
        if (valueSet.hasExpansion()) {
            addContains(valueSet.getExpansion().getContains(), codes);
        } else {
            for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
                for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
                    if (include.hasSystem() && concept.hasCode()) {
                        codes.add(new MeasureCode(include.getSystem(), concept.getCode()));
                    }
                }
            }
        }
        codes.removeIf(c -> c.code().length() > 200 || c.system().length() > 200);
        return codes;
    }

    private static void addContains(List<ValueSet.ValueSetExpansionContainsComponent> contains, Set<MeasureCode> codes) {
        for (ValueSet.ValueSetExpansionContainsComponent c : contains) {
            if (c.hasSystem() && c.hasCode()) {
                codes.add(new MeasureCode(c.getSystem(), c.getCode()));
            }
            addContains(c.getContains(), codes);
        }
    }

    private IParser parser() {
        return fhir.newJsonParser();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static Stored toStored(ResultSet rs, int n) throws SQLException {
        return new Stored(rs.getString("resource_type"), rs.getString("id"), rs.getString("url"), rs.getString("artifact_version"),
                rs.getString("name"), rs.getString("title"), rs.getString("status"), rs.getInt("version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getString("raw_json"));
    }
}
