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
        List<String> headers = new java.util.ArrayList<>(List.of(msg("household.no", locale)));
        for (String level : XlsxTable.PLACE_LEVELS) {
            headers.add(msg("region.level." + level, locale));
        }
        headers.addAll(List.of(msg("household.village", locale), msg("household.head", locale), msg("household.members", locale),
                msg("household.attribute", locale), msg("household.mainCause", locale), msg("household.status", locale),
                msg("household.netPerCapita", locale), msg("household.exitReady", locale), msg("household.year", locale)));
        int members = headers.indexOf(msg("household.members", locale));
        int income = headers.indexOf(msg("household.netPerCapita", locale));
        XlsxTable table = new XlsxTable(msg("registry.households", locale), headers)
                .format(members, XlsxTable.Format.COUNT).format(income, XlsxTable.Format.MONEY);
        table.title(msg("registry.export.title", locale, filter.year()));
        filterLines(filter, locale).forEach(table::note);
        table.note(msg("export.moneyUnit", locale, msg("unit.yuan", locale)));
        table.note(msg("export.asOf", locale, java.time.LocalDate.now().toString()));
        long[] sums = new long[2];
        households.forEach(filter, r -> {
            List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(r.householdNo()));
            row.addAll(regions.namesByLevel(r.village()));
            row.addAll(java.util.Arrays.asList(r.village().value(), r.headName(), r.members(), codes.label(CodeTables.ATTRIBUTE, r.attribute(), locale),
                    codes.label(CodeTables.CAUSE, r.mainCause(), locale), codes.label(CodeTables.STATUS, r.status(), locale), r.netPerCapita(),
                    r.exitReady() ? msg("common.yes", locale) : msg("common.no", locale), filter.year()));
            table.row(row.toArray());
            sums[0]++;
            sums[1] += r.members();
        });
        Object[] totals = new Object[headers.size()];
        totals[0] = messages.getMessage("registry.export.totals", new Object[]{sums[0]}, locale);
        totals[members] = sums[1];
        table.totals(totals);
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"households-" + filter.year() + ".xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    /** The filters of the list in words, one line each, for the head of its export. */
    private List<String> filterLines(Households.Filter f, Locale locale) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add(line("household.year", String.valueOf(f.year()), locale));
        f.region().ifPresent(r -> lines.add(line("place.label", regions.fullName(r), locale)));
        f.status().ifPresent(v -> lines.add(line("household.status", codes.label(CodeTables.STATUS, v, locale), locale)));
        f.attribute().ifPresent(v -> lines.add(line("household.attribute", codes.label(CodeTables.ATTRIBUTE, v, locale), locale)));
        f.cause().ifPresent(v -> lines.add(line("household.mainCause", codes.label(CodeTables.CAUSE, v, locale), locale)));
        f.exitReady().ifPresent(v -> lines.add(line("registry.filter.ready", msg(v ? "registry.filter.readyYes" : "registry.filter.readyNo", locale), locale)));
        f.householdNo().ifPresent(v -> lines.add(line("household.no", v, locale)));
        f.monitoring().ifPresent(v -> lines.add(line("registry.filter.monitoring", Households.FLAGGED.equals(v) ? msg("registry.filter.flagged", locale)
                : Households.UNFLAGGED.equals(v) ? msg("registry.filter.unflagged", locale) : codes.label(CodeTables.MONITORING_CATEGORY, v, locale), locale)));
        return lines;
    }

    private String line(String label, String value, Locale locale) {
        return messages.getMessage("export.filter", new Object[]{msg(label, locale), value}, locale);
    }

    @GetMapping("/registry/households/{id}")
    String detail(@PathVariable long id, @RequestParam(required = false) Integer year, Model model) {
        Households.Detail detail = households.get(id, Optional.ofNullable(year));
        model.addAttribute("d", detail);
        model.addAttribute("villageName", regions.fullName(detail.village()));
        model.addAttribute("line", lines.forYear(detail.shown().year(), detail.shown().countyCode().substring(0, 2)).orElse(null));
        model.addAttribute("canEdit", editing.canEdit());
        model.addAttribute("removal", households.removal(id, detail.shown().year()).orElse(null));
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
        return correction(id, year, "memberError", () -> editing.removeMember(id, year, personId, version, reason), model, redirect);
    }

    /** Marks the household as removed from the registry for the year, with the reason; a refusal shows on the correction page. */
    @org.springframework.web.bind.annotation.PostMapping("/registry/households/{id}/{year}/remove")
    String removeHousehold(@PathVariable long id, @PathVariable int year, @RequestParam int version,
                           @RequestParam(required = false) String reason, @RequestParam(required = false) String note, Model model,
                           org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        return correction(id, year, "removalError", () -> editing.markRemoved(id, year, reason, note, version), model, redirect);
    }

    /** Undoes the household's removal from the registry for the year (coordinators). */
    @org.springframework.web.bind.annotation.PostMapping("/registry/households/{id}/{year}/restore")
    String restoreHousehold(@PathVariable long id, @PathVariable int year, @RequestParam int version, Model model,
                            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        return correction(id, year, "removalError", () -> editing.restore(id, year, version), model, redirect);
    }

    /**
     * One change made from the correction page: done, back to the household with "saved"; refused or overtaken
     * by a second officer's save, the correction page again with the refusal under {@code errorAttribute}.
     */
    private String correction(long id, int year, String errorAttribute, Runnable change, Model model,
                              org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        try {
            change.run();
            redirect.addFlashAttribute("saved", true);
            return "redirect:/registry/households/" + id + "?year=" + year;
        } catch (org.counterpart.shared.InvalidInputException e) {
            model.addAttribute(errorAttribute, e);
        } catch (org.counterpart.shared.ConcurrentEditException e) {
            model.addAttribute("conflict", true);
        }
        Households.Detail d = households.get(id, Optional.of(year));
        model.addAttribute("d", d);
        model.addAttribute("form", org.counterpart.registry.HouseholdYearForm.of(d.shown()));
        return editPage(model);
    }

    /** The form of a new member of the year. */
    @GetMapping("/registry/households/{id}/{year}/members/new")
    String newMember(@PathVariable long id, @PathVariable int year, Model model) {
        Households.Detail d = editable(id, year);
        model.addAttribute("d", d);
        model.addAttribute("member", org.counterpart.registry.MemberForm.empty(d.shown().version()));
        return memberPage(model);
    }

    /** The form of a member of the year, to correct. */
    @GetMapping("/registry/households/{id}/{year}/members/{personId}/edit")
    String editMember(@PathVariable long id, @PathVariable int year, @PathVariable long personId, Model model) {
        Households.Detail d = editable(id, year);
        org.counterpart.registry.Member m = d.members().stream().filter(x -> x.personId() == personId).findFirst()
                .orElseThrow(() -> new org.counterpart.shared.NotFoundException("member " + personId));
        model.addAttribute("d", d);
        model.addAttribute("member", org.counterpart.registry.MemberForm.of(m, d.shown().version()));
        model.addAttribute("corrected", m);
        return memberPage(model);
    }

    /** Saves a member added or corrected; a refusal shows beside its field, a second officer's save as a conflict. */
    @org.springframework.web.bind.annotation.PostMapping("/registry/households/{id}/{year}/members/save")
    String saveMember(@PathVariable long id, @PathVariable int year,
                      @org.springframework.web.bind.annotation.ModelAttribute("member") org.counterpart.registry.MemberForm form,
                      Model model, org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        try {
            editing.saveMember(id, year, form);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/registry/households/" + id + "/" + year + "/edit#members";
        } catch (org.counterpart.shared.InvalidInputException e) {
            model.addAttribute("error", e);
        } catch (org.counterpart.shared.ConcurrentEditException e) {
            model.addAttribute("conflict", true);
        }
        Households.Detail d = households.get(id, Optional.of(year));
        model.addAttribute("d", d);
        if (form.personId() != null) {
            d.members().stream().filter(x -> x.personId() == form.personId()).findFirst().ifPresent(m -> model.addAttribute("corrected", m));
        }
        if (Boolean.TRUE.equals(model.getAttribute("conflict"))) {
            // the form keeps what was typed, with the year's version as it now is, so the officer may look and send again
            model.addAttribute("member", new org.counterpart.registry.MemberForm(form.personId(), form.name(), "", form.relation(), form.ethnicity(),
                    form.education(), form.studentStatus(), form.health(), form.laborAbility(), form.migrantWork(), form.migrantMonths(),
                    form.medicalInsurance(), form.pensionInsurance(), "", form.formerHeadRelation(), d.shown().version()));
        }
        return memberPage(model);
    }

    private Households.Detail editable(long id, int year) {
        if (!editing.canEdit()) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        Households.Detail d = households.get(id, Optional.of(year));
        if (d.shown().year() != year) {
            throw new org.counterpart.shared.NotFoundException("household " + id + " in " + year);
        }
        return d;
    }

    private String memberPage(Model model) {
        model.addAttribute("relations", codes.items(CodeTables.RELATION));
        model.addAttribute("educations", codes.items(CodeTables.EDUCATION));
        model.addAttribute("students", codes.items(CodeTables.STUDENT));
        model.addAttribute("healths", codes.items(CodeTables.HEALTH));
        model.addAttribute("labors", codes.items(CodeTables.LABOR));
        model.addAttribute("migrants", codes.items(CodeTables.MIGRANT));
        return "registry/member-edit";
    }

    private String editPage(Model model) {
        Households.Detail d = (Households.Detail) model.getAttribute("d");
        if (d != null) {
            model.addAttribute("removal", households.removal(d.householdId(), d.shown().year()).orElse(null));
        }
        model.addAttribute("removalReasons", org.counterpart.registry.RemovalReason.values());
        model.addAttribute("canRestore", editing.canRestore());
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

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
