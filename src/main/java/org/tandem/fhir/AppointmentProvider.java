package org.tandem.fhir;

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
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.Appointment.ParticipantRequired;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientId;
import org.tandem.practice.Practices;
import org.tandem.scheduling.AppointmentSource;
import org.tandem.scheduling.AppointmentStatus;
import org.tandem.scheduling.Appointments;
import org.tandem.scheduling.Booking;
import org.tandem.scheduling.Schedules;

/**
 * FHIR Appointment: visits booked with behavioral health clinicians. Read by id; search by {@code patient},
 * {@code actor} or {@code practitioner}, {@code date} (the start; without a date and without a patient, the visits
 * starting in the next {@value SlotProvider#DEFAULT_DAYS} days from the start of today in the practice's time zone) and
 * {@code status} (any of), paged with {@code _count} and {@code _offset}: a patient's visits latest first, otherwise by
 * start.
 * <p>
 * Create books a patient into a slot: {@code slot} must name one {@code Slot/<id>} and a participant the
 * {@code Patient/<id>}; the slot decides the clinician, start, end and kind (a Practitioner participant, if sent, must be
 * the slot's clinician; start and end sent are ignored). The status sent, if any, is booked. Why it was booked is the
 * extension {@value #EXT_SOURCE} (return-visit, the default; scheduled-visit; callback; a warm handoff's fallback is
 * booked from the handoff instead); {@code description} (or the text of the first {@code reasonCode}) is the reason.
 * A slot that is taken, held for warm handoffs, not bookable or past is refused with a 422 OperationOutcome saying
 * so, and nothing is booked.
 * <p>
 * Update (PUT) changes only the status, with the version read ({@code If-Match} or {@code meta.versionId}; a stale
 * one is a 409): booked to arrived, noshow or cancelled (with a {@code cancelationReason}), arrived to fulfilled.
 * Changing the patient, slot, start or end is refused (cancel and book again); other fields sent are ignored.
 * <ul>
 * <li>{@code status}: booked, arrived, fulfilled, cancelled, noshow;</li>
 * <li>{@code appointmentType} and {@code serviceType}: the kind of block booked, in
 * {@value SlotProvider#BLOCK_KIND_SYSTEM} (counseling, brief, open-access); {@code serviceCategory}: behavioral
 * health;</li>
 * <li>{@code start}, {@code end}, {@code minutesDuration}; {@code slot}: {@code Slot/<id>}; {@code created}: when it
 * was booked;</li>
 * <li>{@code participant}: the {@code Patient/<id>} and the clinician ({@code Practitioner/<account id>} with their
 * name), both required and accepted;</li>
 * <li>{@code description}: the reason given when booking; {@code cancelationReason}: the reason given when
 * cancelling (as text);</li>
 * <li>extensions: why it was booked ({@value #EXT_SOURCE}: return-visit, handoff-fallback, scheduled-visit, callback)
 * and the warm handoff it replaces ({@value #EXT_FROM_HANDOFF} to {@code Task/<id>}; {@code basedOn} takes only a
 * ServiceRequest).</li>
 * </ul>
 */
@Component
class AppointmentProvider implements IResourceProvider {

    static final String EXT_SOURCE = "urn:tandem:fhir:appointment-source";
    static final String EXT_FROM_HANDOFF = "urn:tandem:fhir:from-handoff";
    /** Appointment statuses Tandem never uses: a search for them finds nothing (any other unknown status is a 400). */
    static final Set<String> UNUSED_STATUSES = Set.of("proposed", "pending", "entered-in-error", "checked-in", "waitlist");

    private final Appointments appointments;
    private final Schedules schedules;
    private final Practices practices;
    private final PracticeContext practice;
    private final Clock clock;

    AppointmentProvider(Appointments appointments, Schedules schedules, Practices practices, PracticeContext practice, Clock clock) {
        this.appointments = appointments;
        this.schedules = schedules;
        this.practices = practices;
        this.practice = practice;
        this.clock = clock;
    }

    @Override
    public Class<Appointment> getResourceType() {
        return Appointment.class;
    }

    @Read
    public Appointment read(@IdParam IdType id) {
        return toFhir(appointments.get(appointmentId(id)));
    }

