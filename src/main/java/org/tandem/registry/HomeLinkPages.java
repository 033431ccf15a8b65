package org.tandem.registry;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.Patients;
import org.tandem.screening.Answer;
import org.tandem.screening.Instrument;
import org.tandem.screening.InvalidResponse;
import org.tandem.screening.Item;
import org.tandem.screening.Questionnaires;
import org.tandem.screening.ScreeningForm;
import org.tandem.platform.CurrentActor;

/**
 * Home measurement links on the web. For the care team: the episode's links with "send link now" (a fragment the
 * episode page includes, and a page of its own). For the patient, without signing in ({@code /m/**}): the link's
 * questionnaires on one phone-friendly page in the patient's language (with a switch), and a thank-you page without
 * scores that shows crisis resources when a safety rule fired. A link that cannot be answered shows one friendly page
 * that tells nothing about the patient and does not say whether the link was unknown, used or expired.
 */
@Controller
class HomeLinkPages {

    private static final Logger log = LoggerFactory.getLogger(HomeLinkPages.class);

    private final HomeLinks homeLinks;
    private final Episodes episodes;
    private final Patients patients;
    private final Questionnaires questionnaires;
    private final CurrentActor actors;
    /** Looked up when rendering, so the controller also loads in contexts without a web view layer. */
    private final org.springframework.beans.factory.ObjectProvider<ThymeleafViewResolver> views;

    HomeLinkPages(HomeLinks homeLinks, Episodes episodes, Patients patients, Questionnaires questionnaires, CurrentActor actors,
            org.springframework.beans.factory.ObjectProvider<ThymeleafViewResolver> views) {
        this.homeLinks = homeLinks;
        this.episodes = episodes;
        this.patients = patients;
        this.questionnaires = questionnaires;
        this.actors = actors;
        this.views = views;
    }

    // ---- the care team ----

    @GetMapping("/registry/episodes/{id}/home-links")
    String list(@PathVariable String id, Model model) {
        Episode episode = episodes.get(parse(id));
        model.addAttribute("episode", episode);
        model.addAttribute("patient", patients.get(episode.patient()));
        model.addAttribute("links", homeLinks.linksOf(episode.id()));
        return "registry/home-links-page";
    }

