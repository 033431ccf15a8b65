package org.tandem.screening;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Patient self-completion on a tablet or phone. Staff start a sitting from the patient's page (instruments and
 * language); the session then stays in kiosk mode ({@link KioskGuard} keeps it on {@code /kiosk}) until the staff
 * member who started it enters their password again. The patient sees one question per screen and, at the end, a
 * hand-back screen without answers or results; staff see the results after unlocking.
 */
@Controller
class KioskPages {

    private static final Logger log = LoggerFactory.getLogger(KioskPages.class);

    private final KioskFlow flow;
    private final Patients patients;
    private final Questionnaires questionnaires;
    private final AccessPolicy policy;
    private final CurrentActor actors;
    private final ProviderManager passwordCheck;

    KioskPages(KioskFlow flow, Patients patients, Questionnaires questionnaires, AccessPolicy policy, CurrentActor actors,
            UserDetailsService accounts, PasswordEncoder passwords, ApplicationEventPublisher events) {
        this.flow = flow;
        this.patients = patients;
        this.questionnaires = questionnaires;
        this.policy = policy;
        this.actors = actors;
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(passwords);
        this.passwordCheck = new ProviderManager(provider);
        // wrong passwords count towards the account's lock-out and are audited like any failed sign-in
        this.passwordCheck.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
    }

    @PostMapping("/patients/{id}/screening/kiosk")
    String start(@PathVariable String id, @RequestParam(name = "instrument", required = false) List<String> chosen,
            @RequestParam(required = false) String language, @RequestParam(required = false) UUID encounter,
            HttpServletRequest request, RedirectAttributes redirect) {
        PatientId patientId = ScreeningPages.parse(id);
        if (!policy.permits(patients.practice(), DataCategory.CLINICAL, Operation.CREATE)) {
            throw new AccessDeniedException("Your role does not start screenings");
        }
        PatientRecord patient = patients.get(patientId);
        List<String> instruments = new ArrayList<>();
        for (Instrument instrument : Instruments.all()) {
            if (chosen != null && chosen.contains(instrument.id()) && questionnaires.usable(instrument.id())) {
                instruments.add(instrument.id());
            }
        }
        if (instruments.isEmpty()) {
            redirect.addFlashAttribute("kioskProblem", "screening.kiosk.error.instruments");
            return "redirect:/patients/" + patientId.value() + "/screening";
        }
        String lang = "es".equals(language) ? "es" : "en";
        Actor actor = actors.require();
        KioskSitting sitting = new KioskSitting(patientId.value(), patient.displayName(), encounter, lang, actor.name(), instruments);
        HttpSession session = request.getSession();
        session.setAttribute(KioskSitting.SESSION_KEY, sitting);
        session.setAttribute(SessionLocaleResolver.LOCALE_SESSION_ATTRIBUTE_NAME, Locale.forLanguageTag(lang));
        log.info("Kiosk sitting {} started by {} for patient {} ({})", sitting.sitting(), actor.name(), patientId, instruments);
        return "redirect:/kiosk";
    }

    @GetMapping("/kiosk")
    String screen(HttpSession session, Model model) {
        KioskSitting sitting = sitting(session);
        if (sitting == null) {
            return "redirect:/";
        }
        KioskFlow.Screen screen;
        synchronized (sitting) {
            screen = flow.screen(sitting);
        }
        model.addAttribute("screen", screen);
        model.addAttribute("patientName", sitting.patientName());
        model.addAttribute("language", sitting.language());
        return "screening/kiosk";
    }

    @PostMapping("/kiosk/start")
    String begin(HttpSession session) {
        return update(session, sitting -> flow.begin(sitting));
    }

    @PostMapping("/kiosk/answer")
    String answer(HttpSession session, @RequestParam(required = false) String item, @RequestParam(required = false) String value) {
        return update(session, sitting -> flow.answer(sitting, item, value));
    }

    @PostMapping("/kiosk/back")
    String back(HttpSession session) {
        return update(session, sitting -> flow.back(sitting));
    }

    @GetMapping("/kiosk/unlock")
    String unlockForm(HttpSession session, Model model) {
        KioskSitting sitting = sitting(session);
        if (sitting == null) {
            return "redirect:/";
        }
        model.addAttribute("staffName", sitting.staffName());
        return "screening/kiosk-unlock";
    }

    @PostMapping("/kiosk/unlock")
    String unlock(HttpSession session, @RequestParam(required = false) String password, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        KioskSitting sitting = sitting(session);
        if (sitting == null) {
            return "redirect:/";
        }
        Actor actor = actors.require();
        boolean ok;
        try {
            passwordCheck.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(actor.name(),
                    password == null ? "" : password));
            ok = true;
        } catch (AuthenticationException e) {
            ok = false;
        }
        if (!ok) {
            synchronized (sitting) {
                sitting.failedUnlock();
            }
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("staffName", sitting.staffName());
            model.addAttribute("wrongPassword", true);
            return "screening/kiosk-unlock";
        }
        boolean stored = true;
        synchronized (sitting) {
            try {
                flow.finish(sitting);
            } catch (RuntimeException e) {
                stored = false;
                log.error("Kiosk sitting {}: the unfinished answers could not be stored", sitting.sitting(), e);
            }
        }
        session.removeAttribute(KioskSitting.SESSION_KEY);
        session.removeAttribute(SessionLocaleResolver.LOCALE_SESSION_ATTRIBUTE_NAME);
        log.info("Kiosk sitting {} unlocked by {}", sitting.sitting(), actor.name());
        if (!stored) {
            redirect.addFlashAttribute("notStored", true);
        }
        return "redirect:/patients/" + sitting.patient() + "/screening/sittings/" + sitting.sitting();
    }

    private String update(HttpSession session, java.util.function.Consumer<KioskSitting> change) {
        KioskSitting sitting = sitting(session);
        if (sitting == null) {
            return "redirect:/";
        }
        synchronized (sitting) {
            change.accept(sitting);
        }
        // set again so that a replicated or persisted session sees the change
        session.setAttribute(KioskSitting.SESSION_KEY, sitting);
        return "redirect:/kiosk";
    }

    static KioskSitting sitting(HttpSession session) {
        return session == null ? null : (KioskSitting) session.getAttribute(KioskSitting.SESSION_KEY);
    }
}