    /** Appointments; see the class comment for the parameters and order. */
    @Search
    public IBundleProvider search(@OptionalParam(name = Appointment.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Appointment.SP_ACTOR) ReferenceParam actor,
            @OptionalParam(name = Appointment.SP_PRACTITIONER) ReferenceParam practitioner,
            @OptionalParam(name = Appointment.SP_DATE) DateRangeParam date,
            @OptionalParam(name = Appointment.SP_STATUS) TokenOrListParam status,
            @Offset Integer offset, @Count Integer count) {
        Set<AppointmentStatus> statuses = statuses(status);
        boolean nothing = statuses != null && statuses.isEmpty();
        UUID patientId = null;
        UUID clinician = null;
        List<Optional<UUID>> patients = new ArrayList<>();
        List<Optional<UUID>> clinicians = new ArrayList<>();
        if (patient != null) {
            patients.add(FhirMapping.searchedId(patient, "Patient"));
        }
        if (actor != null) {
            if ("Patient".equals(actor.getResourceType())) {
                patients.add(FhirMapping.searchedId(actor, "Patient"));
            } else {
                clinicians.add(FhirMapping.searchedId(actor, "Practitioner"));
            }
        }
        if (practitioner != null) {
            clinicians.add(FhirMapping.searchedId(practitioner, "Practitioner"));
        }
        for (Optional<UUID> named : patients) {
            nothing |= named.isEmpty() || (patientId != null && !patientId.equals(named.get()));
            patientId = named.orElse(patientId);
        }
        for (Optional<UUID> named : clinicians) {
            nothing |= named.isEmpty() || (clinician != null && !clinician.equals(named.get()));
            clinician = named.orElse(clinician);
        }
        Instant[] range = patientId != null && date == null ? new Instant[] {SlotProvider.EARLIEST, SlotProvider.LATEST}
                : SlotProvider.range(date, practice.zone(), clock);
        if (nothing) {
            return new SimpleBundleProvider(List.of());
        }
        Instant from = range[0];
        Instant to = range[1];
        UUID wantedClinician = clinician;
        List<org.tandem.scheduling.Appointment> found = patientId != null ? appointments.ofPatient(new PatientId(patientId))
                : appointments.between(clinician, from, to);
        List<org.tandem.scheduling.Appointment> matching = found.stream()
                .filter(a -> wantedClinician == null || wantedClinician.equals(a.clinician()))
                .filter(a -> !a.start().isBefore(from) && a.start().isBefore(to))
                .filter(a -> statuses == null || statuses.contains(a.status()))
                .toList();
        SearchPage paging = SearchPage.of(offset, count);
        int first = Math.min(paging.offset(), matching.size());
        Map<UUID, String> names = practices.displayNames(matching.subList(first, Math.min(first + paging.size(), matching.size()))
                .stream().map(org.tandem.scheduling.Appointment::clinician).collect(Collectors.toSet()));
        return paging.slice(matching, a -> toFhir(a, names));
    }

