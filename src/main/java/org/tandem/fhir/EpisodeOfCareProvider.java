package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.util.StringUtils;
import org.tandem.patient.PatientId;
import org.tandem.platform.CurrentActor;
import org.tandem.practice.PracticeInfo;
import org.tandem.practice.Practices;
import org.tandem.registry.Episode;
import org.tandem.registry.EpisodeFocus;
import org.tandem.registry.EpisodeStatus;
import org.tandem.registry.EpisodeStep;
import org.tandem.registry.Episodes;

/**
 * FHIR EpisodeOfCare: the registry's episodes of behavioral health care, read-only. Read by id; search by
 * {@code patient}, {@code status} (planned = referred, active = enrolled, active treatment or relapse prevention,
 * finished = discharged) and {@code type} (the focus), paged with {@code _count} and {@code _offset}.
 * <ul>
 * <li>{@code type}: the focus, coded in Tandem's CodeSystem {@value #FOCUS_SYSTEM} (depression, anxiety,
 * substance-use, other);</li>
 * <li>{@code statusHistory}: one entry per FHIR status the episode went through, from its status changes;</li>
 * <li>{@code period}: from enrolment (or referral while referred) to discharge;</li>
 * <li>{@code careManager}: {@code Practitioner/<account id>}; {@code managingOrganization}: the practice
 * ({@code Organization/<practice id>}, with its name);</li>
 * <li>extensions: Tandem's own status ({@value #EXT_STATUS}, e.g. relapse-prevention), the discharge reason
 * ({@value #EXT_DISCHARGE_REASON}), the screening that led to the episode ({@value #EXT_SOURCE_SCREENING} to
 * {@code QuestionnaireResponse/<id>}; the referral it stands for is not a ServiceRequest, so {@code referralRequest}
 * stays empty), the safety alert ({@value #EXT_SOURCE_ALERT} to {@code Flag/<id>}), consent to collaborative care
 * ({@value #EXT_CONSENT_DATE}), and the PCP and psychiatric consultant ({@value #EXT_PCP}, {@value #EXT_CONSULTANT}
 * to {@code Practitioner/<account id>}).</li>
 * </ul>
 */
@org.springframework.stereotype.Component
class EpisodeOfCareProvider implements IResourceProvider {

    /** Tandem's CodeSystem of episode foci: depression, anxiety, substance-use, other. */
    static final String FOCUS_SYSTEM = "urn:tandem:fhir:episode-focus";
    static final String EXT_STATUS = "urn:tandem:fhir:episode-status";
    static final String EXT_DISCHARGE_REASON = "urn:tandem:fhir:discharge-reason";
    static final String EXT_SOURCE_SCREENING = "urn:tandem:fhir:source-screening";
    static final String EXT_SOURCE_ALERT = "urn:tandem:fhir:source-alert";
    static final String EXT_CONSENT_DATE = "urn:tandem:fhir:collaborative-care-consent";
    static final String EXT_PCP = "urn:tandem:fhir:episode-pcp";
    static final String EXT_CONSULTANT = "urn:tandem:fhir:episode-psychiatric-consultant";

    /** Tandem's statuses behind each FHIR EpisodeOfCare status. */
    static final Map<String, Set<EpisodeStatus>> STATUSES = Map.of(
            "planned", EnumSet.of(EpisodeStatus.REFERRED),
            "active", EnumSet.of(EpisodeStatus.ENROLLED, EpisodeStatus.ACTIVE, EpisodeStatus.RELAPSE_PREVENTION),
            "finished", EnumSet.of(EpisodeStatus.DISCHARGED),
            "waitlist", EnumSet.noneOf(EpisodeStatus.class),
            "onhold", EnumSet.noneOf(EpisodeStatus.class),
            "cancelled", EnumSet.noneOf(EpisodeStatus.class),
            "entered-in-error", EnumSet.noneOf(EpisodeStatus.class));

    private final Episodes episodes;
    private final Practices practices;
    private final CurrentActor actors;

    EpisodeOfCareProvider(Episodes episodes, Practices practices, CurrentActor actors) {
        this.episodes = episodes;
        this.practices = practices;
        this.actors = actors;
    }

    @Override
    public Class<EpisodeOfCare> getResourceType() {
        return EpisodeOfCare.class;
    }

