package org.counterpart.cooperation.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.cooperation.Institution;
import org.counterpart.cooperation.InstitutionForm;
import org.counterpart.cooperation.InstitutionKind;
import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Pairings;
import org.counterpart.cooperation.PartyNames;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The institution list with filters and export, the institution page, and its edit form. */
@Controller
class InstitutionsController {

    static final int PAGE_SIZE = 25;

    private final Institutions institutions;
    private final Pairings pairings;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final MessageSource messages;
    private final PartyNames names;

    InstitutionsController(Institutions institutions, Pairings pairings, Regions regions, org.counterpart.identity.PlaceNames placeNames, MessageSource messages, PartyNames names) {
        this.institutions = institutions;
        this.pairings = pairings;
        this.regions = regions;
        this.placeNames = placeNames;
        this.messages = messages;
        this.names = names;
    }

    @ModelAttribute("kinds")
    InstitutionKind[] kinds() {
        return InstitutionKind.values();
    }

    @GetMapping("/institutions")
    String list(@RequestParam(required = false) InstitutionKind kind, @RequestParam(required = false) String region,
                @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
        org.counterpart.identity.PlaceNames.Typed place = placeNames.typed("region", region);
        model.addAttribute("regionTyped", place);
        Institutions.Filter filter = new Institutions.Filter(Optional.ofNullable(kind), place.place(), Optional.ofNullable(q).filter(s -> !s.isBlank()));
        model.addAttribute("result", institutions.search(filter, page, PAGE_SIZE));
        model.addAttribute("kind", kind);
        model.addAttribute("region", filter.region().orElse(null));
        model.addAttribute("regionName", filter.region().map(regions::fullName).orElse(""));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("canCreate", institutions.canCreate());
        model.addAttribute("names", names);
        return "institutions/list";
    }

    /** Exactly the filtered list, every row of it, as an XLSX file. */
    @GetMapping("/institutions.xlsx")
    void export(@RequestParam(required = false) InstitutionKind kind, @RequestParam(required = false) String region,
                @RequestParam(required = false) String q, HttpServletResponse response) throws IOException {
        Locale locale = LocaleContextHolder.getLocale();
        List<Institution> rows = institutions.matching(filter(kind, region, q));
        List<String> headers = new java.util.ArrayList<>(List.of(msg("institution.nameZh", locale), msg("institution.nameEn", locale),
                msg("institution.kind", locale), msg("institution.region", locale)));
        XlsxTable.PLACE_LEVELS.forEach(level -> headers.add(msg("region.level." + level, locale)));
        headers.addAll(List.of(msg("institution.creditCode", locale), msg("institution.note", locale)));
        XlsxTable table = new XlsxTable(msg("institutions.title", locale), headers);
        table.title(msg("institutions.title", locale));
        Institutions.Filter f = filter(kind, region, q);
        List<String> filters = new java.util.ArrayList<>();
        f.kind().ifPresent(k -> filters.add(line(msg("institution.kind", locale), msg(k.messageKey(), locale), locale)));
        f.region().ifPresent(r -> filters.add(line(msg("place.label", locale), regions.fullName(r), locale)));
        f.text().ifPresent(t -> filters.add(line(msg("export.text", locale), t, locale)));
        if (filters.isEmpty()) {
            filters.add(msg("export.noFilter", locale));
        }
        filters.forEach(table::note);
        table.note(messages.getMessage("export.asOf", new Object[]{java.time.LocalDate.now().toString()}, locale));
        for (Institution i : rows) {
            List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(i.nameZh(), i.nameEn(), msg(i.kind().messageKey(), locale), i.region().value()));
            row.addAll(regions.namesByLevel(i.region()));
            row.addAll(java.util.Arrays.asList(i.creditCode().map(Object::toString).orElse(""), i.note()));
            table.row(row.toArray());
        }
        table.totals(messages.getMessage("export.totals", new Object[]{rows.size()}, locale));
        String filename = URLEncoder.encode(msg("institutions.title", locale) + ".xlsx", StandardCharsets.UTF_8).replace("+", "%20");
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"institutions.xlsx\"; filename*=UTF-8''" + filename);
        table.writeTo(response.getOutputStream());
    }

    private String line(String label, String value, Locale locale) {
        return messages.getMessage("export.filter", new Object[]{label, value}, locale);
    }

    @GetMapping("/institutions/{id}")
    String detail(@PathVariable long id, Model model) {
        Institution institution = institutions.get(id);
        model.addAttribute("institution", institution);
        model.addAttribute("regionName", regions.fullName(institution.region()));
        model.addAttribute("pairings", pairings.list(Optional.empty(), Optional.empty(), Optional.of(id)));
        model.addAttribute("canEdit", institutions.canEdit(institution));
        model.addAttribute("names", names);
        return "institutions/detail";
    }

    @GetMapping("/institutions/new")
    String createForm(Model model) {
        if (!institutions.canCreate()) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        model.addAttribute("form", InstitutionForm.empty());
        return "institutions/form";
    }

    @PostMapping("/institutions/new")
    String create(@ModelAttribute("form") InstitutionForm form, Model model, RedirectAttributes redirect) {
        try {
            long id = institutions.create(form);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/institutions/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return "institutions/form";
        }
    }

    @GetMapping("/institutions/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        Institution institution = institutions.get(id);
        if (!institutions.canEdit(institution)) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        model.addAttribute("id", id);
        model.addAttribute("form", InstitutionForm.of(institution));
        return "institutions/form";
    }

    @PostMapping("/institutions/{id}/edit")
    String update(@PathVariable long id, @ModelAttribute("form") InstitutionForm form, Model model, RedirectAttributes redirect) {
        model.addAttribute("id", id);
        try {
            institutions.update(id, form);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/institutions/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            return "institutions/form";
        } catch (ConcurrentEditException e) {
            // show what is stored now; the editor applies the change again on top of it
            model.addAttribute("conflict", true);
            model.addAttribute("form", InstitutionForm.of(institutions.get(id)));
            return "institutions/form";
        }
    }

    @PostMapping("/institutions/{id}/delete")
    String delete(@PathVariable long id, @RequestParam int version, RedirectAttributes redirect) {
        try {
            institutions.delete(id, version);
            redirect.addFlashAttribute("deleted", true);
            return "redirect:/institutions";
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("deleteRefused", e);
            return "redirect:/institutions/" + id;
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("deleteConflict", true);
            return "redirect:/institutions/" + id;
        }
    }

    private Institutions.Filter filter(InstitutionKind kind, String region, String q) {
        Optional<RegionCode> rc = placeNames.readOptional("region", region);
        return new Institutions.Filter(Optional.ofNullable(kind), rc, Optional.ofNullable(q).filter(s -> !s.isBlank()));
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
