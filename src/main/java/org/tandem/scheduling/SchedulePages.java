package org.tandem.scheduling;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientQuery;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.patient.VersionConflict;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;
import org.tandem.platform.CurrentActor;

/**
 * The BHC schedule ({@code /schedule}): a day with a column per BHC, or one BHC's week, every slot with its kind and
 * status (held open-access slots with their release time), booked ones with the patient's name; booking a free slot
 * for a patient found by name or MRN ({@code /schedule/slots/{id}/book}), and arrived, fulfilled, no-show and cancel
 * (with a reason). A patient's BH appointments ({@code /patients/{id}/appointments}) with "book a return visit" from
 * the next bookable slots. Names are read through the access policy; who may book or change a visit is the access
 * policy's decision on encounters (front desk, medical assistants and clinicians; practice admins only read). A
 * refused form comes back with what was typed and the reason; nothing is changed then.
 */
@Controller
class SchedulePages {

    static final int NEXT_SLOTS = 12;
    static final int SEARCH_RESULTS = 20;
    /** The sources a person books on these pages; a handoff's fallback is booked by the handoff pages. */
    static final List<AppointmentSource> PAGE_SOURCES = List.of(AppointmentSource.RETURN_VISIT, AppointmentSource.SCHEDULED_VISIT,
            AppointmentSource.CALLBACK);

    private final Schedules schedules;
    private final Appointments appointments;
    private final Templates templates;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final CurrentActor actors;
    private final Clock clock;

