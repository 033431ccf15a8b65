package org.tandem.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.screening.Answer;
import org.tandem.screening.Instrument;
import org.tandem.screening.Instruments;
import org.tandem.screening.InvalidResponse;
import org.tandem.screening.ScreeningResponse;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;

/**
 * FHIR QuestionnaireResponse: a screening answered in another system is scored and stored with {@code POST}
 * (or {@code PUT QuestionnaireResponse/<uuid>} to choose the id). The answer is the stored response with the scored
 * Observations contained ({@code #result}, {@code #cms2}, each derived from the container) and, when a safety rule
 * fired, an extension {@value #SAFETY_ALERT} pointing to the Flag. Read and search by patient, questionnaire and
 * status.
 */
@Component
class QuestionnaireResponseProvider implements IResourceProvider {

    /** Extension on a stored response: the safety alert (Flag) it raised. */
    static final String SAFETY_ALERT = "urn:tandem:fhir:safety-alert";
    /** The contained Observations' ids, as Tandem's Observation kinds. */
    static final List<String> OBSERVATION_KINDS = List.of("result", "cms2");

    private final Screenings screenings;
    private final ClinicalFacts facts;
    private final FhirMapping mapping;
    private final PracticeContext practice;

    QuestionnaireResponseProvider(Screenings screenings, ClinicalFacts facts, FhirMapping mapping, PracticeContext practice) {
        this.screenings = screenings;
        this.facts = facts;
        this.mapping = mapping;
        this.practice = practice;
    }

    @Override
    public Class<QuestionnaireResponse> getResourceType() {
        return QuestionnaireResponse.class;
    }

    /** Scores and stores a response under a new id (FHIR create ignores the id a client sends). */
    @Create
    public MethodOutcome create(@ResourceParam QuestionnaireResponse response) {
        return store(null, response);
    }

