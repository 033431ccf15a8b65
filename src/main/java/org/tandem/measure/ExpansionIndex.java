package org.tandem.measure;

import ca.uhn.fhir.context.FhirContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Value set membership built from FHIR ValueSet resources: {@code expansion.contains} (nested contains included), or
 * {@code compose.include.concept} when the ValueSet has no expansion. Keyed by canonical URL; every stored version of
 * a URL is merged (the CQL declares value sets without version). Precomputed per value set as
 * system → set of codes, so a lookup is two hash lookups and one set probe, without allocation.
 *
 * <p>Code systems are compared after alias normalization ({@link #canonicalSystem}): the same code system reaches
 * Tandem under several URIs (the VSAC expansions use one, EHR exports and older test data another), and the CQL
 * {@code in} operator is meant to test the concept, not the spelling of its system. The alias table is deliberately
 * small: only URIs that name exactly the same code system, each with its source.
 *
 * <p>Not handled: {@code compose.include.valueSet} (nested value set references), {@code compose.include.filter}
 * (intensional definitions) and {@code compose.exclude}. VSAC publishes every eCQM value set with its expansion,
 * which is what this index reads.
 */
public final class ExpansionIndex implements ValueSetIndex {

    /**
     * Alias URI → canonical URI. The canonical form is the one the VSAC expansions shipped with the measures use.
     * Sources:
     * <ul>
     * <li>HCPCS Level II: VSAC expansions use {@code https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets}; HL7
     * Terminology (THO) registers {@code http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets}; the UMLS-based
     * URI {@code http://www.nlm.nih.gov/research/umls/hcpcs} is used by older QI-Core/Bonnie test data (e.g. the
     * CMS159 deck case b263321d, HospiceProcedureInMP1) and by some EHR exports; OID 2.16.840.1.113883.6.285
     * (THO NamingSystem).</li>
     * <li>CPT: {@code http://www.ama-assn.org/go/cpt} (THO); OID 2.16.840.1.113883.6.12.</li>
     * <li>SNOMED CT: {@code http://snomed.info/sct} (THO); OID 2.16.840.1.113883.6.96.</li>
     * <li>ICD-10-CM: {@code http://hl7.org/fhir/sid/icd-10-cm} (THO); OID 2.16.840.1.113883.6.90.</li>
     * <li>RxNorm: {@code http://www.nlm.nih.gov/research/umls/rxnorm} (THO); OID 2.16.840.1.113883.6.88.</li>
     * <li>LOINC: {@code http://loinc.org} (THO); OID 2.16.840.1.113883.6.1.</li>
     * </ul>
     * Each canonical URI is also accepted with the other scheme (http ↔ https), a frequent slip in exports.
     */
    private static final Map<String, String> ALIASES = aliases();

    private static Map<String, String> aliases() {
        Map<String, String> a = new HashMap<>();
        String hcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
        alias(a, hcpcs, "http://www.nlm.nih.gov/research/umls/hcpcs", "https://www.nlm.nih.gov/research/umls/hcpcs",
                "urn:oid:2.16.840.1.113883.6.285");
        alias(a, "http://www.ama-assn.org/go/cpt", "urn:oid:2.16.840.1.113883.6.12");
        alias(a, "http://snomed.info/sct", "urn:oid:2.16.840.1.113883.6.96");
        alias(a, "http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.90");
        alias(a, "http://www.nlm.nih.gov/research/umls/rxnorm", "urn:oid:2.16.840.1.113883.6.88");
        alias(a, "http://loinc.org", "urn:oid:2.16.840.1.113883.6.1");
        return Map.copyOf(a);
    }

    private static void alias(Map<String, String> table, String canonical, String... aliases) {
        String otherScheme = canonical.startsWith("https://") ? "http://" + canonical.substring(8) : "https://" + canonical.substring(7);
        table.put(otherScheme, canonical);
        for (String alias : aliases) {
            table.put(alias, canonical);
        }
    }

    /** The canonical URI of a code system (the URI itself when it has no alias); null stays null. */
    public static String canonicalSystem(String system) {
        if (system == null) {
            return null;
        }
        return ALIASES.getOrDefault(system, system);
    }

    /** True when both codings name the same code (after system alias normalization), as CQL's {@code ~} on codes. */
    static boolean sameCode(MeasureCode coding, String system, String code) {
        return coding != null && code.equals(coding.code()) && system.equals(canonicalSystem(coding.system()));
    }

    private final Map<String, Map<String, Set<String>>> byUrl;

    private ExpansionIndex(Map<String, Map<String, Set<String>>> byUrl) {
        this.byUrl = byUrl;
    }

    /** An index of the given ValueSets (several versions of one URL are merged). */
    public static ExpansionIndex of(Collection<ValueSet> valueSets) {
        Map<String, Map<String, Set<String>>> byUrl = new HashMap<>();
        for (ValueSet vs : valueSets) {
            if (!vs.hasUrl()) {
                continue;
            }
            Map<String, Set<String>> systems = byUrl.computeIfAbsent(vs.getUrl(), u -> new HashMap<>());
            if (vs.hasExpansion() && vs.getExpansion().hasContains()) {
                addContains(systems, vs.getExpansion().getContains());
            } else {
                for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
                    if (!include.hasSystem()) {
                        continue;
                    }
                    for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
                        add(systems, include.getSystem(), concept.getCode());
                    }
                }
            }
        }
        return new ExpansionIndex(byUrl);
    }

    /** An index of ValueSets given as FHIR JSON (e.g. as stored); a non-ValueSet resource is an error. */
    public static ExpansionIndex fromJson(Collection<String> valueSetJson) {
        var parser = FhirContext.forR4Cached().newJsonParser();
        List<ValueSet> parsed = valueSetJson.stream().map(json -> parser.parseResource(ValueSet.class, json)).toList();
        return of(parsed);
    }

    private static void addContains(Map<String, Set<String>> systems, List<ValueSet.ValueSetExpansionContainsComponent> contains) {
        for (ValueSet.ValueSetExpansionContainsComponent c : contains) {
            if (c.hasSystem() && c.hasCode()) { // inactive or abstract entries are still members of the expansion
                add(systems, c.getSystem(), c.getCode());
            }
            if (c.hasContains()) {
                addContains(systems, c.getContains());
            }
        }
    }

    private static void add(Map<String, Set<String>> systems, String system, String code) {
        if (system != null && code != null) {
            systems.computeIfAbsent(canonicalSystem(system), s -> new HashSet<>()).add(code);
        }
    }

    @Override
    public boolean contains(String valueSetUrl, MeasureCode code) {
        if (code == null || code.code() == null) {
            return false;
        }
        Map<String, Set<String>> systems = byUrl.get(valueSetUrl);
        if (systems == null) {
            return false;
        }
        Set<String> codes = systems.get(canonicalSystem(code.system()));
        return codes != null && codes.contains(code.code());
    }

    /** True when the index holds the value set (any version). */
    public boolean has(String valueSetUrl) {
        return byUrl.containsKey(valueSetUrl);
    }

    /** The canonical URLs the index holds. */
    public Set<String> urls() {
        return Set.copyOf(byUrl.keySet());
    }
}