    @Read
    public EpisodeOfCare read(@IdParam IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new ResourceNotFoundException(id);
        }
        Episode episode = episodes.get(uuid);
        return toFhir(episode, episodes.history(uuid), names(List.of(episode)), organization());
    }

    /** Episodes, newest referral first, by patient, FHIR status (any of) and focus (any of), paged. */
    @Search
    public IBundleProvider search(@OptionalParam(name = EpisodeOfCare.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = EpisodeOfCare.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = EpisodeOfCare.SP_TYPE) TokenOrListParam type,
            @Offset Integer offset, @Count Integer count) {
        Set<EpisodeStatus> statuses = null;
        if (status != null && !status.getValuesAsQueryTokens().isEmpty()) {
            statuses = EnumSet.noneOf(EpisodeStatus.class);
            for (TokenParam token : status.getValuesAsQueryTokens()) {
                Set<EpisodeStatus> mapped = STATUSES.get(token.getValue());
                if (mapped == null) {
                    throw new InvalidRequestException("EpisodeOfCare status is planned, waitlist, active, onhold, finished, cancelled "
                            + "or entered-in-error, not " + token.getValue());
                }
                statuses.addAll(mapped);
            }
        }
        Set<EpisodeFocus> foci = null;
        if (type != null && !type.getValuesAsQueryTokens().isEmpty()) {
            foci = EnumSet.noneOf(EpisodeFocus.class);
            for (TokenParam token : type.getValuesAsQueryTokens()) {
                if (StringUtils.hasText(token.getSystem()) && !FOCUS_SYSTEM.equals(token.getSystem())) {
                    continue;
                }
                EpisodeFocus focus = focus(token.getValue());
                if (focus == null) {
                    throw new InvalidRequestException("EpisodeOfCare type is one of " + FOCUS_SYSTEM + "|depression, anxiety, "
                            + "substance-use or other, not " + token.getValue());
                }
                foci.add(focus);
            }
        }
        if ((statuses != null && statuses.isEmpty()) || (foci != null && foci.isEmpty())) {
            return new SimpleBundleProvider(List.of());
        }
        List<Episode> found;
        if (patient != null) {
            if (StringUtils.hasText(patient.getChain())) {
                throw new InvalidRequestException("Chained patient searches are not supported");
            }
            UUID patientId = FhirMapping.parseUuid(patient.getIdPart());
            if (patientId == null || (StringUtils.hasText(patient.getResourceType()) && !"Patient".equals(patient.getResourceType()))) {
                return new SimpleBundleProvider(List.of());
            }
            found = episodes.of(new PatientId(patientId));
        } else {
            found = new ArrayList<>(episodes.search(null, statuses == null ? List.of() : statuses));
            found.sort(java.util.Comparator.comparing(Episode::referredOn).thenComparing(Episode::createdAt).reversed());
        }
        Set<EpisodeStatus> wantedStatuses = statuses;
        Set<EpisodeFocus> wantedFoci = foci;
        List<Episode> matching = found.stream()
                .filter(e -> wantedStatuses == null || wantedStatuses.contains(e.status()))
                .filter(e -> wantedFoci == null || wantedFoci.contains(e.focus()))
                .toList();
        SearchPage paging = SearchPage.of(offset, count);
        int from = Math.min(paging.offset(), matching.size());
        List<Episode> page = matching.subList(from, Math.min(from + paging.size(), matching.size()));
        Map<UUID, String> names = names(page);
        Reference organization = organization();
        Map<UUID, List<EpisodeStep>> histories = page.stream().collect(Collectors.toMap(Episode::id, e -> episodes.history(e.id())));
        return paging.slice(matching, e -> toFhir(e, histories.getOrDefault(e.id(), List.of()), names, organization));
    }

    static EpisodeOfCare toFhir(Episode episode, List<EpisodeStep> history, Map<UUID, String> names, Reference organization) {
        EpisodeOfCare resource = new EpisodeOfCare();
        resource.setId(episode.id().toString());
        resource.getMeta().setVersionId(String.valueOf(episode.version()));
        resource.getMeta().setLastUpdated(Date.from(episode.updatedAt()));
        resource.setStatus(EpisodeOfCareStatus.fromCode(episode.status().fhirStatus()));
        resource.addType().addCoding().setSystem(FOCUS_SYSTEM).setCode(episode.focus().code()).setDisplay(display(episode.focus()));
        resource.getTypeFirstRep().setText(display(episode.focus()) + " (behavioral health)");
        resource.setPatient(new Reference("Patient/" + episode.patient().value()));
        resource.setManagingOrganization(organization.copy());
        Period period = resource.getPeriod();
        period.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(episode.startOn().toString()));
        if (episode.dischargedOn() != null) {
            period.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(episode.dischargedOn().toString()));
        }
        if (episode.careManager() != null) {
            resource.setCareManager(practitioner(episode.careManager(), names));
        }
        for (StatusPeriod s : statusHistory(history)) {
            EpisodeOfCare.EpisodeOfCareStatusHistoryComponent entry = resource.addStatusHistory();
            entry.setStatus(EpisodeOfCareStatus.fromCode(s.status()));
            entry.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(s.start().toString()));
            if (s.end() != null) {
                entry.getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(s.end().toString()));
            }
        }
        resource.addExtension(EXT_STATUS, new CodeType(episode.status().code()));
        if (episode.dischargeReason() != null) {
            resource.addExtension(EXT_DISCHARGE_REASON, new CodeType(episode.dischargeReason().code()));
        }
        if (episode.sourceResponse() != null) {
            resource.addExtension(EXT_SOURCE_SCREENING, new Reference("QuestionnaireResponse/" + episode.sourceResponse()));
        }
        if (episode.sourceAlert() != null) {
            resource.addExtension(EXT_SOURCE_ALERT, new Reference("Flag/" + episode.sourceAlert()));
        }
        if (episode.consentOn() != null) {
            resource.addExtension(EXT_CONSENT_DATE, new DateType(episode.consentOn().toString()));
        }
        if (episode.pcp() != null) {
            resource.addExtension(EXT_PCP, practitioner(episode.pcp(), names));
        }
        if (episode.consultant() != null) {
            resource.addExtension(EXT_CONSULTANT, practitioner(episode.consultant(), names));
        }
        return resource;
    }

    /** A FHIR status and the days it held, from the episode's status steps (consecutive steps of one FHIR status merge). */
    record StatusPeriod(String status, LocalDate start, LocalDate end) {
    }

    static List<StatusPeriod> statusHistory(List<EpisodeStep> history) {
        List<StatusPeriod> periods = new ArrayList<>();
        for (EpisodeStep step : history) {
            EpisodeStatus status = status(step.step());
            if (status == null) {
                continue;
            }
            String fhir = status.fhirStatus();
            if (!periods.isEmpty() && periods.get(periods.size() - 1).status().equals(fhir)) {
                continue;
            }
            if (!periods.isEmpty()) {
                StatusPeriod last = periods.remove(periods.size() - 1);
                periods.add(new StatusPeriod(last.status(), last.start(), step.effectiveOn()));
            }
            periods.add(new StatusPeriod(fhir, step.effectiveOn(), null));
        }
        return periods;
    }

    private static EpisodeStatus status(String step) {
        for (EpisodeStatus status : EpisodeStatus.values()) {
            if (status.code().equals(step)) {
                return status;
            }
        }
        return null;
    }

    private static EpisodeFocus focus(String code) {
        for (EpisodeFocus focus : EpisodeFocus.values()) {
            if (focus.code().equals(code)) {
                return focus;
            }
        }
        return null;
    }

    static String display(EpisodeFocus focus) {
        switch (focus) {
            case DEPRESSION:
                return "Depression";
            case ANXIETY:
                return "Anxiety";
            case SUBSTANCE_USE:
                return "Substance use";
            default:
                return "Other";
        }
    }

    private static Reference practitioner(UUID account, Map<UUID, String> names) {
        Reference reference = new Reference("Practitioner/" + account);
        String name = names.get(account);
        if (name != null) {
            reference.setDisplay(name);
        }
        return reference;
    }

    private Map<UUID, String> names(List<Episode> list) {
        Set<UUID> accounts = list.stream().flatMap(e -> Stream.of(e.careManager(), e.pcp(), e.consultant()))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        return practices.displayNames(accounts);
    }

    private Reference organization() {
        PracticeInfo info = practices.find(actors.requirePractice()).orElseThrow();
        return new Reference("Organization/" + info.id().value()).setDisplay(info.name());
    }
}