    /** Update-as-create: stores a response under the client's UUID. A stored response is never changed (422). */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam QuestionnaireResponse response) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new InvalidRequestException("QuestionnaireResponse ids in Tandem are UUIDs; '" + id.getIdPart() + "' is not one");
        }
        if (response.hasIdElement() && response.getIdElement().hasIdPart() && !response.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource id " + response.getIdElement().getIdPart()
                    + " does not match the URL's id " + id.getIdPart());
        }
        return store(uuid, response);
    }

    @Read
    public QuestionnaireResponse read(@IdParam IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new ResourceNotFoundException(id);
        }
        ScreeningResponse response = screenings.get(uuid);
        return toFhir(response, observationsOf(response.patient()), Optional.empty());
    }

    /** A patient's responses (newest first), optionally of one questionnaire and status; the patient is required. */
    @Search
    public IBundleProvider search(@OptionalParam(name = QuestionnaireResponse.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = QuestionnaireResponse.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = QuestionnaireResponse.SP_QUESTIONNAIRE) ReferenceParam questionnaire,
            @OptionalParam(name = QuestionnaireResponse.SP_STATUS) TokenParam status,
            @Offset Integer offset, @Count Integer count) {
        ReferenceParam who = patient != null ? patient : subject;
        if (who == null) {
            throw new InvalidRequestException("Search QuestionnaireResponse by patient: ?patient=Patient/<id>");
        }
        UUID patientId = FhirMapping.parseUuid(who.getIdPart());
        if (patientId == null) {
            return new SimpleBundleProvider(List.of());
        }
        String instrument = questionnaire == null ? null : instrumentId(questionnaire.getValue());
        String wantedStatus = status == null ? null : status.getValue();
        List<ScreeningResponse> matching = screenings.of(new PatientId(patientId)).stream()
                .filter(r -> instrument == null || instrument.equals(r.instrument()))
                .filter(r -> wantedStatus == null || wantedStatus.equals(r.status()))
                .toList();
        SearchPage paging = SearchPage.of(offset, count);
        if (paging.offset() >= matching.size()) {
            return paging.slice(matching, r -> toFhir(r, Map.of(), Optional.empty()));
        }
        Map<String, ClinicalFact> observations = observationsOf(new PatientId(patientId));
        return paging.slice(matching, r -> toFhir(r, observations, Optional.empty()));
    }

    private MethodOutcome store(UUID id, QuestionnaireResponse response) {
        ScreeningResult result = screenings.submit(submission(id, response));
        Map<String, ClinicalFact> observations = new HashMap<>();
        for (String observationId : result.observationIds()) {
            observations.put(observationId, facts.get("Observation", observationId));
        }
        QuestionnaireResponse stored = toFhir(result.response(), observations, result.alert());
        return new MethodOutcome(new IdType("QuestionnaireResponse", result.response().id().toString()), true).setResource(stored);
    }

    /** The submission a FHIR QuestionnaireResponse stands for; every problem found is reported at once. */
    ScreeningSubmission submission(UUID id, QuestionnaireResponse response) {
        List<String> problems = new ArrayList<>();
        String instrument = null;
        if (!response.hasQuestionnaire()) {
            problems.add("QuestionnaireResponse.questionnaire is required: urn:tandem:questionnaire:<id>, e.g. "
                    + "urn:tandem:questionnaire:phq-9");
        } else {
            instrument = instrumentId(response.getQuestionnaire());
        }
        PatientId patient = null;
        Optional<UUID> subject = referencedUuid(response.getSubject(), "Patient", "QuestionnaireResponse.subject", true, problems);
        if (subject.isPresent()) {
            patient = new PatientId(subject.get());
        }
        UUID encounter = referencedUuid(response.getEncounter(), "Encounter", "QuestionnaireResponse.encounter", false, problems)
                .orElse(null);
        if (response.hasStatus() && response.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                && response.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS) {
            problems.add("QuestionnaireResponse.status must be completed or in-progress, not " + response.getStatus().toCode()
                    + " (Tandem decides which from the answers)");
        }
        Map<String, Answer> answers = new LinkedHashMap<>();
        flatten(response.getItem(), answers, problems);
        if (!problems.isEmpty()) {
            throw new InvalidResponse(problems);
        }
        return new ScreeningSubmission(id, patient, encounter, null, instrument, answers, ScreeningSubmission.Mode.API,
                language(response.getLanguage()), authored(response));
    }

    /**
     * The instrument id a questionnaire canonical names: {@code urn:tandem:questionnaire:phq-9},
     * {@code Questionnaire/phq-9} (also as an absolute URL), {@code phq-9}, or LOINC's {@code http://loinc.org/q/44249-1};
     * a {@code |version} is ignored.
     */
    static String instrumentId(String canonical) {
        String url = QuestionnaireProvider.withoutVersion(canonical).trim();
        if (url.startsWith(QuestionnaireProvider.URL_PREFIX)) {
            return url.substring(QuestionnaireProvider.URL_PREFIX.length());
        }
        int type = url.lastIndexOf("Questionnaire/");
        if (type >= 0) {
            String rest = url.substring(type + "Questionnaire/".length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        if (url.startsWith("http://loinc.org/q/")) {
            String panel = url.substring("http://loinc.org/q/".length());
            return Instruments.all().stream().filter(i -> i.panel() != null && i.panel().code().equals(panel)).map(Instrument::id)
                    .findFirst().orElse(url);
        }
        return url;
    }

    private static Optional<UUID> referencedUuid(Reference reference, String type, String element, boolean required,
            List<String> problems) {
        if (reference == null || !reference.hasReference()) {
            if (required) {
                problems.add(element + " must reference the " + type + " (" + type + "/<id>)");
            }
            return Optional.empty();
        }
        IdType target = new IdType(reference.getReference());
        if (!type.equals(target.getResourceType())) {
            problems.add(element + " must reference a " + type + " (" + type + "/<id>), not " + reference.getReference());
            return Optional.empty();
        }
        UUID uuid = FhirMapping.parseUuid(target.getIdPart());
        if (uuid == null) {
            problems.add(element + " refers to " + type + "/" + target.getIdPart() + ", which is not in this practice ("
                    + type + " ids in Tandem are UUIDs)");
            return Optional.empty();
        }
        return Optional.of(uuid);
    }

    /** Answers by linkId from items at any depth (groups and answers' nested items). */
    private static void flatten(List<QuestionnaireResponseItemComponent> items, Map<String, Answer> answers, List<String> problems) {
        for (QuestionnaireResponseItemComponent item : items) {
            String linkId = item.getLinkId();
            if (item.hasAnswer()) {
                if (linkId == null || linkId.isBlank()) {
                    problems.add("An answered item has no linkId");
                } else if (item.getAnswer().size() > 1) {
                    problems.add("Item " + linkId + " has " + item.getAnswer().size() + " answers; each item takes exactly one");
                } else if (answers.containsKey(linkId)) {
                    problems.add("Item " + linkId + " is answered more than once");
                } else {
                    Answer answer = answer(linkId, item.getAnswerFirstRep(), problems);
                    if (answer != null) {
                        answers.put(linkId, answer);
                    }
                }
                for (QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
                    flatten(answer.getItem(), answers, problems);
                }
            }
            flatten(item.getItem(), answers, problems);
        }
    }

    private static Answer answer(String linkId, QuestionnaireResponseItemAnswerComponent answer, List<String> problems) {
        Type value = answer.getValue();
        if (value instanceof Coding coding) {
            if (!coding.hasCode()) {
                problems.add("Item " + linkId + ": the answer's coding has no code");
                return null;
            }
            return Answer.coding(coding.hasSystem() ? coding.getSystem() : null, coding.getCode());
        }
        if (value instanceof BooleanType yes && yes.getValue() != null) {
            return Answer.yes(yes.booleanValue());
        }
        if (value instanceof IntegerType number && number.getValue() != null) {
            return Answer.number(number.getValue());
        }
        problems.add("Item " + linkId + ": " + (value == null || value.isEmpty() ? "the answer has no value"
                : "answers of type " + value.fhirType() + " are not accepted")
                + " (Tandem takes valueCoding, valueBoolean or valueInteger)");
        return null;
    }

    private Instant authored(QuestionnaireResponse response) {
        if (!response.hasAuthored()) {
            return null;
        }
        if (response.getAuthoredElement().getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            LocalDate day = FhirMapping.localDate(response.getAuthoredElement());
            return day.atStartOfDay(practice.zone()).toInstant();
        }
        return response.getAuthored().toInstant();
    }

    private static String language(String code) {
        return code == null || code.isBlank() ? null : code.toLowerCase(Locale.ROOT).split("[-_]")[0];
    }

    /** The Observations Tandem wrote for a patient's responses, by id. */
    private Map<String, ClinicalFact> observationsOf(PatientId patient) {
        Map<String, ClinicalFact> byId = new HashMap<>();
        try {
            for (ClinicalFact fact : facts.of(patient, "Observation")) {
                byId.put(fact.id(), fact);
            }
        } catch (PatientNotFound gone) {
            return Map.of();
        }
        return byId;
    }

    /**
     * The stored response as FHIR, with its scored Observations contained (ids {@code result} and {@code cms2},
     * derived from {@code #}, the container; the stored Observation's id is their identifier) and the safety alert.
     */
    QuestionnaireResponse toFhir(ScreeningResponse response, Map<String, ClinicalFact> observations, Optional<UUID> alert) {
        QuestionnaireResponse resource = mapping.parser().parseResource(QuestionnaireResponse.class, response.rawJson());
        resource.setId(response.id().toString());
        for (String kind : OBSERVATION_KINDS) {
            String stored = Screenings.observationId(response.id(), kind);
            ClinicalFact fact = observations.get(stored);
            if (fact == null || fact.rawJson() == null) {
                continue;
            }
            Observation observation = mapping.parser().parseResource(Observation.class, fact.rawJson());
            observation.setId(kind);
            observation.getDerivedFrom().clear();
            observation.addDerivedFrom(new Reference("#"));
            observation.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + stored);
            resource.addContained(observation);
        }
        alert.ifPresent(id -> resource.addExtension(SAFETY_ALERT, new Reference("Flag/" + id)));
        return resource;
    }
}
