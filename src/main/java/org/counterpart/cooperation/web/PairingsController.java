package org.counterpart.cooperation.web;

import org.counterpart.cooperation.Institution;
import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Pairing;
import org.counterpart.cooperation.PairingForm;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.cooperation.PartyNames;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Optional;

/** The list of pairings by kind, and the form that creates or changes one. */
@Controller
class PairingsController {

    private final Pairings pairings;
    private final Institutions institutions;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final PartyNames names;
    private final org.springframework.context.MessageSource messages;

    PairingsController(Pairings pairings, Institutions institutions, Regions regions, org.counterpart.identity.PlaceNames placeNames, PartyNames names,
                       org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.pairings = pairings;
        this.institutions = institutions;
        this.regions = regions;
        this.placeNames = placeNames;
        this.names = names;
    }

    @ModelAttribute("kinds")
    PairingKind[] kinds() {
        return PairingKind.values();
    }

    @ModelAttribute("names")
    PartyNames names() {
        return names;
    }

    @GetMapping("/pairings")
    String list(@RequestParam(required = false) PairingKind kind, @RequestParam(required = false) String region, Model model) {
        org.counterpart.identity.PlaceNames.Typed place = placeNames.typed("region", region);
        model.addAttribute("regionTyped", place);
        Optional<RegionCode> rc = place.place();
        List<Pairing> rows = pairings.list(Optional.ofNullable(kind), rc, Optional.empty());
        model.addAttribute("rows", rows);
        model.addAttribute("editable", pairings.editable(rows));
        model.addAttribute("kind", kind);
        model.addAttribute("region", rc.orElse(null));
        model.addAttribute("regionName", rc.map(regions::fullName).orElse(""));
        model.addAttribute("counts", pairings.countByKind());
        model.addAttribute("canCreate", institutions.canCreate());
        return "pairings/list";
    }

    /** The filtered list, every row of it, as an XLSX file. */
    @GetMapping("/pairings.xlsx")
    void export(@RequestParam(required = false) PairingKind kind, @RequestParam(required = false) String region,
                jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        Optional<RegionCode> rc = placeNames.readOptional("region", region);
        org.counterpart.shared.XlsxTable table = new org.counterpart.shared.XlsxTable(msg("pairings.sheet", locale), List.of(
                msg("pairing.kind", locale), msg("pairing.helper", locale), msg("pairing.helped", locale),
                msg("pairing.since", locale), msg("pairing.note", locale)));
        table.title(msg("pairings.title", locale));
        List<String> filters = new java.util.ArrayList<>();
        if (kind != null) {
            filters.add(messages.getMessage("export.filter", new Object[]{msg("pairing.kind", locale), msg(kind.messageKey(), locale)}, locale));
        }
        rc.ifPresent(r -> filters.add(messages.getMessage("export.filter", new Object[]{msg("place.label", locale), regions.fullName(r)}, locale)));
        if (filters.isEmpty()) {
            filters.add(msg("export.noFilter", locale));
        }
        filters.forEach(table::note);
        table.note(messages.getMessage("export.asOf", new Object[]{java.time.LocalDate.now().toString()}, locale));
        List<Pairing> listed = pairings.list(Optional.ofNullable(kind), rc, Optional.empty());
        for (Pairing p : listed) {
            table.row(msg(p.kind().messageKey(), locale), names.of(p.helper()), names.of(p.helped()), p.sinceYear(), p.note());
        }
        table.totals(messages.getMessage("export.totals", new Object[]{listed.size()}, locale));
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"pairings.xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    private String msg(String key, java.util.Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    @GetMapping("/pairings/new")
    String createForm(@RequestParam(required = false) PairingKind kind, Model model) {
        if (!institutions.canCreate()) {
            throw new AccessDeniedException("read only");
        }
        model.addAttribute("form", new PairingForm(kind, "", null, "", null, null, "", 0));
        return form(model);
    }

    @PostMapping("/pairings/new")
    String create(@ModelAttribute("form") PairingForm form, Model model, RedirectAttributes redirect) {
        try {
            pairings.create(form);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/pairings" + (form.kind() == null ? "" : "?kind=" + form.kind().name());
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return form(model);
        }
    }

    @GetMapping("/pairings/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        Pairing pairing = pairings.get(id);
        if (!pairings.canEdit(pairing)) {
            throw new AccessDeniedException("read only");
        }
        model.addAttribute("id", id);
        model.addAttribute("form", PairingForm.of(pairing));
        return form(model);
    }

    @PostMapping("/pairings/{id}/edit")
    String update(@PathVariable long id, @ModelAttribute("form") PairingForm form, Model model, RedirectAttributes redirect) {
        model.addAttribute("id", id);
        try {
            pairings.update(id, form);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/pairings/" + id + "/edit";
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return form(model);
        } catch (ConcurrentEditException e) {
            model.addAttribute("conflict", true);
            model.addAttribute("form", PairingForm.of(pairings.get(id)));
            return form(model);
        }
    }

    @PostMapping("/pairings/{id}/delete")
    String delete(@PathVariable long id, @RequestParam int version, RedirectAttributes redirect) {
        try {
            pairings.delete(id, version);
            redirect.addFlashAttribute("deleted", true);
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("deleteConflict", true);
        }
        return "redirect:/pairings";
    }

    private String form(Model model) {
        List<Institution> choices = institutions.matching(Institutions.Filter.none());
        model.addAttribute("institutionChoices", choices);
        return "pairings/form";
    }
}
