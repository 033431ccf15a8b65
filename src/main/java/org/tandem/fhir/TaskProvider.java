package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskPriority;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.tandem.handoff.Fallback;
import org.tandem.handoff.Handoff;
import org.tandem.handoff.HandoffOutcome;
import org.tandem.handoff.HandoffReason;
import org.tandem.handoff.HandoffStatus;
import org.tandem.handoff.Handoffs;
import org.tandem.handoff.Urgency;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientPage;
import org.tandem.practice.Practices;

/**
 * FHIR Task: warm handoffs to behavioral health, read-only (they are asked for, accepted and closed on Tandem's
 * pages; create and update are not offered). Read by id; search by {@code patient} (or {@code subject}),
 * {@code status} (any of), {@code authored-on} (a date range; dates without a time zone are days in the practice's
 * zone), {@code owner} (the clinician who accepted), {@code requester} (who asked) and {@code code}, newest request
 * first, paged with {@code _count} and {@code _offset}.
 * <ul>
 * <li>{@code status}: the handoff's status as is (requested, accepted, in-progress, completed, rejected, cancelled);
 * a patient who declined and "nobody was available" end rejected, a patient who left ends cancelled, a converted
 * visit ends completed; {@code intent} is always order;</li>
 * <li>{@code code}: {@value #TASK_TYPE_SYSTEM}|{@value #WARM_HANDOFF} ("Warm handoff to behavioral health"), the
 * only code the {@code code} search accepts in that system;</li>
 * <li>{@code reasonCode}: the reason in {@value #REASON_SYSTEM} (positive-screen, distress, substance-use,
 * new-diagnosis, medication-question, other);</li>
 * <li>{@code priority}: the urgency, now = stat, today = urgent, next available = routine;</li>
 * <li>{@code for}: {@code Patient/<id>}; {@code focus}: the screening that prompted it
 * ({@code QuestionnaireResponse/<id>}) if any; {@code authoredOn}: when it was asked for; {@code lastModified}: the
 * last change;</li>
 * <li>{@code requester}: {@code Practitioner/<account>} of who asked (display: their name); when a medical assistant
 * asked on a PCP's behalf, the PCP is the extension {@value #EXT_ON_BEHALF_OF}; {@code owner}: the clinician who
 * accepted, once accepted;</li>
 * <li>{@code executionPeriod}: from the acceptance to the end (completed, closed or cancelled); the start of the visit
 * itself is the extension {@value #EXT_VISIT_STARTED}, the widening to interruptible clinicians and the escalation
 * {@value #EXT_WIDENED} and {@value #EXT_ESCALATED};</li>
 * <li>{@code businessStatus} in {@value #BUSINESS_STATUS_SYSTEM}: offered, widened, escalated, callback (a same-day
 * callback is due), accepted, in-visit, then the outcome: completed, converted, declined, left, not-available, or
 * withdrawn (cancelled by who asked);</li>
 * <li>{@code statusReason} (rejected and cancelled only): the outcome in {@value #OUTCOME_SYSTEM} and the note, or
 * the reason it was withdrawn;</li>
 * <li>{@code output} typed in {@value #OUTPUT_SYSTEM}: minutes (a UCUM quantity), brief-intervention (in
 * {@value #INTERVENTION_SYSTEM}), fallback (in {@value #FALLBACK_SYSTEM}: next-slot, callback, scheduled-visit) and
 * appointment ({@code Appointment/<id>} of the visit it was converted to);</li>
 * <li>{@code note}: the request's note (by who asked) and the note of a completed handoff; the room is the extension
 * {@value #EXT_ROOM}.</li>
 * </ul>
 */
@Component
class TaskProvider implements IResourceProvider {

