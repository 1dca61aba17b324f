package org.counterpart.identity.web;

import org.counterpart.geography.Regions;
import org.counterpart.identity.InstitutionDirectory;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.identity.UserView;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Optional;

/** Administrators list, create and change user accounts. */
@Controller
@PreAuthorize("hasRole('ADMINISTRATOR')")
class UsersController {

    private final UserAdministration users;
    private final Regions regions;
    private final Optional<InstitutionDirectory> institutions;

    UsersController(UserAdministration users, Regions regions, Optional<InstitutionDirectory> institutions) {
        this.users = users;
        this.regions = regions;
        this.institutions = institutions;
    }

    @ModelAttribute("roles")
    Role[] roles() {
        return Role.values();
    }

    @ModelAttribute("institutionChoices")
    List<InstitutionDirectory.Entry> institutionChoices() {
        return institutions.map(InstitutionDirectory::all).orElse(List.of());
    }

    /** The scope in words: the full name of the region, or the institution's name. */
    public String scopeName(Scope scope) {
        if (scope.region().isPresent()) {
            return scope.isNation() ? "全国" : regions.fullName(scope.region().get());
        }
        long id = scope.institutionId().orElseThrow();
        return institutions.flatMap(d -> d.find(id)).map(InstitutionDirectory.Entry::name).orElse("#" + id);
    }

    @GetMapping("/admin/users")
    String list(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("scopes", this);
        return "admin/users";
    }

    @GetMapping("/admin/users/new")
    String createForm(Model model) {
        model.addAttribute("form", new UserForm("", "", Role.REPORTER, "", null, "zh-CN", true, "", 0, false));
        return "admin/user-form";
    }

    @PostMapping("/admin/users/new")
    String create(@ModelAttribute("form") UserForm form, Model model, RedirectAttributes redirect) {
        try {
            users.create(form);
            redirect.addFlashAttribute("saved", form.username());
            return "redirect:/admin/users";
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return "admin/user-form";
        }
    }

    @GetMapping("/admin/users/{id}")
    String editForm(@PathVariable long id, Model model) {
        UserView u = users.get(id);
        model.addAttribute("id", id);
        model.addAttribute("user", u);
        model.addAttribute("form", new UserForm(u.username(), u.displayName(), u.role(),
                u.scope().region().map(r -> r.value().isEmpty() ? "0" : r.value()).orElse(""),
                u.scope().institutionId().orElse(null), u.locale(), u.enabled(), "", u.version(), u.personalData()));
        return "admin/user-form";
    }

    @PostMapping("/admin/users/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") UserForm form, Model model, RedirectAttributes redirect) {
        model.addAttribute("id", id);
        model.addAttribute("user", users.get(id));
        try {
            users.update(id, form);
            redirect.addFlashAttribute("saved", form.username());
            return "redirect:/admin/users";
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return "admin/user-form";
        } catch (ConcurrentEditException e) {
            model.addAttribute("conflict", true);
            return editForm(id, model);
        }
    }
}
