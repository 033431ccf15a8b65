package org.tandem.privacy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;

/**
 * The practice admin's view of the audit trail: the latest events, one patient's access history (itself audited),
 * and a check that the hash chain is intact.
 */
@Controller
class AuditPages {

    static final int RECENT = 100;
    static final int HISTORY = 500;

    private final AuditTrail trail;
    private final AuditVerifier verifier;
    private final AccessPolicy policy;
    private final PatientDirectory directory;
    private final Practices practices;
    private final CurrentActor actors;

    AuditPages(AuditTrail trail, AuditVerifier verifier, AccessPolicy policy, PatientDirectory directory,
            Practices practices, CurrentActor actors) {
        this.trail = trail;
        this.verifier = verifier;
        this.policy = policy;
        this.directory = directory;
        this.practices = practices;
        this.actors = actors;
    }

    /** The MRN search box. */
    record MrnSearch(String mrn) {

        String text() {
            return mrn == null ? "" : mrn.trim();
        }
    }

    record EventRow(long seq, LocalDateTime when, String actor, String role, String action, String channel, String address,
            UUID patientId, String patientName, String resourceType, String resourceId, String outcome, String detail) {
    }

    @GetMapping("/admin/audit")
    String recent(MrnSearch search, Model model) {
        PracticeId practice = actors.requirePractice();
        if (!search.text().isEmpty()) {
            Optional<UUID> patient = directory.findByMrn(search.text());
            if (patient.isPresent()) {
                return "redirect:/admin/audit/patients/" + patient.get();
            }
            model.addAttribute("mrnNotFound", true);
        }
        model.addAttribute("mrn", search.text());
        model.addAttribute("events", rows(trail.recent(RECENT), zone(practice)));
        model.addAttribute("limit", RECENT);
        return "privacy/audit";
    }

    @PostMapping("/admin/audit/verify")
    String verify(RedirectAttributes redirect) {
        AuditVerification result = verifier.verify(actors.requirePractice());
        redirect.addFlashAttribute("verified", true);
        redirect.addFlashAttribute("intact", result.intact());
        redirect.addFlashAttribute("checked", result.events());
        result.firstBreak().ifPresent(broken -> {
            redirect.addFlashAttribute("brokenSeq", broken.seq());
            redirect.addFlashAttribute("brokenReason", broken.reason());
        });
        return "redirect:/admin/audit";
    }

    @GetMapping("/admin/audit/patients/{patientId}")
    String history(@PathVariable String patientId, Model model) {
        PracticeId practice = actors.requirePractice();
        UUID id = parse(patientId);
        policy.require(practice, id, DataCategory.ACCESS_HISTORY, Operation.READ);
        String name = directory.displayName(id).orElseThrow(() -> new UnknownPatient());
        List<AuditRecord> events = trail.historyOf(id, HISTORY);
        trail.record(new AuditEntry(AuditAction.READ, id, "AuditEvent", null, AuditOutcome.SUCCESS,
                "access history, " + events.size() + " events"));
        model.addAttribute("patientId", id);
        model.addAttribute("patientName", name);
        model.addAttribute("events", rows(events, zone(practice)));
        model.addAttribute("limit", HISTORY);
        return "privacy/history";
    }

    @ExceptionHandler(UnknownPatient.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    /** No patient with this id in the admin's practice. */
    static class UnknownPatient extends RuntimeException {
        UnknownPatient() {
            super("No such patient in this practice");
        }
    }

    private List<EventRow> rows(List<AuditRecord> records, ZoneId zone) {
        Map<UUID, String> names = new HashMap<>();
        return records.stream().map(r -> new EventRow(r.seq(), LocalDateTime.ofInstant(r.occurredAt(), zone), r.actorName(),
                r.actorRole(), r.action().name(), r.channel(), r.sourceAddress(), r.patientId(),
                r.patientId() == null ? null : names.computeIfAbsent(r.patientId(), p -> directory.displayName(p).orElse(null)),
                r.resourceType(), r.resourceId(), r.outcome().name(), r.detail())).toList();
    }

    private ZoneId zone(PracticeId practice) {
        return practices.zoneOf(practice);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new UnknownPatient();
        }
    }
}