    @PostMapping("/registry/episodes/{id}/home-links")
    String send(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        UUID episodeId = parse(id);
        HomeLink issued = null;
        List<String> problems = List.of();
        try {
            issued = homeLinks.issue(episodeId);
        } catch (InvalidRegistryData e) {
            problems = e.problems();
        }
        if (htmx == null) {
            redirect.addFlashAttribute("homeLinkIssued", issued);
            redirect.addFlashAttribute("homeLinkProblems", problems);
            return "redirect:/registry/episodes/" + episodeId + "/home-links";
        }
        Episode episode = episodes.get(episodeId);
        model.addAttribute("episode", episode);
        model.addAttribute("links", homeLinks.linksOf(episodeId));
        model.addAttribute("homeLinkIssued", issued);
        model.addAttribute("homeLinkProblems", problems);
        return "registry/home-links :: links(episode=${episode}, links=${links})";
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PatientNotFound("Episode " + id);
        }
    }

    // ---- the patient, through the link ----

    /** One instrument on the page: its number among the link's instruments, wording, and the answers so far. */
    record Part(int number, String instrument, ScreeningForm form, Instrument rules, List<Question> questions, List<Integer> missing) {
    }

    /**
     * One question on the page.
     *
     * @param name the form field: {@code q.<instrument>.<linkId>}
     * @param gates the form fields of the yes/no questions that ask this one (empty: always asked)
     */
    record Question(ScreeningForm.FormItem item, String name, String value, boolean shown, boolean invalid, List<String> gates) {

        public String gateNames() {
            return String.join(" ", gates);
        }
    }

    @GetMapping("/m/{token}")
    ModelAndView open(@PathVariable String token, @RequestParam(required = false) String lang, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<HomeLinks.HomeVisit> visit = homeLinks.open(token, request.getRemoteAddr());
        if (visit.isEmpty()) {
            return unavailable(request, response);
        }
        String language = "es".equals(lang) || "en".equals(lang) ? lang : visit.get().language();
        return form(token, visit.get(), language, Map.of(), false);
    }

    @PostMapping("/m/{token}")
    ModelAndView answer(@PathVariable String token, @RequestParam MultiValueMap<String, String> form, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<HomeLinks.HomeVisit> visit = homeLinks.open(token, request.getRemoteAddr());
        if (visit.isEmpty()) {
            return unavailable(request, response);
        }
        String language = "es".equals(form.getFirst("lang")) ? "es" : "en";
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((key, list) -> {
            if (key.startsWith("q.") && list != null && !list.isEmpty()) {
                values.put(key, list.get(0));
            }
        });
        ModelAndView page = form(token, visit.get(), language, values, true);
        @SuppressWarnings("unchecked")
        List<Part> parts = (List<Part>) page.getModel().get("parts");
        if (parts.stream().anyMatch(p -> !p.missing().isEmpty())) {
            page.setStatus(HttpStatus.UNPROCESSABLE_ENTITY);
            return page;
        }
        Map<String, Map<String, Answer>> answers = new LinkedHashMap<>();
        for (Part part : parts) {
            Map<String, Answer> given = new LinkedHashMap<>();
            for (Question q : part.questions()) {
                if (q.shown() && q.value() != null) {
                    given.put(q.item().linkId(), parseAnswer(q.item(), q.value(), part.rules().item(q.item().linkId()).orElse(null)));
                }
            }
            answers.put(part.instrument(), given);
        }
        HomeLinks.HomeAnswered answered;
        try {
            answered = homeLinks.answer(token, request.getRemoteAddr(), answers, language);
        } catch (HomeLinks.LinkUnavailable e) {
            return unavailable(request, response);
        } catch (InvalidRegistryData | InvalidResponse e) {
            log.warn("Home link answers could not be stored: {}", e.getMessage());
            page.addObject("notStored", true);
            page.setStatus(HttpStatus.UNPROCESSABLE_ENTITY);
            return page;
        }
        ModelAndView thanks = new ModelAndView(view("registry/home-done", language));
        thanks.addObject("safetyAlert", answered.safetyAlert());
        thanks.addObject("language", language);
        return thanks;
    }

    private ModelAndView form(String token, HomeLinks.HomeVisit visit, String language, Map<String, String> values, boolean sent) {
        Locale locale = Locale.forLanguageTag(language);
        List<Part> parts = new ArrayList<>();
        int number = 0;
        int total = 0;
        int answered = 0;
        for (String instrument : visit.link().instruments()) {
            number++;
            ScreeningForm wording = actors.runAs(visit.patient(), () -> questionnaires.form(instrument, locale));
            Instrument rules = actors.runAs(visit.patient(), () -> questionnaires.instrument(instrument));
            List<Question> questions = new ArrayList<>();
            List<Integer> missing = new ArrayList<>();
            Map<String, String> yes = new LinkedHashMap<>();
            for (ScreeningForm.FormItem item : wording.items()) {
                String name = "q." + instrument + "." + item.linkId();
                String raw = values.get(name);
                String value = raw == null || raw.isBlank() ? null : raw.strip();
                List<String> gates = item.enableWhen().stream().map(g -> "q." + instrument + "." + g).toList();
                boolean shown = gates.isEmpty() || gates.stream().anyMatch(g -> "yes".equals(yes.get(g)));
                boolean valid = value != null && parseAnswer(item, value, rules.item(item.linkId()).orElse(null)) != null;
                if (shown && valid) {
                    yes.put(name, value);
                    answered++;
                }
                if (shown) {
                    total++;
                }
                boolean invalid = sent && shown && item.required() && !valid;
                if (invalid) {
                    missing.add(item.number());
                }
                questions.add(new Question(item, name, valid ? value : null, shown, invalid, gates));
            }
            parts.add(new Part(number, instrument, wording, rules, questions, missing));
        }
        ModelAndView page = new ModelAndView(view("registry/home-visit", language));
        page.addObject("token", token);
        page.addObject("language", language);
        page.addObject("parts", parts);
        page.addObject("total", total);
        page.addObject("answered", answered);
        page.addObject("expires", LinkTexts.dateTime(visit.link().expiresAt().atZone(visit.zone()), locale));
        return page;
    }

    /** The answer a form value stands for, or null when it is not one the question allows. */
    static Answer parseAnswer(ScreeningForm.FormItem item, String value, Item rules) {
        switch (item.type()) {
            case CODING:
                return item.options().stream().filter(o -> o.code().equals(value)).findFirst()
                        .map(o -> Answer.coding(o.system(), o.code())).orElse(null);
            case BOOLEAN:
                return "yes".equals(value) ? Answer.yes(true) : "no".equals(value) ? Answer.yes(false) : null;
            default:
                try {
                    int number = Integer.parseInt(value);
                    Integer min = rules == null ? null : rules.min();
                    Integer max = rules == null ? null : rules.max();
                    if ((min != null && number < min) || (max != null && number > max) || (min == null && number < 0)) {
                        return null;
                    }
                    return Answer.number(number);
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    private ModelAndView unavailable(HttpServletRequest request, HttpServletResponse response) {
        String language = request.getLocale() != null && "es".equals(request.getLocale().getLanguage()) ? "es" : "en";
        ModelAndView page = new ModelAndView(view("registry/home-unavailable", language));
        page.setStatus(HttpStatus.NOT_FOUND);
        return page;
    }

    /** The page in the patient's language, whatever the browser asks for (the page has its own switch). */
    private View view(String name, String language) {
        try {
            View view = views.getObject().resolveViewName(name, Locale.forLanguageTag(language));
            if (view == null) {
                throw new IllegalStateException("No template " + name);
            }
            return view;
        } catch (Exception e) {
            throw new IllegalStateException("Template " + name + " cannot be resolved", e);
        }
    }
}
