package org.counterpart.registry.web;

import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.registry.PovertyLines;
import org.counterpart.shared.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The poverty lines by year, with whether each figure was confirmed; administrators keep them. */
@Controller
class PovertyLinesController {

    private final PovertyLines lines;

    PovertyLinesController(PovertyLines lines) {
        this.lines = lines;
    }

    @GetMapping("/registry/lines")
    String list(Model model) {
        model.addAttribute("lines", lines.all());
        model.addAttribute("canEdit", CurrentUser.get().map(u -> u.is(Role.ADMINISTRATOR)).orElse(false));
        return "registry/lines";
    }

    @PostMapping("/registry/lines")
    String save(@RequestParam(required = false) Integer year, @RequestParam(defaultValue = "") String province,
                @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "false") boolean confirmed,
                @RequestParam(defaultValue = "") String source, Model model, RedirectAttributes redirect) {
        try {
            if (year == null) {
                throw new InvalidInputException("year", "field.required");
            }
            lines.save(year, province, amount, confirmed, source);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/registry/lines";
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            model.addAttribute("entered", new Entered(year == null ? "" : String.valueOf(year), province, amount, source));
            return list(model);
        }
    }

    /** What the administrator typed, shown again next to the refusal. */
    record Entered(String year, String province, String amount, String source) {
    }
}
