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
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Slot.SlotStatus;
import org.springframework.stereotype.Component;
import org.tandem.practice.Practices;
import org.tandem.scheduling.BlockKind;
import org.tandem.scheduling.Schedules;

/**
 * FHIR Slot: the occurrences of the active template's blocks, read-only (templates are designed on Tandem's pages).
 * Read by id; search by {@code schedule} ({@code Schedule/<clinician account>}), {@code start} (a date range; without
 * one, the slots starting in the next {@value #DEFAULT_DAYS} days from the start of today in the practice's time
 * zone) and {@code status} (any of), by start, paged with {@code _count} and {@code _offset}.
 * <ul>
 * <li>{@code schedule}: {@code Schedule/<account id>} of the behavioral health clinician (display: their name);</li>
 * <li>{@code status}: free (bookable now), busy (a visit is booked in it), busy-unavailable (admin time, huddle),
 * busy-tentative (an open-access slot held for warm handoffs; from its release time on it is free if still unused;
 * the release time is the extension {@value #EXT_RELEASE}, absent when the template never releases it). A past slot
 * keeps its status (booking refuses it);</li>
 * <li>{@code serviceCategory}: {@value #SERVICE_SYSTEM}|{@value #BEHAVIORAL_HEALTH}; {@code serviceType} and
 * {@code appointmentType}: the block's kind in {@value #BLOCK_KIND_SYSTEM} (counseling, brief, open-access, admin,
 * huddle);</li>
 * <li>{@code start}, {@code end}: instants. Slots have no version of their own, so {@code meta} is empty.</li>
 * </ul>
 */
@Component
class SlotProvider implements IResourceProvider {

    static final String SERVICE_SYSTEM = "urn:tandem:fhir:service";
    static final String BEHAVIORAL_HEALTH = "behavioral-health";
    static final String BLOCK_KIND_SYSTEM = "urn:tandem:fhir:block-kind";
    static final String EXT_RELEASE = "urn:tandem:fhir:slot-release";
    static final int DEFAULT_DAYS = 14;
    /** Stand-ins for an open end of a date range (instants the database stores without trouble). */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final Schedules schedules;
    private final Practices practices;
    private final PracticeContext practice;
    private final Clock clock;

    SlotProvider(Schedules schedules, Practices practices, PracticeContext practice, Clock clock) {
        this.schedules = schedules;
        this.practices = practices;
        this.practice = practice;
        this.clock = clock;
    }

    @Override
    public Class<Slot> getResourceType() {
        return Slot.class;
    }

    @Read
    public Slot read(@IdParam IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        org.tandem.scheduling.Slot slot = uuid == null ? null : schedules.slot(uuid).orElse(null);
        if (slot == null) {
            throw new ResourceNotFoundException(id);
        }
        return toFhir(slot, practices.displayNames(List.of(slot.clinician())));
    }

    /** Slots by start; see the class comment for the parameters. */
    @Search
    public IBundleProvider search(@OptionalParam(name = Slot.SP_SCHEDULE) ReferenceParam schedule,
            @OptionalParam(name = Slot.SP_START) DateRangeParam start,
            @OptionalParam(name = Slot.SP_STATUS) TokenOrListParam status,
            @Offset Integer offset, @Count Integer count) {
        Set<org.tandem.scheduling.SlotStatus> statuses = statuses(status);
        UUID clinician = null;
        if (schedule != null) {
            Optional<UUID> named = FhirMapping.searchedId(schedule, "Schedule");
            if (named.isEmpty()) {
                return new SimpleBundleProvider(List.of());
            }
            clinician = named.get();
        }
        Instant[] range = range(start, practice.zone(), clock);
        if (statuses != null && statuses.isEmpty()) {
            return new SimpleBundleProvider(List.of());
        }
        Instant from = range[0];
        Instant to = range[1];
        List<org.tandem.scheduling.Slot> matching = schedules.slots(clinician, from, to).stream()
                .filter(s -> !s.start().isBefore(from) && s.start().isBefore(to))
                .filter(s -> statuses == null || statuses.contains(s.status()))
                .toList();
        SearchPage paging = SearchPage.of(offset, count);
        int first = Math.min(paging.offset(), matching.size());
        Map<UUID, String> names = practices.displayNames(matching.subList(first, Math.min(first + paging.size(), matching.size()))
                .stream().map(org.tandem.scheduling.Slot::clinician).collect(Collectors.toSet()));
        return paging.slice(matching, s -> toFhir(s, names));
    }

