package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.util.StringUtils;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFactQuery;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientId;

/**
 * Read and search of one type of stored clinical fact. A fact is answered with the FHIR JSON it arrived with, under
 * its id and version, its patient reference pointing at the patient's Tandem id (the source may have used a
 * bundle-internal reference). Each subclass declares its type's search parameters and hands them to
 * {@link #searchFacts(ReferenceParam, TokenOrListParam, DateRangeParam, Integer, Integer)}.
 */
abstract class ClinicalFactProvider<T extends DomainResource> implements IResourceProvider {

    private final Class<T> type;
    private final ClinicalFacts facts;
    private final FhirMapping mapping;
    private final PracticeContext practice;

    ClinicalFactProvider(Class<T> type, ClinicalFacts facts, FhirMapping mapping, PracticeContext practice) {
        this.type = type;
        this.facts = facts;
        this.mapping = mapping;
        this.practice = practice;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    String typeName() {
        return type.getSimpleName();
    }

    @Read
    public T read(@IdParam IdType id) {
        return toFhir(facts.get(typeName(), id.getIdPart()));
    }

    /**
     * One page of the practice's facts of this type, newest first.
     *
     * @param patient the patient the facts are about, or null for the whole practice
     * @param code codes of one system (or of any system, when none is named), any of which the fact's code must have
     * @param date the period the fact's effective start (or onset, or authoring date) must fall in
     */
    IBundleProvider searchFacts(ReferenceParam patient, TokenOrListParam code, DateRangeParam date, Integer offset, Integer count) {
        PatientId patientId = null;
        if (patient != null) {
            if (StringUtils.hasText(patient.getChain())) {
                throw new InvalidRequestException("Chained patient searches are not supported");
            }
            UUID uuid = FhirMapping.parseUuid(patient.getIdPart());
            if (uuid == null || (StringUtils.hasText(patient.getResourceType()) && !"Patient".equals(patient.getResourceType()))) {
                return new SimpleBundleProvider(List.of());
            }
            patientId = new PatientId(uuid);
        }
        String system = null;
        List<String> codes = null;
        if (code != null && !code.getValuesAsQueryTokens().isEmpty()) {
            codes = new ArrayList<>();
            List<String> systems = new ArrayList<>();
            for (TokenParam token : code.getValuesAsQueryTokens()) {
                if (token.getModifier() != null) {
                    throw new InvalidRequestException("The code search takes no :" + token.getModifier().getValue() + " modifier");
                }
                if (!StringUtils.hasText(token.getValue())) {
                    throw new InvalidRequestException("A code search needs a code (system|code or code)");
                }
                codes.add(token.getValue());
                systems.add(StringUtils.hasText(token.getSystem()) ? token.getSystem() : null);
            }
            if (systems.stream().distinct().count() > 1) {
                throw new InvalidRequestException("Codes of one search must all be of the same system");
            }
            system = systems.get(0);
        }
        Instant from = null;
        Instant to = null;
        if (date != null) {
            ZoneId zone = practice.zone();
            from = lowerBound(date.getLowerBound(), zone);
            to = upperBound(date.getUpperBound(), zone);
        }
        SearchPage paging = SearchPage.of(offset, count);
        return paging.bundle(facts.search(new ClinicalFactQuery(typeName(), patientId, system, codes, from, to,
                paging.offset(), paging.size())), this::toFhir);
    }

    T toFhir(ClinicalFact fact) {
        T resource = mapping.parser().parseResource(type, fact.rawJson());
        resource.setId(fact.id());
        resource.getMeta().setVersionId(String.valueOf(fact.version()));
        FhirMapping.patientReference(resource).setReference("Patient/" + fact.patient());
        return resource;
    }

    /** The first instant a lower date bound admits: {@code ge2025-03} from March 1st, {@code gt2025-03} from April 1st. */
    static Instant lowerBound(DateParam bound, ZoneId zone) {
        if (bound == null || bound.getValueAsString() == null) {
            return null;
        }
        requireSupported(bound);
        DateTimeType value = new DateTimeType(bound.getValueAsString());
        if (bound.getPrefix() == ParamPrefixEnum.GREATERTHAN || bound.getPrefix() == ParamPrefixEnum.STARTS_AFTER) {
            return Objects.requireNonNull(FhirMapping.end(value, zone)).plusNanos(1000);
        }
        return FhirMapping.start(value, zone);
    }

    /** The first instant past an upper date bound: {@code le2025-03} up to April 1st, {@code lt2025-03} up to March 1st. */
    static Instant upperBound(DateParam bound, ZoneId zone) {
        if (bound == null || bound.getValueAsString() == null) {
            return null;
        }
        requireSupported(bound);
        DateTimeType value = new DateTimeType(bound.getValueAsString());
        if (bound.getPrefix() == ParamPrefixEnum.LESSTHAN || bound.getPrefix() == ParamPrefixEnum.ENDS_BEFORE) {
            return FhirMapping.start(value, zone);
        }
        return Objects.requireNonNull(FhirMapping.end(value, zone)).plusNanos(1000);
    }

    private static void requireSupported(DateParam bound) {
        if (bound.getPrefix() == ParamPrefixEnum.NOT_EQUAL || bound.getPrefix() == ParamPrefixEnum.APPROXIMATE) {
            throw new InvalidRequestException("Date searches take eq, ge, gt, le, lt, sa and eb, not " + bound.getPrefix().getValue());
        }
    }
}