    SchedulePages(Schedules schedules, Appointments appointments, Templates templates, Patients patients, Practices practices,
            AccessPolicy policy, CurrentActor actors, Clock clock) {
        this.schedules = schedules;
        this.appointments = appointments;
        this.templates = templates;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.actors = actors;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- views and forms

    record AppointmentView(UUID id, UUID patient, String patientName, String mrn, String status, String source, int version,
            String reason, String cancelReason, boolean canArrive, boolean canNoShow, boolean canFulfil, boolean canCancel) {

        public boolean changeable() {
            return canArrive || canNoShow || canFulfil || canCancel;
        }
    }

    record SlotView(UUID id, String kind, String status, LocalDate date, String start, String end, int startMinute, int endMinute,
            String release, boolean past, boolean canBook, UUID clinician, String clinicianName, AppointmentView appointment) {
    }

    /** A column of the schedule: a BHC (day view) or a day (week view). */
    record ColumnView(String name, LocalDate date, boolean today) {
    }

    record Choice(String value, String label, boolean selected) {
    }

    /** A status change as sent; where to come back to. */
    record StatusForm(String status, String reason, Integer version, String date, String view, String bhc) {
    }

    /** A refused status change: the visit, what was asked and typed, and why. */
    record StatusProblem(UUID appointment, String status, String reason, List<String> keys, List<String> messages) {

        public boolean cancelling(UUID id) {
            return Objects.equals(appointment, id) && "cancelled".equals(status);
        }

        public boolean about(UUID id) {
            return Objects.equals(appointment, id);
        }
    }

    record BookForm(String patient, String reason, String source, String q) {
    }

    record PatientRow(UUID id, String name, String mrn, LocalDate birthDate, boolean selected) {
    }

    record ReturnForm(String slot, String reason, String source, String bhc, String from) {
    }

    // ---------------------------------------------------------------- the schedule

    @GetMapping("/schedule")
    String schedule(@RequestParam(required = false) String date, @RequestParam(required = false) String view,
            @RequestParam(required = false) String bhc, Model model) {
        return schedulePage(model, date, view, bhc, null);
    }

    @PostMapping("/schedule/appointments/{id}/status")
    String changeStatus(@PathVariable String id, StatusForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        UUID appointmentId = TemplatePages.uuidOrNull(id);
        if (appointmentId == null) {
            throw new PatientNotFound("Appointment " + id);
        }
        StatusProblem problem = change(appointmentId, form, http);
        if (problem == null) {
            redirect.addFlashAttribute("notice", "schedule.notice.status." + form.status());
            return "redirect:" + UriComponentsBuilder.fromPath("/schedule").queryParamIfPresent("date", present(form.date()))
                    .queryParamIfPresent("view", present(form.view())).queryParamIfPresent("bhc", present(form.bhc()))
                    .encode().toUriString();
        }
        return schedulePage(model, form.date(), form.view(), form.bhc(), problem);
    }

    private String schedulePage(Model model, String dateText, String viewText, String bhcText, StatusProblem problem) {
        PracticeId practice = actors.requirePractice();
        ZoneId zone = practices.zoneOf(practice);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate date = TemplatePages.date(dateText);
        boolean badDate = dateText != null && !dateText.isBlank() && date == null;
        if (date == null) {
            date = today;
        }
        boolean week = "week".equals(viewText);
        List<StaffMember> bhcs = templates.clinicians();
        UUID bhc = TemplatePages.uuidOrNull(bhcText);
        LocalDate first = week ? date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : date;
        LocalDate end = first.plusDays(week ? 7 : 1);
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = end.atStartOfDay(zone).toInstant();
        if (week && bhc == null) {
            List<Slot> any = schedules.slots(null, from, to);
            bhc = bhcs.stream().map(StaffMember::id).filter(id -> any.stream().anyMatch(s -> s.clinician().equals(id))).findFirst()
                    .orElse(any.isEmpty() ? bhcs.stream().map(StaffMember::id).findFirst().orElse(null) : any.get(0).clinician());
        }
        List<Slot> slots = schedules.slots(week ? bhc : null, from, to).stream()
                .filter(s -> !s.start().isBefore(from)).toList();
        Map<UUID, String> names = clinicianNames(bhcs, slots.stream().map(Slot::clinician).collect(Collectors.toSet()));
        List<SlotView> views = views(slots, week ? bhc : null, from, to, zone, now, problem, names);

        List<ColumnView> columns = new ArrayList<>();
        List<List<SlotView>> cells = new ArrayList<>();
        if (week) {
            for (LocalDate d = first; d.isBefore(end); d = d.plusDays(1)) {
                LocalDate day = d;
                List<SlotView> mine = views.stream().filter(v -> v.date().equals(day)).toList();
                boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
                if (weekend && mine.isEmpty()) {
                    continue;
                }
                columns.add(new ColumnView(null, day, day.equals(today)));
                cells.add(mine);
            }
        } else {
            for (UUID clinician : names.keySet()) {
                List<SlotView> mine = views.stream().filter(v -> v.clinician().equals(clinician)).toList();
                if (!mine.isEmpty()) {
                    columns.add(new ColumnView(names.get(clinician), date, date.equals(today)));
                    cells.add(mine);
                }
            }
        }
        model.addAttribute("table", CalendarTable.of(cells, SlotView::startMinute, SlotView::endMinute));
        model.addAttribute("columns", columns);
        model.addAttribute("date", date);
        model.addAttribute("first", first);
        model.addAttribute("last", end.minusDays(1));
        model.addAttribute("today", today);
        model.addAttribute("week", week);
        model.addAttribute("view", week ? "week" : "day");
        model.addAttribute("previous", date.minusDays(week ? 7 : 1));
        model.addAttribute("next", date.plusDays(week ? 7 : 1));
        model.addAttribute("bhc", bhc);
        model.addAttribute("bhcName", bhc == null ? null : names.get(bhc));
        UUID chosen = bhc;
        model.addAttribute("bhcChoices", names.entrySet().stream().map(e -> new Choice(e.getKey().toString(), e.getValue(),
                e.getKey().equals(chosen))).toList());
        model.addAttribute("badDate", badDate);
        model.addAttribute("problem", problem);
        model.addAttribute("kinds", TemplatePages.kinds());
        model.addAttribute("isAdmin", actors.require().hasRole(org.tandem.platform.Role.PRACTICE_ADMIN));
        model.addAttribute("horizonWeeks", schedules.horizonWeeks());
        return "scheduling/schedule";
    }

    private List<SlotView> views(List<Slot> slots, UUID clinician, Instant from, Instant to, ZoneId zone, Instant now,
            StatusProblem problem, Map<UUID, String> names) {
        PracticeId practice = actors.requirePractice();
        boolean canBook = policy.permits(practice, DataCategory.ENCOUNTERS, Operation.CREATE);
        boolean canUpdate = policy.permits(practice, DataCategory.ENCOUNTERS, Operation.UPDATE);
        Map<UUID, Appointment> booked = new HashMap<>();
        if (slots.stream().anyMatch(s -> s.appointment() != null)) {
            for (Appointment a : appointments.between(clinician, from, to)) {
                booked.put(a.id(), a);
            }
        }
        Map<PatientId, PatientRecord> people = booked.isEmpty() ? Map.of()
                : patients.byIds(booked.values().stream().map(Appointment::patient).collect(Collectors.toSet()));
        LocalDate today = LocalDate.ofInstant(now, zone);
        List<SlotView> views = new ArrayList<>();
        for (Slot s : slots) {
            Appointment a = s.appointment() == null ? null : booked.get(s.appointment());
            AppointmentView appointment = null;
            if (a != null) {
                PatientRecord p = people.get(a.patient());
                appointment = appointmentView(a, p, zone, now, canUpdate);
            }
            views.add(slotView(s, zone, now, canBook, names.get(s.clinician()), appointment));
        }
        return views;
    }

    static SlotView slotView(Slot s, ZoneId zone, Instant now, boolean canBook, String clinicianName, AppointmentView appointment) {
        LocalDateTime start = LocalDateTime.ofInstant(s.start(), zone);
        LocalDateTime end = LocalDateTime.ofInstant(s.end(), zone);
        int startMinute = start.getHour() * 60 + start.getMinute();
        int endMinute = end.toLocalDate().isAfter(start.toLocalDate()) ? 24 * 60 : end.getHour() * 60 + end.getMinute();
        boolean past = !s.start().isAfter(now);
        String release = s.releaseAt() == null ? null : TemplateRules.time(minuteOf(LocalDateTime.ofInstant(s.releaseAt(), zone)));
        return new SlotView(s.id(), s.kind().code(), s.status().name().toLowerCase(Locale.ROOT), start.toLocalDate(),
                TemplateRules.time(startMinute), TemplateRules.time(endMinute % (24 * 60)), startMinute, endMinute, release, past,
                canBook && s.status() == SlotStatus.FREE && !past, s.clinician(), clinicianName, appointment);
    }

    static AppointmentView appointmentView(Appointment a, PatientRecord p, ZoneId zone, Instant now, boolean canUpdate) {
        boolean dayReached = !LocalDate.ofInstant(a.start(), zone).isAfter(LocalDate.ofInstant(now, zone));
        boolean booked = a.status() == AppointmentStatus.BOOKED;
        return new AppointmentView(a.id(), a.patient().value(), p == null ? null : p.displayName(), p == null ? null : p.mrn(),
                a.status().code(), a.source().code(), a.version(), a.reason(), a.cancelReason(), canUpdate && booked && dayReached,
                canUpdate && booked && dayReached, canUpdate && a.status() == AppointmentStatus.ARRIVED,
                canUpdate && booked && a.end().isAfter(now));
    }

    private static int minuteOf(LocalDateTime time) {
        return time.getHour() * 60 + time.getMinute();
    }

    /** BHCs of the practice by name, then anyone else with a slot shown (someone who has lost the BHC role). */
    private Map<UUID, String> clinicianNames(List<StaffMember> bhcs, Collection<UUID> withSlots) {
        Map<UUID, String> names = new LinkedHashMap<>();
        bhcs.forEach(s -> names.put(s.id(), s.displayName()));
        List<UUID> others = withSlots.stream().filter(id -> !names.containsKey(id)).toList();
        names.putAll(practices.displayNames(others));
        return names;
    }

    /** Changes a visit's status; null when done, otherwise what to show (the response status is set). */
    private StatusProblem change(UUID id, StatusForm form, HttpServletResponse http) {
        AppointmentStatus status = null;
        try {
            status = form.status() == null ? null : AppointmentStatus.ofCode(form.status());
        } catch (IllegalArgumentException e) {
            status = null;
        }
        if (status == null || status == AppointmentStatus.BOOKED) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return new StatusProblem(id, form.status(), form.reason(), List.of("schedule.error.status"), List.of());
        }
        try {
            appointments.changeStatus(id, status, form.reason(), form.version() == null ? -1 : form.version());
            return null;
        } catch (InvalidScheduleData e) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return new StatusProblem(id, form.status(), form.reason(), List.of(), e.problems());
        } catch (VersionConflict e) {
            http.setStatus(HttpStatus.CONFLICT.value());
            return new StatusProblem(id, form.status(), form.reason(), List.of("schedule.error.appointmentConflict"), List.of());
        }
    }

    // ---------------------------------------------------------------- booking a slot

    @GetMapping("/schedule/slots/{id}/book")
    String bookForm(@PathVariable String id, @RequestParam(required = false) String q, @RequestParam(required = false) String patient,
            Model model) {
        return bookPage(model, slot(id), new BookForm(patient, "", AppointmentSource.RETURN_VISIT.code(), q), List.of(), List.of());
    }

    @PostMapping("/schedule/slots/{id}/book")
    String book(@PathVariable String id, BookForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        Slot slot = slot(id);
        UUID patient = TemplatePages.uuidOrNull(form.patient());
        AppointmentSource source = source(form.source());
        List<String> keys = new ArrayList<>();
        if (patient == null) {
            keys.add("schedule.error.patient");
        }
        if (source == null) {
            keys.add("schedule.error.source");
        }
        if (keys.isEmpty()) {
            try {
                Appointment booked = appointments.book(new Booking(new PatientId(patient), slot.id(), source, form.reason(), null));
                bookedNotice(redirect, booked);
                ZoneId zone = practices.zoneOf(actors.requirePractice());
                return "redirect:/schedule?date=" + LocalDate.ofInstant(booked.start(), zone);
            } catch (InvalidScheduleData e) {
                http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                return bookPage(model, slot(id), form, List.of(), e.problems());
            }
        }
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return bookPage(model, slot, form, keys, List.of());
    }

    private String bookPage(Model model, Slot slot, BookForm form, List<String> keys, List<String> messages) {
        PracticeId practice = actors.requirePractice();
        policy.require(practice, null, DataCategory.ENCOUNTERS, Operation.CREATE);
        ZoneId zone = practices.zoneOf(practice);
        Instant now = clock.instant();
        String name = clinicianNames(templates.clinicians(), List.of(slot.clinician())).get(slot.clinician());
        model.addAttribute("slot", slotView(slot, zone, now, true, name, null));
        model.addAttribute("form", form);
        String q = form.q() == null ? "" : form.q().trim();
        model.addAttribute("q", q);
        UUID selected = TemplatePages.uuidOrNull(form.patient());
        Map<UUID, PatientRow> rows = new LinkedHashMap<>();
        if (selected != null) {
            try {
                PatientRecord p = patients.get(new PatientId(selected));
                rows.put(p.id().value(), new PatientRow(p.id().value(), p.displayName(), p.mrn(), p.birthDate(), true));
            } catch (PatientNotFound e) {
                selected = null;
            }
        }
        boolean searched = !q.isEmpty();
        if (searched) {
            for (PatientRecord p : patients.search(PatientQuery.text(q, 0, SEARCH_RESULTS)).items()) {
                rows.putIfAbsent(p.id().value(), new PatientRow(p.id().value(), p.displayName(), p.mrn(), p.birthDate(),
                        p.id().value().equals(selected)));
            }
        }
        model.addAttribute("patients", List.copyOf(rows.values()));
        model.addAttribute("searched", searched);
        model.addAttribute("sources", PAGE_SOURCES.stream().map(AppointmentSource::code).toList());
        model.addAttribute("keys", keys);
        model.addAttribute("messages", messages);
        model.addAttribute("bookable", slot.status() == SlotStatus.FREE && slot.start().isAfter(now));
        return "scheduling/book";
    }

    private void bookedNotice(RedirectAttributes redirect, Appointment booked) {
        ZoneId zone = practices.zoneOf(actors.requirePractice());
        String clinician = clinicianNames(templates.clinicians(), List.of(booked.clinician())).get(booked.clinician());
        LocalDateTime at = LocalDateTime.ofInstant(booked.start(), zone);
        redirect.addFlashAttribute("notice", "schedule.notice.booked");
        redirect.addFlashAttribute("noticeArgs", List.of(clinician == null ? "" : clinician, at.toLocalDate().toString(),
                TemplateRules.time(minuteOf(at))));
    }

    private Slot slot(String id) {
        UUID slotId = TemplatePages.uuidOrNull(id);
        if (slotId == null) {
            throw new PatientNotFound("Slot " + id);
        }
        return schedules.slot(slotId).orElseThrow(() -> new PatientNotFound("Slot " + id));
    }

    static AppointmentSource source(String code) {
        return PAGE_SOURCES.stream().filter(s -> s.code().equals(code)).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- a patient's appointments

    @GetMapping("/patients/{patientId}/appointments")
    String patientAppointments(@PathVariable String patientId, @RequestParam(required = false) String bhc,
            @RequestParam(required = false) String from, Model model) {
        return patientPage(model, patient(patientId), new ReturnForm("", "", AppointmentSource.RETURN_VISIT.code(), bhc, from), null,
                List.of(), List.of());
    }

    @PostMapping("/patients/{patientId}/appointments")
    String bookReturn(@PathVariable String patientId, ReturnForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        PatientRecord patient = patient(patientId);
        UUID slot = TemplatePages.uuidOrNull(form.slot());
        AppointmentSource source = source(form.source());
        List<String> keys = new ArrayList<>();
        if (slot == null) {
            keys.add("schedule.error.slot");
        }
        if (source == null) {
            keys.add("schedule.error.source");
        }
        if (keys.isEmpty()) {
            try {
                Appointment booked = appointments.book(new Booking(patient.id(), slot, source, form.reason(), null));
                bookedNotice(redirect, booked);
                return "redirect:/patients/" + patient.id() + "/appointments";
            } catch (InvalidScheduleData e) {
                http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                return patientPage(model, patient, form, null, List.of(), e.problems());
            }
        }
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return patientPage(model, patient, form, null, keys, List.of());
    }

    @PostMapping("/patients/{patientId}/appointments/{id}/status")
    String changeFromPatient(@PathVariable String patientId, @PathVariable String id, StatusForm form, Model model,
            HttpServletResponse http, RedirectAttributes redirect) {
        PatientRecord patient = patient(patientId);
        UUID appointmentId = TemplatePages.uuidOrNull(id);
        if (appointmentId == null || appointments.ofPatient(patient.id()).stream().noneMatch(a -> a.id().equals(appointmentId))) {
            throw new PatientNotFound("Appointment " + id);
        }
        StatusProblem problem = change(appointmentId, form, http);
        if (problem == null) {
            redirect.addFlashAttribute("notice", "schedule.notice.status." + form.status());
            return "redirect:/patients/" + patient.id() + "/appointments";
        }
        return patientPage(model, patient, new ReturnForm("", "", AppointmentSource.RETURN_VISIT.code(), null, null), problem,
                List.of(), List.of());
    }

    private String patientPage(Model model, PatientRecord patient, ReturnForm form, StatusProblem problem, List<String> keys,
            List<String> messages) {
        PracticeId practice = actors.requirePractice();
        ZoneId zone = practices.zoneOf(practice);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        boolean canBook = policy.permits(practice, DataCategory.ENCOUNTERS, Operation.CREATE);
        boolean canUpdate = policy.permits(practice, DataCategory.ENCOUNTERS, Operation.UPDATE);
        List<Appointment> all = appointments.ofPatient(patient.id());
        List<StaffMember> bhcs = templates.clinicians();
        Map<UUID, String> names = clinicianNames(bhcs, all.stream().map(Appointment::clinician).collect(Collectors.toSet()));
        Set<AppointmentStatus> open = EnumSet.of(AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED);
        List<Appointment> upcoming = all.stream().filter(a -> open.contains(a.status()) && a.end().isAfter(now))
                .sorted(java.util.Comparator.comparing(Appointment::start)).toList();
        List<Appointment> earlier = all.stream().filter(a -> !upcoming.contains(a)).toList();
        model.addAttribute("patient", patient);
        model.addAttribute("upcoming", upcoming.stream().map(a -> row(a, patient, zone, now, canUpdate, names)).toList());
        model.addAttribute("earlier", earlier.stream().map(a -> row(a, patient, zone, now, canUpdate, names)).toList());
        model.addAttribute("canBook", canBook);
        UUID bhc = TemplatePages.uuidOrNull(form.bhc());
        LocalDate from = TemplatePages.date(form.from());
        if (from == null || from.isBefore(today)) {
            from = today;
        }
        if (canBook) {
            List<Slot> next = schedules.nextBookable(bhc, from.atStartOfDay(zone).toInstant(), NEXT_SLOTS);
            Map<UUID, String> slotNames = clinicianNames(bhcs, next.stream().map(Slot::clinician).collect(Collectors.toSet()));
            model.addAttribute("next", next.stream().map(s -> slotView(s, zone, now, true, slotNames.get(s.clinician()), null)).toList());
        } else {
            model.addAttribute("next", List.of());
        }
        UUID chosen = bhc;
        model.addAttribute("bhcChoices", bhcs.stream().map(s -> new Choice(s.id().toString(), s.displayName(), s.id().equals(chosen)))
                .toList());
        model.addAttribute("from", from);
        model.addAttribute("today", today);
        model.addAttribute("form", form);
        model.addAttribute("sources", PAGE_SOURCES.stream().map(AppointmentSource::code).toList());
        model.addAttribute("problem", problem);
        model.addAttribute("keys", keys);
        model.addAttribute("messages", messages);
        return "scheduling/patient-appointments";
    }

    /** One visit of the patient's list. */
    record VisitRow(LocalDate date, String start, String end, String kind, String clinician, AppointmentView appointment) {
    }

    private static VisitRow row(Appointment a, PatientRecord patient, ZoneId zone, Instant now, boolean canUpdate, Map<UUID, String> names) {
        LocalDateTime start = LocalDateTime.ofInstant(a.start(), zone);
        LocalDateTime end = LocalDateTime.ofInstant(a.end(), zone);
        return new VisitRow(start.toLocalDate(), TemplateRules.time(minuteOf(start)), TemplateRules.time(minuteOf(end)), a.kind().code(),
                names.get(a.clinician()), appointmentView(a, patient, zone, now, canUpdate));
    }

    private PatientRecord patient(String id) {
        try {
            return patients.get(PatientId.of(id));
        } catch (IllegalArgumentException e) {
            throw new PatientNotFound("Patient " + id);
        }
    }

    private static java.util.Optional<String> present(String value) {
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value.trim());
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
