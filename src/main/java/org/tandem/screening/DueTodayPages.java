package org.tandem.screening;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The due list for the huddle ({@code /screening/due?date=yyyy-mm-dd}, default today in the practice's time zone):
 * each patient with a visit that day, their age, visit time and clinician, and the screenings due with the date of
 * the last result. Printable. Clinical roles and medical assistants; the facades refuse the others.
 */
@Controller
class DueTodayPages {

    private final ScreeningDue due;
    private final Clock clock;

    DueTodayPages(ScreeningDue due, Clock clock) {
        this.due = due;
        this.clock = clock;
    }

    /**
     * One instrument for one patient: due (and perhaps already done that day) or up to date, with the last covering
     * result before the day.
     *
     * @param label the short name (PHQ-2); {@code title} is the full one
     * @param doneLabel the short name of the covering result of the day itself, or null
     */
    record DueItem(String instrument, String label, String title, boolean due, LocalDate lastDone, String lastLabel,
            String doneLabel, String startUrl, boolean usable) {
    }

    record DueRow(String patientId, String name, String mrn, Integer age, LocalTime time, String clinician, List<DueItem> due,
            List<DueItem> upToDate) {

        /** Whether nothing is left to do for the patient that day. */
        public boolean nothingStillDue() {
            return due.stream().allMatch(i -> i.doneLabel() != null);
        }
    }

    @GetMapping("/screening/due")
    String page(@RequestParam(name = "date", required = false) String date, Model model) {
        LocalDate today = LocalDate.now(clock.withZone(due.zone()));
        LocalDate day = today;
        if (date != null && !date.isBlank()) {
            try {
                day = LocalDate.parse(date.trim());
            } catch (DateTimeParseException e) {
                model.addAttribute("badDate", date);
            }
        }
        ScreeningDue.DueList list = due.on(day);
        List<DueRow> rows = new ArrayList<>();
        for (ScreeningDue.DuePatient p : list.patients()) {
            List<DueItem> dueItems = new ArrayList<>();
            List<DueItem> upToDate = new ArrayList<>();
            for (ScreeningRules.RuleStatus status : p.statuses()) {
                String instrument = status.rule().instrument();
                if ((status.due() ? dueItems : upToDate).stream().anyMatch(i -> i.instrument().equals(instrument))) {
                    continue;
                }
                DueItem item = new DueItem(instrument, ReachPages.label(instrument), title(instrument), status.due(), status.lastDone(),
                        status.lastInstrument() == null ? null : ReachPages.label(status.lastInstrument()),
                        status.doneOnDay() == null ? null : ReachPages.label(status.doneOnDay()),
                        UriComponentsBuilder.fromPath("/patients/{id}/screening/new").queryParam("instrument", instrument)
                                .queryParam("encounter", p.encounter()).buildAndExpand(p.patient().value()).toUriString(),
                        list.usable().getOrDefault(instrument, false));
                (status.due() ? dueItems : upToDate).add(item);
            }
            rows.add(new DueRow(p.patient().toString(), p.name(), p.mrn(), p.age(),
                    p.visitStart() == null ? null : p.visitStart().atZone(list.zone()).toLocalTime(),
                    p.clinician() == null ? null : list.clinicians().get(p.clinician()), dueItems, upToDate));
        }
        model.addAttribute("day", day);
        model.addAttribute("isToday", day.equals(today));
        model.addAttribute("previousDay", day.minusDays(1));
        model.addAttribute("nextDay", day.plusDays(1));
        model.addAttribute("rows", rows);
        model.addAttribute("dueCount", rows.stream().filter(r -> !r.nothingStillDue()).count());
        model.addAttribute("doneCount", rows.stream().filter(r -> r.due().stream().anyMatch(i -> i.doneLabel() != null)).count());
        model.addAttribute("suggestedDefault", list.suggestedDefault());
        model.addAttribute("lookbackStart", list.lookbackStart());
        return "screening/due";
    }

    private static String title(String instrument) {
        return Instruments.find(instrument).map(Instrument::title).orElse(instrument);
    }
}
