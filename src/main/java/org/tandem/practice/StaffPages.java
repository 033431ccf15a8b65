package org.tandem.practice;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/** The practice admin's page for the practice's staff accounts: roles, lock-outs, enabling and adding accounts. */
@Controller
class StaffPages {

    /** The seven roles a practice's own staff can hold. */
    static final List<Role> PRACTICE_ROLES = List.of(Role.PCP, Role.BHC, Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT,
            Role.MEDICAL_ASSISTANT, Role.FRONT_DESK, Role.PRACTICE_ADMIN);
    static final int MIN_PASSWORD = 12;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Practices practices;
    private final StaffSignIn signIn;
    private final CurrentActor actors;
    private final Clock clock;

    StaffPages(Practices practices, StaffSignIn signIn, CurrentActor actors, Clock clock) {
        this.practices = practices;
        this.signIn = signIn;
        this.actors = actors;
        this.clock = clock;
    }

    /** A new staff account as typed into the form. */
    record NewStaffForm(String email, String displayName, String password, Set<Role> roles) {

        static NewStaffForm empty() {
            return new NewStaffForm("", "", "", Set.of());
        }

        public Set<Role> chosenRoles() {
            return roles == null ? Set.of() : roles;
        }

        /** Problems by field name, as message keys. */
        Map<String, String> problems() {
            Map<String, String> problems = new LinkedHashMap<>();
            if (email == null || email.isBlank()) {
                problems.put("email", "users.error.emailRequired");
            } else if (!EMAIL.matcher(email.trim()).matches() || email.trim().length() > 320) {
                problems.put("email", "users.error.emailInvalid");
            }
            if (displayName == null || displayName.isBlank()) {
                problems.put("displayName", "users.error.nameRequired");
            } else if (displayName.trim().length() > 200) {
                problems.put("displayName", "users.error.nameTooLong");
            }
            if (password == null || password.length() < MIN_PASSWORD) {
                problems.put("password", "users.error.passwordShort");
            }
            if (chosenRoles().isEmpty()) {
                problems.put("roles", "users.error.rolesRequired");
            }
            return problems;
        }

        /** The form to show again after a problem: everything as typed except the password. */
        NewStaffForm withoutPassword() {
            return new NewStaffForm(email, displayName, "", chosenRoles());
        }
    }

    /** The roles ticked for one staff member. */
    record RolesForm(Set<Role> roles) {

        public Set<Role> chosenRoles() {
            return roles == null ? Set.of() : roles;
        }
    }

    record StaffRow(String id, String email, String displayName, Set<Role> roles, List<String> roleKeys, boolean enabled,
            LocalDateTime lockedUntil, boolean self) {
    }

    @GetMapping("/admin/users")
    String list(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", NewStaffForm.empty());
        }
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", Map.of());
        }
        PracticeId practice = actors.requirePractice();
        ZoneId zone = practices.zoneOf(practice);
        String me = actors.require().id();
        model.addAttribute("staff", practices.staff().stream().map(s -> new StaffRow(s.id().toString(), s.email(),
                s.displayName(), s.roles(), s.roles().stream().sorted().map(Role::messageKey).toList(), s.enabled(),
                s.lockedAt(clock.instant()) ? LocalDateTime.ofInstant(s.lockedUntil(), zone) : null,
                s.id().toString().equals(me))).toList());
        model.addAttribute("practiceRoles", PRACTICE_ROLES);
        model.addAttribute("minPassword", MIN_PASSWORD);
        return "practice/users";
    }

    @PostMapping("/admin/users")
    String add(@ModelAttribute("form") NewStaffForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        Map<String, String> problems = new LinkedHashMap<>(form.problems());
        if (binding.hasFieldErrors("roles")) {
            problems.put("roles", "users.error.rolesRequired");
        }
        if (problems.isEmpty()) {
            try {
                practices.createStaff(actors.requirePractice(), form.email().trim(), form.displayName().trim(), form.password(),
                        EnumSet.copyOf(form.chosenRoles()));
                redirect.addFlashAttribute("notice", "users.notice.added");
                redirect.addFlashAttribute("noticeName", form.displayName().trim());
                return "redirect:/admin/users";
            } catch (DataIntegrityViolationException duplicate) {
                problems.put("email", "users.error.emailTaken");
            }
        }
        model.addAttribute("form", form.withoutPassword());
        model.addAttribute("problems", problems);
        model.addAttribute("formError", true);
        list(model);
        return "practice/users";
    }

    @PostMapping("/admin/users/{id}/roles")
    String roles(@PathVariable String id, @ModelAttribute RolesForm form, RedirectAttributes redirect) {
        StaffMember member = member(id);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        form.chosenRoles().stream().filter(PRACTICE_ROLES::contains).forEach(roles::add);
        if (isSelf(member) && !roles.contains(Role.PRACTICE_ADMIN)) {
            return notice(redirect, "users.error.keepOwnAdmin", member);
        }
        if (roles.isEmpty()) {
            return notice(redirect, "users.error.rolesRequired", member);
        }
        practices.setRoles(actors.requirePractice(), member.id(), roles);
        return notice(redirect, "users.notice.rolesChanged", member);
    }

    @PostMapping("/admin/users/{id}/unlock")
    String unlock(@PathVariable String id, RedirectAttributes redirect) {
        StaffMember member = member(id);
        signIn.unlock(actors.requirePractice(), member.id());
        return notice(redirect, "users.notice.unlocked", member);
    }

    @PostMapping("/admin/users/{id}/disable")
    String disable(@PathVariable String id, RedirectAttributes redirect) {
        StaffMember member = member(id);
        if (isSelf(member)) {
            return notice(redirect, "users.error.disableSelf", member);
        }
        signIn.setEnabled(actors.requirePractice(), member.id(), false);
        return notice(redirect, "users.notice.disabled", member);
    }

    @PostMapping("/admin/users/{id}/enable")
    String enable(@PathVariable String id, RedirectAttributes redirect) {
        StaffMember member = member(id);
        signIn.setEnabled(actors.requirePractice(), member.id(), true);
        return notice(redirect, "users.notice.enabled", member);
    }

    @ExceptionHandler(UnknownStaff.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    /** No staff member with this id in the admin's practice. */
    static class UnknownStaff extends RuntimeException {
        UnknownStaff() {
            super("No such staff member in this practice");
        }
    }

    private StaffMember member(String id) {
        UUID account;
        try {
            account = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new UnknownStaff();
        }
        Optional<StaffMember> member = practices.staff().stream().filter(s -> s.id().equals(account)).findFirst();
        return member.orElseThrow(UnknownStaff::new);
    }

    private boolean isSelf(StaffMember member) {
        return member.id().toString().equals(actors.require().id());
    }

    private static String notice(RedirectAttributes redirect, String key, StaffMember member) {
        redirect.addFlashAttribute("notice", key);
        redirect.addFlashAttribute("noticeName", member.displayName());
        return "redirect:/admin/users";
    }
}
