package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.springframework.stereotype.Component;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Slot;

/**
 * FHIR Schedule: one per behavioral health clinician with slots in the planning horizon, read-only. The id is the
 * clinician's account id, so {@code Schedule/<id>} and {@code Practitioner/<id>} name the same person. Read by id;
 * search by {@code actor} ({@code Practitioner/<id>}), by the clinician's name, paged with {@code _count} and
 * {@code _offset}.
 * <ul>
 * <li>{@code actor}: {@code Practitioner/<account id>} (display: their name);</li>
 * <li>{@code serviceCategory}: {@value SlotProvider#SERVICE_SYSTEM}|{@value SlotProvider#BEHAVIORAL_HEALTH};
 * {@code serviceType}: the kinds of block the clinician has slots of in the horizon, in
 * {@value SlotProvider#BLOCK_KIND_SYSTEM};</li>
 * <li>{@code planningHorizon}: the rolling horizon slots are generated for, from the start of today in the
 * practice's time zone for the configured number of weeks;</li>
 * <li>{@code active}: whether the clinician's account is enabled.</li>
 * </ul>
 */
@Component
class ScheduleProvider implements IResourceProvider {

    private final Schedules schedules;
    private final Practices practices;
    private final PracticeContext practice;
    private final Clock clock;

    ScheduleProvider(Schedules schedules, Practices practices, PracticeContext practice, Clock clock) {
        this.schedules = schedules;
        this.practices = practices;
        this.practice = practice;
        this.clock = clock;
    }

    @Override
    public Class<Schedule> getResourceType() {
        return Schedule.class;
    }

    @Read
    public Schedule read(@IdParam IdType id) {
        UUID clinician = FhirMapping.parseUuid(id.getIdPart());
        Optional<StaffMember> member = clinician == null ? Optional.empty()
                : practices.staff().stream().filter(s -> s.id().equals(clinician)).findFirst();
        if (member.isEmpty()) {
            throw new ResourceNotFoundException(id);
        }
        Period horizon = horizon();
        List<Slot> slots = schedules.slots(clinician, horizon.getStart().toInstant(), horizon.getEnd().toInstant());
        if (slots.isEmpty()) {
            throw new ResourceNotFoundException(id);
        }
        return toFhir(member.get(), slots, horizon);
    }

    /** Schedules by clinician name; see the class comment for the parameters. */
    @Search
    public IBundleProvider search(@OptionalParam(name = Schedule.SP_ACTOR) ReferenceParam actor,
            @Offset Integer offset, @Count Integer count) {
        UUID clinician = null;
        if (actor != null) {
            Optional<UUID> named = FhirMapping.searchedId(actor, "Practitioner");
            if (named.isEmpty()) {
                return new SimpleBundleProvider(List.of());
            }
            clinician = named.get();
        }
        Period horizon = horizon();
        Map<UUID, List<Slot>> byClinician = schedules.slots(clinician, horizon.getStart().toInstant(), horizon.getEnd().toInstant())
                .stream().collect(Collectors.groupingBy(Slot::clinician));
        Map<UUID, StaffMember> staff = practices.staff().stream().collect(Collectors.toMap(StaffMember::id, Function.identity()));
        List<StaffMember> found = byClinician.keySet().stream().map(staff::get).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(StaffMember::displayName, String.CASE_INSENSITIVE_ORDER).thenComparing(StaffMember::id))
                .toList();
        return SearchPage.of(offset, count).slice(found, member -> toFhir(member, byClinician.get(member.id()), horizon));
    }

    /** Today (practice zone) to the end of the slot horizon. */
    private Period horizon() {
        ZoneId zone = practice.zone();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant start = today.atStartOfDay(zone).toInstant();
        Instant end = today.plusWeeks(schedules.horizonWeeks()).atStartOfDay(zone).toInstant();
        return new Period().setStart(Date.from(start)).setEnd(Date.from(end));
    }

    static Schedule toFhir(StaffMember clinician, List<Slot> slots, Period horizon) {
        Schedule schedule = new Schedule();
        schedule.setId(clinician.id().toString());
        schedule.setActive(clinician.enabled());
        schedule.addActor(new Reference("Practitioner/" + clinician.id()).setDisplay(clinician.displayName()));
        schedule.addServiceCategory(SlotProvider.behavioralHealth());
        Set<org.tandem.scheduling.BlockKind> kinds = slots.stream().map(Slot::kind)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(org.tandem.scheduling.BlockKind.class)));
        kinds.forEach(kind -> schedule.addServiceType(SlotProvider.kind(kind)));
        schedule.setPlanningHorizon(horizon.copy());
        schedule.setComment("Behavioral health: " + clinician.displayName());
        return schedule;
    }
}
