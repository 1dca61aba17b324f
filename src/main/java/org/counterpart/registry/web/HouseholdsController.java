package org.counterpart.registry.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.registry.CodeTables;
import org.counterpart.registry.Households;
import org.counterpart.registry.PovertyLines;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The household list with its filters and export, and the household page. */
@Controller
class HouseholdsController {

    static final int PAGE_SIZE = 50;

    private final Households households;
    private final CodeTables codes;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final PovertyLines lines;
    private final MessageSource messages;
    private final org.counterpart.registry.HouseholdEditing editing;

    HouseholdsController(Households households, CodeTables codes, Regions regions, org.counterpart.identity.PlaceNames placeNames, PovertyLines lines, MessageSource messages,
                         org.counterpart.registry.HouseholdEditing editing) {
        this.editing = editing;
        this.households = households;
        this.codes = codes;
        this.regions = regions;
        this.placeNames = placeNames;
        this.lines = lines;
        this.messages = messages;
    }

    @GetMapping("/registry/households")
    String list(@RequestParam(required = false) Integer year, @RequestParam(required = false) String region,
                @RequestParam(required = false) String status, @RequestParam(required = false) String attribute,
                @RequestParam(required = false) String cause, @RequestParam(required = false) Boolean ready,
                @RequestParam(required = false) String no, @RequestParam(required = false) String monitoring,
                @RequestParam(defaultValue = "0") int page, Model model) {
        List<Integer> years = households.years();
        org.counterpart.identity.PlaceNames.Typed place = placeNames.typed("region", region);
        model.addAttribute("regionTyped", place);
        Households.Filter filter = filter(year, place.place(), status, attribute, cause, ready, no, monitoring, years);
        model.addAttribute("result", households.search(filter, page, PAGE_SIZE));
        model.addAttribute("years", years);
        model.addAttribute("f", filter);
        model.addAttribute("regionText", filter.region().map(RegionCode::value).orElse(""));
        model.addAttribute("regionName", filter.region().map(regions::fullName).orElse(""));
        model.addAttribute("statuses", codes.items(CodeTables.STATUS));
        model.addAttribute("attributes", codes.items(CodeTables.ATTRIBUTE));
        model.addAttribute("causes", codes.items(CodeTables.CAUSE));
        model.addAttribute("monitoringCategories", codes.items(CodeTables.MONITORING_CATEGORY));
        model.addAttribute("line", households.line(filter).orElse(null));
        return "registry/households";
    }