    /**
     * The [from, to) a date search covers; without one, the next {@value #DEFAULT_DAYS} days from the start of today in
     * the practice's zone. An open end is unbounded.
     */
    static Instant[] range(DateRangeParam date, ZoneId zone, Clock clock) {
        if (date == null || (date.getLowerBound() == null && date.getUpperBound() == null)) {
            Instant today = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant();
            return new Instant[] {today, LocalDate.now(clock.withZone(zone)).plusDays(DEFAULT_DAYS).atStartOfDay(zone).toInstant()};
        }
        Instant from = ClinicalFactProvider.lowerBound(date.getLowerBound(), zone);
        Instant to = ClinicalFactProvider.upperBound(date.getUpperBound(), zone);
        return new Instant[] {from == null ? EARLIEST : from, to == null ? LATEST : to};
    }

    static Set<org.tandem.scheduling.SlotStatus> statuses(TokenOrListParam status) {
        if (status == null || status.getValuesAsQueryTokens().isEmpty()) {
            return null;
        }
        Set<org.tandem.scheduling.SlotStatus> statuses = EnumSet.noneOf(org.tandem.scheduling.SlotStatus.class);
        for (TokenParam token : status.getValuesAsQueryTokens()) {
            switch (String.valueOf(token.getValue())) {
                case "free":
                    statuses.add(org.tandem.scheduling.SlotStatus.FREE);
                    break;
                case "busy":
                    statuses.add(org.tandem.scheduling.SlotStatus.BOOKED);
                    break;
                case "busy-unavailable":
                    statuses.add(org.tandem.scheduling.SlotStatus.UNAVAILABLE);
                    break;
                case "busy-tentative":
                    statuses.add(org.tandem.scheduling.SlotStatus.HELD);
                    break;
                case "entered-in-error":
                    break;
                default:
                    throw new InvalidRequestException("Slot status is free, busy, busy-unavailable, busy-tentative or entered-in-error, not "
                            + token.getValue());
            }
        }
        return statuses;
    }

    static SlotStatus status(org.tandem.scheduling.SlotStatus status) {
        switch (status) {
            case FREE:
                return SlotStatus.FREE;
            case BOOKED:
                return SlotStatus.BUSY;
            case UNAVAILABLE:
                return SlotStatus.BUSYUNAVAILABLE;
            default:
                return SlotStatus.BUSYTENTATIVE;
        }
    }

    static Slot toFhir(org.tandem.scheduling.Slot slot, Map<UUID, String> names) {
        Slot resource = new Slot();
        resource.setId(slot.id().toString());
        Reference schedule = new Reference("Schedule/" + slot.clinician());
        if (names.get(slot.clinician()) != null) {
            schedule.setDisplay(names.get(slot.clinician()));
        }
        resource.setSchedule(schedule);
        resource.setStatus(status(slot.status()));
        resource.addServiceCategory(behavioralHealth());
        resource.addServiceType(kind(slot.kind()));
        resource.setAppointmentType(kind(slot.kind()));
        resource.setStart(Date.from(slot.start()));
        resource.setEnd(Date.from(slot.end()));
        if (slot.releaseAt() != null) {
            resource.addExtension(EXT_RELEASE, FhirMapping.dateTime(slot.releaseAt()));
        }
        return resource;
    }

    static CodeableConcept behavioralHealth() {
        return new CodeableConcept(new Coding(SERVICE_SYSTEM, BEHAVIORAL_HEALTH, "Behavioral health")).setText("Behavioral health");
    }

    static CodeableConcept kind(BlockKind kind) {
        return new CodeableConcept(new Coding(BLOCK_KIND_SYSTEM, kind.code(), display(kind))).setText(display(kind));
    }

    static String display(BlockKind kind) {
        switch (kind) {
            case COUNSELING:
                return "Counseling visit";
            case BRIEF:
                return "Brief visit";
            case OPEN_ACCESS:
                return "Open access for warm handoffs";
            case ADMIN:
                return "Admin time";
            default:
                return "Huddle";
        }
    }
}