    static final String TASK_TYPE_SYSTEM = "urn:tandem:fhir:task-type";
    static final String WARM_HANDOFF = "warm-handoff";
    static final String WARM_HANDOFF_DISPLAY = "Warm handoff to behavioral health";
    static final String REASON_SYSTEM = "urn:tandem:fhir:handoff-reason";
    static final String BUSINESS_STATUS_SYSTEM = "urn:tandem:fhir:handoff-business-status";
    static final String OUTCOME_SYSTEM = "urn:tandem:fhir:handoff-outcome";
    static final String OUTPUT_SYSTEM = "urn:tandem:fhir:handoff-output";
    static final String INTERVENTION_SYSTEM = "urn:tandem:fhir:brief-intervention";
    static final String FALLBACK_SYSTEM = "urn:tandem:fhir:handoff-fallback";
    static final String EXT_ON_BEHALF_OF = "urn:tandem:fhir:on-behalf-of";
    static final String EXT_ROOM = "urn:tandem:fhir:handoff-room";
    static final String EXT_VISIT_STARTED = "urn:tandem:fhir:visit-started";
    static final String EXT_WIDENED = "urn:tandem:fhir:handoff-widened";
    static final String EXT_ESCALATED = "urn:tandem:fhir:handoff-escalated";
    static final String UCUM = "http://unitsofmeasure.org";

    /** Task statuses a handoff never has: a search for them finds nothing (any other unknown status is a 400). */
    static final Set<String> UNUSED_STATUSES = Set.of("draft", "received", "ready", "on-hold", "failed", "entered-in-error");

    private final Handoffs handoffs;
    private final Practices practices;
    private final PracticeContext practice;

    TaskProvider(Handoffs handoffs, Practices practices, PracticeContext practice) {
        this.handoffs = handoffs;
        this.practices = practices;
        this.practice = practice;
    }

    @Override
    public Class<Task> getResourceType() {
        return Task.class;
    }