    /** Exactly the filtered list, as XLSX; names are shown, ID numbers never leave masked or not at all. */
    @GetMapping("/registry/households.xlsx")
    void export(@RequestParam(required = false) Integer year, @RequestParam(required = false) String region,
                @RequestParam(required = false) String status, @RequestParam(required = false) String attribute,
                @RequestParam(required = false) String cause, @RequestParam(required = false) Boolean ready,
                @RequestParam(required = false) String no, @RequestParam(required = false) String monitoring,
                HttpServletResponse response) throws IOException {
        Locale locale = LocaleContextHolder.getLocale();
        Households.Filter filter = filter(year, placeNames.readOptional("region", region), status, attribute, cause, ready, no, monitoring, households.years());
        XlsxTable table = new XlsxTable(msg("registry.households", locale), List.of(
                msg("household.no", locale), msg("household.village", locale), msg("household.villageName", locale),
                msg("household.head", locale), msg("household.members", locale), msg("household.attribute", locale),
                msg("household.mainCause", locale), msg("household.status", locale), msg("household.netPerCapita", locale),
                msg("household.exitReady", locale), msg("household.year", locale)));
        households.forEach(filter, r -> table.row(r.householdNo(), r.village().value(), regions.fullName(r.village()), r.headName(),
                r.members(), codes.label(CodeTables.ATTRIBUTE, r.attribute(), locale), codes.label(CodeTables.CAUSE, r.mainCause(), locale),
                codes.label(CodeTables.STATUS, r.status(), locale), r.netPerCapita(), r.exitReady() ? msg("common.yes", locale) : msg("common.no", locale),
                filter.year()));
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"households-" + filter.year() + ".xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    @GetMapping("/registry/households/{id}")
    String detail(@PathVariable long id, @RequestParam(required = false) Integer year, Model model) {
        Households.Detail detail = households.get(id, Optional.ofNullable(year));
        model.addAttribute("d", detail);
        model.addAttribute("villageName", regions.fullName(detail.village()));
        model.addAttribute("line", lines.forYear(detail.shown().year(), detail.shown().countyCode().substring(0, 2)).orElse(null));
        model.addAttribute("canEdit", editing.canEdit());
        return "registry/household";
    }

    /** Shows one member's numbers in full to a permitted user; the view is audited by the service. */
    @org.springframework.web.bind.annotation.PostMapping("/registry/households/{id}/members/{personId}/reveal")
    String reveal(@PathVariable long id, @PathVariable long personId, @RequestParam int year, Model model) {
        Households.Revealed revealed = households.reveal(id, year, personId);
        detail(id, year, model);
        model.addAttribute("revealed", revealed);
        return "registry/household";
    }

    @GetMapping("/registry/households/{id}/{year}/edit")
    String editForm(@PathVariable long id, @PathVariable int year, Model model) {
        if (!editing.canEdit()) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        Households.Detail d = households.get(id, Optional.of(year));
        model.addAttribute("d", d);
        model.addAttribute("form", org.counterpart.registry.HouseholdYearForm.of(d.shown()));
        return editPage(model);
    }

    @org.springframework.web.bind.annotation.PostMapping("/registry/households/{id}/{year}/edit")
    String edit(@PathVariable long id, @PathVariable int year,
                @org.springframework.web.bind.annotation.ModelAttribute("form") org.counterpart.registry.HouseholdYearForm form,
                Model model, org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        try {
            editing.update(id, year, form);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/registry/households/" + id + "?year=" + year;
        } catch (org.counterpart.shared.InvalidInputException e) {
            model.addAttribute("d", households.get(id, Optional.of(year)));
            model.addAttribute("error", e);
            return editPage(model);
        } catch (org.counterpart.shared.ConcurrentEditException e) {
            Households.Detail d = households.get(id, Optional.of(year));
            model.addAttribute("d", d);
            model.addAttribute("conflict", true);
            model.addAttribute("form", org.counterpart.registry.HouseholdYearForm.of(d.shown()));
            return editPage(model);
        }
    }

    /** Takes a member out of the year, with the reason; a refusal or a second officer's save shows on the correction page. */
    @org.springframework.web.bind.annotation.PostMapping("/registry/households/{id}/{year}/members/{personId}/remove")
    String removeMember(@PathVariable long id, @PathVariable int year, @PathVariable long personId, @RequestParam int version,
                        @RequestParam(required = false) String reason, Model model,
                        org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        try {
            editing.removeMember(id, year, personId, version, reason);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/registry/households/" + id + "?year=" + year;
        } catch (org.counterpart.shared.InvalidInputException e) {
            model.addAttribute("memberError", e);
        } catch (org.counterpart.shared.ConcurrentEditException e) {
            model.addAttribute("conflict", true);
        }
        Households.Detail d = households.get(id, Optional.of(year));
        model.addAttribute("d", d);
        model.addAttribute("form", org.counterpart.registry.HouseholdYearForm.of(d.shown()));
        return editPage(model);
    }

    private String editPage(Model model) {
        model.addAttribute("statuses", codes.items(CodeTables.STATUS));
        model.addAttribute("attributes", codes.items(CodeTables.ATTRIBUTE));
        model.addAttribute("causes", codes.items(CodeTables.CAUSE));
        model.addAttribute("standards", codes.items(CodeTables.STANDARD));
        return "registry/household-edit";
    }

    private Households.Filter filter(Integer year, Optional<RegionCode> rc, String status, String attribute, String cause, Boolean ready,
                                     String no, String monitoring, List<Integer> years) {
        int y = year != null ? year : households.defaultYear();
        return new Households.Filter(y, rc, blank(status), blank(attribute), blank(cause), Optional.ofNullable(ready), blank(no),
                households.monitoringFilter(blank(monitoring)));
    }

    private static Optional<String> blank(String s) {
        return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty());
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
