package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.springframework.stereotype.Component;
import org.tandem.screening.Instrument;
import org.tandem.screening.Instruments;
import org.tandem.screening.Questionnaires;

/**
 * FHIR Questionnaire: the instruments a practice can use. Read and search are open to every token of a practice
 * (wording, not patient data); licensed wording (PHQ-A, EPDS, DAST-10, C-SSRS screener) is there only once the
 * practice imported it with {@code PUT Questionnaire/<id>} (practice admins).
 */
@Component
class QuestionnaireProvider implements IResourceProvider {

    /** The canonical url Tandem gives each questionnaire: {@code urn:tandem:questionnaire:<id>}. */
    static final String URL_PREFIX = "urn:tandem:questionnaire:";

    private final Questionnaires questionnaires;

    QuestionnaireProvider(Questionnaires questionnaires) {
        this.questionnaires = questionnaires;
    }

    @Override
    public Class<Questionnaire> getResourceType() {
        return Questionnaire.class;
    }

    @Read
    public Questionnaire read(@IdParam IdType id) {
        String instrumentId = id.getIdPart();
        Optional<Instrument> instrument = Instruments.find(instrumentId);
        if (instrument.isEmpty()) {
            throw new ResourceNotFoundException("Questionnaire/" + instrumentId + " is not known. Known: "
                    + Instruments.all().stream().map(Instrument::id).collect(Collectors.joining(", ")));
        }
        return questionnaires.questionnaire(instrumentId).map(Questionnaire::copy)
                .orElseThrow(() -> notImported(instrument.get()));
    }

    @Search
    public List<Questionnaire> search(@OptionalParam(name = IAnyResource.SP_RES_ID) TokenOrListParam ids,
            @OptionalParam(name = Questionnaire.SP_URL) UriParam url) {
        Set<String> wantedIds = ids == null ? null
                : ids.getValuesAsQueryTokens().stream().map(TokenParam::getValue).collect(Collectors.toSet());
        String wantedUrl = url == null ? null : withoutVersion(url.getValue());
        return questionnaires.available().stream()
                .filter(q -> wantedIds == null || wantedIds.contains(q.getIdElement().getIdPart()))
                .filter(q -> wantedUrl == null || wantedUrl.equals(q.getUrl()))
                .map(Questionnaire::copy)
                .toList();
    }

    /**
     * Imports (or replaces) the practice's licensed wording. Every item and answer is checked against Tandem's
     * scoring rules; a questionnaire with problems is refused with one issue per problem and nothing is stored.
     */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Questionnaire questionnaire) {
        String instrumentId = id.getIdPart();
        if (questionnaire.hasIdElement() && questionnaire.getIdElement().hasIdPart()
                && !questionnaire.getIdElement().getIdPart().equals(instrumentId)) {
            throw new InvalidRequestException("The resource id " + questionnaire.getIdElement().getIdPart()
                    + " does not match the URL's id " + instrumentId);
        }
        questionnaire.setId(instrumentId);
        Questionnaire imported = questionnaires.importLicensed(questionnaire);
        String version = imported.getMeta().getVersionId();
        return new MethodOutcome(new IdType("Questionnaire", instrumentId, version), "1".equals(version))
                .setResource(imported.copy());
    }

    static ResourceNotFoundException notImported(Instrument instrument) {
        return new ResourceNotFoundException("Questionnaire/" + instrument.id() + ": the wording of the " + instrument.title()
                + " is licensed and this practice has not imported it. A practice admin imports the licensed wording with "
                + "PUT Questionnaire/" + instrument.id() + ". Licence: " + instrument.licence());
    }

    /** A canonical url without its {@code |version}. */
    static String withoutVersion(String canonical) {
        if (canonical == null) {
            return null;
        }
        int bar = canonical.indexOf('|');
        return bar < 0 ? canonical : canonical.substring(0, bar);
    }
}