    @Read
    public Task read(@IdParam IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new ResourceNotFoundException(id);
        }
        Handoff handoff = handoffs.get(uuid);
        return toFhir(handoff, names(List.of(handoff)));
    }

    /** Handoffs, newest request first; see the class comment for the parameters. */
    @Search
    public IBundleProvider search(@OptionalParam(name = Task.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Task.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = Task.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = Task.SP_AUTHORED_ON) DateRangeParam authoredOn,
            @OptionalParam(name = Task.SP_OWNER) ReferenceParam owner,
            @OptionalParam(name = Task.SP_REQUESTER) ReferenceParam requester,
            @OptionalParam(name = Task.SP_CODE) TokenOrListParam code,
            @Offset Integer offset, @Count Integer count) {
        Set<HandoffStatus> statuses = statuses(status);
        boolean handoffCode = code == null || codeNamesHandoff(code);
        Optional<UUID> patientId = Optional.empty();
        boolean nothing = !handoffCode || (statuses != null && statuses.isEmpty());
        for (ReferenceParam who : new ReferenceParam[] {patient, subject}) {
            if (who != null) {
                Optional<UUID> named = FhirMapping.searchedId(who, "Patient");
                nothing |= named.isEmpty() || (patientId.isPresent() && !patientId.equals(named));
                patientId = named.isPresent() ? named : patientId;
            }
        }
        UUID ownerId = null;
        if (owner != null) {
            Optional<UUID> named = FhirMapping.searchedId(owner, "Practitioner");
            nothing |= named.isEmpty();
            ownerId = named.orElse(null);
        }
        UUID requesterId = null;
        if (requester != null) {
            Optional<UUID> named = FhirMapping.searchedId(requester, "Practitioner");
            nothing |= named.isEmpty();
            requesterId = named.orElse(null);
        }
        Instant from = null;
        Instant to = null;
        if (authoredOn != null) {
            ZoneId zone = practice.zone();
            from = ClinicalFactProvider.lowerBound(authoredOn.getLowerBound(), zone);
            to = ClinicalFactProvider.upperBound(authoredOn.getUpperBound(), zone);
        }
        if (nothing) {
            return new SimpleBundleProvider(List.of());
        }
        PatientId who = patientId.map(PatientId::new).orElse(null);
        SearchPage paging = SearchPage.of(offset, count);
        if ((statuses == null || statuses.size() == 1) && ownerId == null && requesterId == null) {
            HandoffStatus one = statuses == null ? null : statuses.iterator().next();
            int total = handoffs.count(who, one, from, to);
            List<Handoff> page = total <= paging.offset() ? List.of()
                    : handoffs.search(who, one, from, to, paging.offset(), paging.size());
            Map<UUID, String> names = names(page);
            return paging.bundle(new PatientPage<>(page, total, paging.offset(), paging.size()), h -> toFhir(h, names));
        }
        // Several statuses, or an owner or requester: the facade filters by one status, so the rest is filtered here.
        HandoffStatus one = statuses != null && statuses.size() == 1 ? statuses.iterator().next() : null;
        int all = handoffs.count(who, one, from, to);
        Set<HandoffStatus> wanted = statuses;
        UUID wantedOwner = ownerId;
        UUID wantedRequester = requesterId;
        List<Handoff> matching = (all == 0 ? List.<Handoff>of() : handoffs.search(who, one, from, to, 0, all)).stream()
                .filter(h -> wanted == null || wanted.contains(h.status()))
                .filter(h -> wantedOwner == null || wantedOwner.equals(h.acceptedBy()))
                .filter(h -> wantedRequester == null || wantedRequester.equals(h.requestedBy()))
                .toList();
        int start = Math.min(paging.offset(), matching.size());
        Map<UUID, String> names = names(matching.subList(start, Math.min(start + paging.size(), matching.size())));
        return paging.slice(matching, h -> toFhir(h, names));
    }

    /** The handoff statuses a status search asks for; null when it does not filter; empty when it finds nothing. */
    static Set<HandoffStatus> statuses(TokenOrListParam status) {
        if (status == null || status.getValuesAsQueryTokens().isEmpty()) {
            return null;
        }
        Set<HandoffStatus> statuses = EnumSet.noneOf(HandoffStatus.class);
        for (TokenParam token : status.getValuesAsQueryTokens()) {
            String value = token.getValue();
            if (UNUSED_STATUSES.contains(value)) {
                continue;
            }
            HandoffStatus match = null;
            for (HandoffStatus candidate : HandoffStatus.values()) {
                if (candidate.code().equals(value)) {
                    match = candidate;
                }
            }
            if (match == null) {
                throw new InvalidRequestException("Task status is requested, accepted, in-progress, completed, rejected or cancelled "
                        + "(or another FHIR Task status a warm handoff never has), not " + value);
            }
            statuses.add(match);
        }
        return statuses;
    }

    /** Whether a code search asks for warm handoffs; codes of other systems find nothing. */
    static boolean codeNamesHandoff(TokenOrListParam code) {
        boolean handoff = false;
        for (TokenParam token : code.getValuesAsQueryTokens()) {
            if (StringUtils.hasText(token.getSystem()) && !TASK_TYPE_SYSTEM.equals(token.getSystem())) {
                continue;
            }
            if (!WARM_HANDOFF.equals(token.getValue())) {
                throw new InvalidRequestException("Task code is " + TASK_TYPE_SYSTEM + "|" + WARM_HANDOFF
                        + " (the only kind of Task Tandem keeps), not " + token.getValue());
            }
            handoff = true;
        }
        return handoff;
    }

    static Task toFhir(Handoff handoff, Map<UUID, String> names) {
        Task task = new Task();
        task.setId(handoff.id().toString());
        task.getMeta().setVersionId(String.valueOf(handoff.version()));
        task.getMeta().setLastUpdated(Date.from(handoff.updatedAt()));
        task.setStatus(TaskStatus.fromCode(handoff.status().code()));
        task.setIntent(TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(TASK_TYPE_SYSTEM, WARM_HANDOFF, WARM_HANDOFF_DISPLAY)).setText(WARM_HANDOFF_DISPLAY));
        task.setReasonCode(new CodeableConcept(new Coding(REASON_SYSTEM, handoff.reason().code(), display(handoff.reason())))
                .setText(display(handoff.reason())));
        task.setPriority(priority(handoff.urgency()));
        task.setFor(new Reference("Patient/" + handoff.patient().value()));
        if (handoff.screeningResponse() != null) {
            task.setFocus(new Reference("QuestionnaireResponse/" + handoff.screeningResponse()));
        }
        task.setAuthoredOnElement(FhirMapping.dateTime(handoff.requestedAt()));
        task.setLastModifiedElement(FhirMapping.dateTime(handoff.updatedAt()));
        task.setRequester(practitioner(handoff.requestedBy(), handoff.requestedByName()));
        if (handoff.onBehalfOf() != null) {
            task.addExtension(EXT_ON_BEHALF_OF, practitioner(handoff.onBehalfOf(), names.get(handoff.onBehalfOf())));
        }
        if (handoff.acceptedBy() != null) {
            task.setOwner(practitioner(handoff.acceptedBy(), handoff.acceptedByName()));
        }
        if (handoff.acceptedAt() != null) {
            task.getExecutionPeriod().setStartElement(FhirMapping.dateTime(handoff.acceptedAt()));
        }
        if (handoff.endedAt() != null) {
            task.getExecutionPeriod().setEndElement(FhirMapping.dateTime(handoff.endedAt()));
        }
        String[] business = businessStatus(handoff);
        task.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS_SYSTEM, business[0], business[1])).setText(business[1]));
        if (handoff.status() == HandoffStatus.REJECTED || handoff.status() == HandoffStatus.CANCELLED) {
            CodeableConcept reason = new CodeableConcept();
            if (handoff.outcome() != null) {
                reason.addCoding(new Coding(OUTCOME_SYSTEM, handoff.outcome().code(), display(handoff.outcome())));
            }
            reason.setText(handoff.outcomeNote() != null ? handoff.outcomeNote()
                    : handoff.outcome() != null ? display(handoff.outcome()) : "Withdrawn");
            task.setStatusReason(reason);
        }
        if (handoff.minutes() != null) {
            task.addOutput().setType(output("minutes", "Minutes with the patient"))
                    .setValue(new Quantity().setValue(handoff.minutes()).setUnit("min").setSystem(UCUM).setCode("min"));
        }
        if (handoff.intervention() != null) {
            task.addOutput().setType(output("brief-intervention", "Brief intervention delivered"))
                    .setValue(new CodeableConcept(new Coding(INTERVENTION_SYSTEM, handoff.intervention(), null)));
        }
        if (handoff.fallback() != null) {
            task.addOutput().setType(output("fallback", "Fallback when nobody accepted in time"))
                    .setValue(new CodeableConcept(new Coding(FALLBACK_SYSTEM, handoff.fallback().code(), display(handoff.fallback()))));
        }
        if (handoff.appointment() != null) {
            task.addOutput().setType(output("appointment", "Visit booked instead"))
                    .setValue(new Reference("Appointment/" + handoff.appointment()));
        }
        if (handoff.note() != null) {
            Annotation note = task.addNote().setText(handoff.note());
            note.setAuthor(practitioner(handoff.requestedBy(), handoff.requestedByName()));
            note.setTimeElement(FhirMapping.dateTime(handoff.requestedAt()));
        }
        if (handoff.status() == HandoffStatus.COMPLETED && handoff.outcomeNote() != null) {
            Annotation note = task.addNote().setText(handoff.outcomeNote());
            if (handoff.endedAt() != null) {
                note.setTimeElement(FhirMapping.dateTime(handoff.endedAt()));
            }
        }
        if (handoff.room() != null) {
            task.addExtension(EXT_ROOM, new StringType(handoff.room()));
        }
        if (handoff.startedAt() != null) {
            task.addExtension(EXT_VISIT_STARTED, FhirMapping.dateTime(handoff.startedAt()));
        }
        if (handoff.widenedAt() != null) {
            task.addExtension(EXT_WIDENED, FhirMapping.dateTime(handoff.widenedAt()));
        }
        if (handoff.escalatedAt() != null) {
            task.addExtension(EXT_ESCALATED, FhirMapping.dateTime(handoff.escalatedAt()));
        }
        return task;
    }

    static TaskPriority priority(Urgency urgency) {
        switch (urgency) {
            case NOW:
                return TaskPriority.STAT;
            case TODAY:
                return TaskPriority.URGENT;
            default:
                return TaskPriority.ROUTINE;
        }
    }

    /** Where a handoff stands, as a code and its display. */
    static String[] businessStatus(Handoff handoff) {
        switch (handoff.status()) {
            case REQUESTED:
                if (handoff.fallback() == Fallback.SAME_DAY_CALLBACK) {
                    return new String[] {"callback", "Same-day callback to make"};
                }
                if (handoff.escalatedAt() != null) {
                    return new String[] {"escalated", "Escalated: nobody accepted in time"};
                }
                if (handoff.widenedAt() != null) {
                    return new String[] {"widened", "Offered to available and interruptible clinicians"};
                }
                return new String[] {"offered", "Offered to available clinicians"};
            case ACCEPTED:
                return new String[] {"accepted", "Accepted; the clinician is on the way"};
            case IN_PROGRESS:
                return new String[] {"in-visit", "The clinician is seeing the patient"};
            default:
                if (handoff.outcome() == null) {
                    return handoff.status() == HandoffStatus.CANCELLED ? new String[] {"withdrawn", "Withdrawn by who asked"}
                            : new String[] {handoff.status().code(), handoff.status().code()};
                }
                return new String[] {handoff.outcome().code(), display(handoff.outcome())};
        }
    }

    static String display(HandoffReason reason) {
        switch (reason) {
            case POSITIVE_SCREEN:
                return "Positive screen";
            case DISTRESS:
                return "Distress";
            case SUBSTANCE_USE:
                return "Substance use";
            case NEW_DIAGNOSIS:
                return "New diagnosis";
            case MEDICATION_QUESTION:
                return "Medication question";
            default:
                return "Other";
        }
    }

    static String display(HandoffOutcome outcome) {
        switch (outcome) {
            case COMPLETED:
                return "Completed";
            case PATIENT_DECLINED:
                return "Patient declined";
            case PATIENT_LEFT:
                return "Patient left";
            case NOT_AVAILABLE:
                return "Nobody was available";
            default:
                return "Converted to a scheduled visit";
        }
    }

    static String display(Fallback fallback) {
        switch (fallback) {
            case NEXT_OPEN_SLOT:
                return "Next open slot";
            case SAME_DAY_CALLBACK:
                return "Same-day callback";
            default:
                return "Scheduled visit";
        }
    }

    private static CodeableConcept output(String code, String display) {
        return new CodeableConcept(new Coding(OUTPUT_SYSTEM, code, display));
    }

    static Reference practitioner(UUID account, String name) {
        Reference reference = new Reference("Practitioner/" + account);
        if (name != null) {
            reference.setDisplay(name);
        }
        return reference;
    }

    /** Display names of the PCPs handoffs were asked for on behalf of (the other names are kept on the handoff). */
    private Map<UUID, String> names(List<Handoff> list) {
        Set<UUID> accounts = list.stream().map(Handoff::onBehalfOf).filter(Objects::nonNull).collect(Collectors.toCollection(HashSet::new));
        return accounts.isEmpty() ? Map.of() : practices.displayNames(accounts);
    }
}