    @Create
    public MethodOutcome create(@ResourceParam Appointment resource) {
        List<String> problems = new ArrayList<>();
        UUID slot = null;
        if (resource.getSlot().size() != 1) {
            problems.add("Appointment.slot must name the one Slot to book (Slot/<id>)");
        } else {
            String named = FhirMapping.referencedId(resource.getSlotFirstRep(), "Slot", Map.of()).orElse(null);
            slot = FhirMapping.parseUuid(named);
            if (slot == null) {
                problems.add("Appointment.slot must name the Slot to book (Slot/<id>), not " + resource.getSlotFirstRep().getReference());
            }
        }
        List<UUID> patients = participants(resource, "Patient");
        if (patients.size() != 1 || patients.get(0) == null) {
            problems.add("Appointment.participant must name the one Patient to book (Patient/<id>)");
        }
        if (resource.hasStatus() && resource.getStatus() != Appointment.AppointmentStatus.BOOKED) {
            problems.add("A new appointment is booked (status booked), not " + resource.getStatus().toCode());
        }
        AppointmentSource source = AppointmentSource.RETURN_VISIT;
        Extension sourceExtension = resource.getExtensionByUrl(EXT_SOURCE);
        if (sourceExtension != null) {
            String code = sourceExtension.getValue() instanceof Coding coding ? coding.getCode()
                    : sourceExtension.getValue() == null ? null : sourceExtension.getValue().primitiveValue();
            source = Optional.ofNullable(code).flatMap(AppointmentProvider::source).orElse(null);
            if (source == null || source == AppointmentSource.HANDOFF_FALLBACK) {
                problems.add(EXT_SOURCE + " is return-visit, scheduled-visit or callback"
                        + (source == null ? ", not " + code : "; a warm handoff's fallback is booked from the handoff"));
            }
        }
        List<UUID> clinicians = participants(resource, "Practitioner");
        if (slot != null && !clinicians.isEmpty()) {
            UUID slotId = slot;
            Optional<org.tandem.scheduling.Slot> booked = schedules.slot(slotId);
            if (booked.isPresent() && clinicians.stream().anyMatch(c -> !booked.get().clinician().equals(c))) {
                problems.add("Slot/" + slotId + " is " + practices.displayNames(List.of(booked.get().clinician()))
                        .getOrDefault(booked.get().clinician(), "another clinician") + "'s; the Practitioner participant must be its clinician");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPatientData(problems);
        }
        String reason = resource.hasDescription() ? resource.getDescription()
                : resource.getReasonCode().stream().map(CodeableConcept::getText).filter(t -> t != null && !t.isBlank()).findFirst().orElse(null);
        org.tandem.scheduling.Appointment booked = appointments.book(new Booking(new PatientId(patients.get(0)), slot, source, reason, null));
        return new MethodOutcome(new IdType("Appointment", booked.id().toString(), String.valueOf(booked.version())), true)
                .setResource(toFhir(booked));
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Appointment resource) {
        UUID appointmentId = appointmentId(id);
        if (resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource id " + resource.getIdElement().getIdPart() + " does not match the URL's id "
                    + id.getIdPart());
        }
        String sentVersion = id.hasVersionIdPart() ? id.getVersionIdPart() : resource.getMeta().getVersionId();
        if (sentVersion == null || sentVersion.isBlank()) {
            throw new InvalidRequestException("Send the version of the appointment you read (If-Match: W/\"<versionId>\" or meta.versionId), "
                    + "so a change made meanwhile is not overwritten");
        }
        int version;
        try {
            version = Integer.parseInt(sentVersion.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("The version is a number, not " + sentVersion);
        }
        org.tandem.scheduling.Appointment current = appointments.get(appointmentId);
        List<String> problems = new ArrayList<>();
        List<UUID> patients = participants(resource, "Patient");
        if (patients.stream().anyMatch(p -> !current.patient().value().equals(p))) {
            problems.add("An appointment's patient does not change; cancel it and book the other patient");
        }
        if (resource.hasSlot() && resource.getSlot().stream().map(s -> FhirMapping.referencedId(s, "Slot", Map.of()).orElse(""))
                .anyMatch(s -> current.slot() == null || !s.equals(current.slot().toString()))) {
            problems.add("An appointment's slot does not change; cancel it and book the other slot");
        }
        if ((resource.hasStart() && !resource.getStart().toInstant().equals(current.start()))
                || (resource.hasEnd() && !resource.getEnd().toInstant().equals(current.end()))) {
            problems.add("An appointment's time does not change; cancel it and book another slot");
        }
        AppointmentStatus status = null;
        if (!resource.hasStatus()) {
            problems.add("Appointment.status is required");
        } else {
            status = status(resource.getStatus().toCode()).orElse(null);
            if (status == null) {
                problems.add("Appointment status is booked, arrived, fulfilled, cancelled or noshow, not " + resource.getStatus().toCode());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPatientData(problems);
        }
        org.tandem.scheduling.Appointment saved;
        if (status == current.status()) {
            if (version != current.version()) {
                throw new ResourceVersionConflictException("The appointment was changed by someone else (version " + current.version()
                        + ", you sent " + version + "); read it again");
            }
            saved = current;
        } else {
            String reason = resource.hasCancelationReason() ? text(resource.getCancelationReason()) : null;
            saved = appointments.changeStatus(appointmentId, status, reason, version);
        }
        return new MethodOutcome(new IdType("Appointment", saved.id().toString(), String.valueOf(saved.version())), false)
                .setResource(toFhir(saved));
    }

    private Appointment toFhir(org.tandem.scheduling.Appointment appointment) {
        return toFhir(appointment, practices.displayNames(List.of(appointment.clinician())));
    }

    static Appointment toFhir(org.tandem.scheduling.Appointment appointment, Map<UUID, String> names) {
        Appointment resource = new Appointment();
        resource.setId(appointment.id().toString());
        resource.getMeta().setVersionId(String.valueOf(appointment.version()));
        resource.getMeta().setLastUpdated(Date.from(appointment.updatedAt()));
        resource.setStatus(Appointment.AppointmentStatus.fromCode(appointment.status().code()));
        resource.addServiceCategory(SlotProvider.behavioralHealth());
        resource.addServiceType(SlotProvider.kind(appointment.kind()));
        resource.setAppointmentType(SlotProvider.kind(appointment.kind()));
        resource.setStart(Date.from(appointment.start()));
        resource.setEnd(Date.from(appointment.end()));
        resource.setMinutesDuration((int) java.time.Duration.between(appointment.start(), appointment.end()).toMinutes());
        if (appointment.slot() != null) {
            resource.addSlot(new Reference("Slot/" + appointment.slot()));
        }
        resource.setCreated(Date.from(appointment.createdAt()));
        if (appointment.reason() != null) {
            resource.setDescription(appointment.reason());
        }
        if (appointment.cancelReason() != null) {
            resource.setCancelationReason(new CodeableConcept().setText(appointment.cancelReason()));
        }
        resource.addParticipant().setActor(new Reference("Patient/" + appointment.patient().value()))
                .setRequired(ParticipantRequired.REQUIRED).setStatus(ParticipationStatus.ACCEPTED);
        Reference clinician = new Reference("Practitioner/" + appointment.clinician());
        if (names.get(appointment.clinician()) != null) {
            clinician.setDisplay(names.get(appointment.clinician()));
        }
        resource.addParticipant().setActor(clinician).setRequired(ParticipantRequired.REQUIRED).setStatus(ParticipationStatus.ACCEPTED);
        resource.addExtension(EXT_SOURCE, new CodeType(appointment.source().code()));
        if (appointment.handoff() != null) {
            resource.addExtension(EXT_FROM_HANDOFF, new Reference("Task/" + appointment.handoff()));
        }
        return resource;
    }

    /** The ids of the participants of one type (null for a reference of that type whose id is not a UUID). */
    private static List<UUID> participants(Appointment resource, String type) {
        List<UUID> ids = new ArrayList<>();
        for (AppointmentParticipantComponent participant : resource.getParticipant()) {
            FhirMapping.referencedId(participant.getActor(), type, Map.of()).ifPresent(id -> ids.add(FhirMapping.parseUuid(id)));
        }
        return ids;
    }

    static Set<AppointmentStatus> statuses(TokenOrListParam status) {
        if (status == null || status.getValuesAsQueryTokens().isEmpty()) {
            return null;
        }
        Set<AppointmentStatus> statuses = EnumSet.noneOf(AppointmentStatus.class);
        for (TokenParam token : status.getValuesAsQueryTokens()) {
            if (UNUSED_STATUSES.contains(token.getValue())) {
                continue;
            }
            statuses.add(status(token.getValue()).orElseThrow(() -> new InvalidRequestException(
                    "Appointment status is booked, arrived, fulfilled, cancelled or noshow (or another FHIR status Tandem never uses), not "
                            + token.getValue())));
        }
        return statuses;
    }

    private static Optional<AppointmentStatus> status(String code) {
        for (AppointmentStatus status : AppointmentStatus.values()) {
            if (status.code().equals(code)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    private static Optional<AppointmentSource> source(String code) {
        for (AppointmentSource source : AppointmentSource.values()) {
            if (source.code().equals(code)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }

    private static String text(CodeableConcept concept) {
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode()).filter(t -> t != null && !t.isBlank())
                .findFirst().orElse(null);
    }

    private static UUID appointmentId(IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new ResourceNotFoundException(id);
        }
        return uuid;
    }
}
