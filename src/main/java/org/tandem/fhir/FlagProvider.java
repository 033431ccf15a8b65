package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientPage;
import org.tandem.screening.SafetyAlert;
import org.tandem.screening.SafetyAlerts;

/**
 * FHIR Flag: the practice's safety alerts, read-only. {@code status=active} finds alerts nobody has closed yet
 * (active or acknowledged), {@code status=inactive} the closed ones (risk assessment documented). The alert's own
 * state, who acknowledged it and the assessed risk level are extensions.
 */
@Component
class FlagProvider implements IResourceProvider {

    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category";
    static final String RULE_SYSTEM = "urn:tandem:screening";
    static final String EXT_STATE = "urn:tandem:fhir:safety-alert-state";
    static final String EXT_ACUTE = "urn:tandem:fhir:safety-alert-acute";
    static final String EXT_RESPONSE = "urn:tandem:fhir:questionnaire-response";
    static final String EXT_ESCALATED_AT = "urn:tandem:fhir:escalated-at";
    static final String EXT_ACKNOWLEDGED_BY = "urn:tandem:fhir:acknowledged-by";
    static final String EXT_ACKNOWLEDGED_AT = "urn:tandem:fhir:acknowledged-at";
    static final String EXT_RISK_LEVEL = "urn:tandem:fhir:risk-level";
    static final String EXT_ASSESSED_BY = "urn:tandem:fhir:assessed-by";

    /** What each safety rule means, for Flag.code's display and text. */
    static final Map<String, String> RULES = Map.of(
            "phq-9-item-9", "Suicide risk: PHQ-9 item 9 positive",
            "phq-a-item-9", "Suicide risk: PHQ-A item 9 positive",
            "phq-a-serious-thoughts", "Suicide risk: PHQ-A serious thoughts of ending life in the past month",
            "phq-a-ever-attempted", "Suicide risk: PHQ-A suicide attempt ever",
            "epds-item-10", "Suicide risk: EPDS item 10 (thoughts of self-harm) positive",
            "asq-positive", "Suicide risk: ASQ positive (non-acute)",
            "asq-acute-positive", "Imminent suicide risk: ASQ acute positive",
            "cssrs-imminent", "Imminent suicide risk: C-SSRS screener");

    private final SafetyAlerts alerts;

    FlagProvider(SafetyAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public Class<Flag> getResourceType() {
        return Flag.class;
    }

    @Read
    public Flag read(@IdParam IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new ResourceNotFoundException(id);
        }
        return toFhir(alerts.get(uuid));
    }

    /** Alerts newest first, by patient and status (active = active or acknowledged, inactive = closed), paged. */
    @Search
    public IBundleProvider search(@OptionalParam(name = Flag.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Flag.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = "status") TokenParam status,
            @Offset Integer offset, @Count Integer count) {
        ReferenceParam who = patient != null ? patient : subject;
        PatientId patientId = null;
        if (who != null) {
            UUID uuid = FhirMapping.parseUuid(who.getIdPart());
            if (uuid == null) {
                return new SimpleBundleProvider(List.of());
            }
            patientId = new PatientId(uuid);
        }
        String state = null;
        if (status != null && status.getValue() != null) {
            switch (status.getValue()) {
                case "active":
                    state = SafetyAlerts.OPEN;
                    break;
                case "inactive":
                    state = "closed";
                    break;
                case "entered-in-error":
                    return new SimpleBundleProvider(List.of());
                default:
                    throw new InvalidRequestException("Flag status is active, inactive or entered-in-error, not " + status.getValue());
            }
        }
        SearchPage paging = SearchPage.of(offset, count);
        List<SafetyAlert> page = alerts.search(patientId, state, paging.offset(), paging.size());
        int total = alerts.count(patientId, state);
        return paging.bundle(new PatientPage<>(page, total, paging.offset(), paging.size()), FlagProvider::toFhir);
    }

    static Flag toFhir(SafetyAlert alert) {
        Flag flag = new Flag();
        flag.setId(alert.id().toString());
        flag.getMeta().setVersionId(String.valueOf(alert.version()));
        flag.setStatus(alert.closed() ? Flag.FlagStatus.INACTIVE : Flag.FlagStatus.ACTIVE);
        flag.addCategory().addCoding().setSystem(CATEGORY_SYSTEM).setCode("safety").setDisplay("Safety");
        for (String rule : alert.rules()) {
            flag.getCode().addCoding().setSystem(RULE_SYSTEM).setCode(rule).setDisplay(describe(rule));
        }
        flag.getCode().setText(alert.rules().stream().map(FlagProvider::describe).collect(Collectors.joining("; ")));
        flag.setSubject(new Reference("Patient/" + alert.patient().value()));
        flag.getPeriod().setStart(date(alert.raisedAt()));
        if (alert.closedAt() != null) {
            flag.getPeriod().setEnd(date(alert.closedAt()));
        }
        if (alert.encounter() != null) {
            flag.setEncounter(new Reference("Encounter/" + alert.encounter()));
        }
        flag.addExtension(EXT_STATE, new CodeType(alert.status()));
        flag.addExtension(EXT_ACUTE, new BooleanType(alert.acute()));
        if (alert.response() != null) {
            flag.addExtension(EXT_RESPONSE, new Reference("QuestionnaireResponse/" + alert.response()));
        }
        if (alert.escalatedAt() != null) {
            flag.addExtension(EXT_ESCALATED_AT, new DateTimeType(date(alert.escalatedAt())));
        }
        if (alert.acknowledgedBy() != null) {
            flag.addExtension(EXT_ACKNOWLEDGED_BY, new StringType(alert.acknowledgedBy()));
        }
        if (alert.acknowledgedAt() != null) {
            flag.addExtension(EXT_ACKNOWLEDGED_AT, new DateTimeType(date(alert.acknowledgedAt())));
        }
        if (alert.assessment() != null && alert.assessment().level() != null) {
            flag.addExtension(EXT_RISK_LEVEL, new CodeType(alert.assessment().level().code()));
        }
        if (alert.assessedBy() != null) {
            flag.addExtension(EXT_ASSESSED_BY, new StringType(alert.assessedBy()));
        }
        return flag;
    }

    static String describe(String rule) {
        return RULES.getOrDefault(rule, "Suicide risk: " + rule);
    }

    private static Date date(Instant instant) {
        return Date.from(instant);
    }
}
