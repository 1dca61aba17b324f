package org.counterpart.insight.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.insight.Reach;
import org.counterpart.registry.CodeTables;
import org.counterpart.shared.Masking;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reach and coverage of a place and year, the households reached by nothing, the people reached by nothing in reached households, and one person's measures. */
@Controller
class ReachController {

    static final int PAGE_SIZE = 50;

    /** The year and place a page shows, after defaults; {@code place} is empty when the caller sees none. */
    record Choice(int year, Optional<RegionCode> place, List<Integer> years) {
    }

    private final Reach reach;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final CodeTables codes;
    private final MessageSource messages;

    ReachController(Reach reach, Regions regions, org.counterpart.identity.PlaceNames placeNames, CodeTables codes, MessageSource messages) {
        this.reach = reach;
        this.regions = regions;
        this.placeNames = placeNames;
        this.codes = codes;
        this.messages = messages;
    }

    @GetMapping("/reach")
    String figures(@RequestParam(required = false) Integer year, @RequestParam(required = false) String place, Model model) {
        Choice c = choose(year, place);
        common(model, c);
        c.place().ifPresent(p -> model.addAttribute("f", reach.figures(p, c.year())));
        model.addAttribute("canRebuild", CurrentUser.get().map(u -> u.is(Role.ADMINISTRATOR)).orElse(false));
        return "reach/index";
    }

    @GetMapping("/reach/gap")
    String gap(@RequestParam(required = false) Integer year, @RequestParam(required = false) String place,
               @RequestParam(defaultValue = "0") int page, Model model) {
        Choice c = choose(year, place);
        common(model, c);
        c.place().ifPresent(p -> model.addAttribute("result", reach.gap(p, c.year(), page, PAGE_SIZE)));
        return "reach/gap";
    }

    /** Exactly the gap of the place and year, as XLSX: numbers masked, names only where the list shows them. */
    @GetMapping("/reach/gap.xlsx")
    void export(@RequestParam(required = false) Integer year, @RequestParam(required = false) String place,
                HttpServletResponse response) throws IOException {
        Choice c = choose(year, place);
        RegionCode p = c.place().orElseThrow(() -> new org.counterpart.shared.InvalidInputException("place", "reach.place.none"));
        Locale locale = LocaleContextHolder.getLocale();
        List<String> headers = new java.util.ArrayList<>(List.of(msg("household.no", locale)));
        XlsxTable.PLACE_LEVELS.forEach(level -> headers.add(msg("region.level." + level, locale)));
        headers.addAll(List.of(msg("household.village", locale), msg("household.members", locale), msg("household.status", locale),
                msg("reach.headId", locale), msg("household.head", locale), msg("household.year", locale)));
        int members = headers.indexOf(msg("household.members", locale));
        XlsxTable table = new XlsxTable(msg("reach.gap.title", locale), headers).format(members, XlsxTable.Format.COUNT);
        head(table, "reach.gap.title", p, c.year(), locale);
        long[] sums = new long[2];
        reach.forEachGap(p, c.year(), g -> {
            List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(g.householdNo()));
            row.addAll(regions.namesByLevel(g.village()));
            row.addAll(java.util.Arrays.asList(g.village().value(), g.members(), codes.label(CodeTables.STATUS, g.status(), locale),
                    Masking.idNumber(g.headMaskedId()), g.headName().orElse(""), c.year()));
            table.row(row.toArray());
            sums[0]++;
            sums[1] += g.members();
        });
        Object[] totals = new Object[headers.size()];
        totals[0] = messages.getMessage("reach.export.totals.households", new Object[]{sums[0]}, locale);
        totals[members] = sums[1];
        table.totals(totals);
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"reach-gap-" + (p.value().isEmpty() ? "all" : p.value())
                + "-" + c.year() + ".xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    @GetMapping("/reach/gap/people")
    String personGap(@RequestParam(required = false) Integer year, @RequestParam(required = false) String place,
                     @RequestParam(defaultValue = "0") int page, Model model) {
        Choice c = choose(year, place);
        common(model, c);
        c.place().ifPresent(p -> model.addAttribute("result", reach.personGap(p, c.year(), page, PAGE_SIZE)));
        return "reach/person-gap";
    }

    /** Exactly the people of the gap in reached households, as XLSX: the same protections as the household gap's export. */
    @GetMapping("/reach/gap/people.xlsx")
    void exportPeople(@RequestParam(required = false) Integer year, @RequestParam(required = false) String place,
                      HttpServletResponse response) throws IOException {
        Choice c = choose(year, place);
        RegionCode p = c.place().orElseThrow(() -> new org.counterpart.shared.InvalidInputException("place", "reach.place.none"));
        Locale locale = LocaleContextHolder.getLocale();
        List<String> headers = new java.util.ArrayList<>(List.of(msg("member.id", locale), msg("member.name", locale),
                msg("member.relation", locale), msg("household.no", locale)));
        XlsxTable.PLACE_LEVELS.forEach(level -> headers.add(msg("region.level." + level, locale)));
        headers.addAll(List.of(msg("household.village", locale), msg("household.year", locale)));
        XlsxTable table = new XlsxTable(msg("reach.personGap.title", locale), headers);
        head(table, "reach.personGap.title", p, c.year(), locale);
        long[] people = new long[1];
        java.util.Set<Long> households = new java.util.HashSet<>();
        reach.forEachPersonGap(p, c.year(), g -> {
            List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(Masking.idNumber(g.maskedId()), g.name().orElse(""), g.relation(), g.householdNo()));
            row.addAll(regions.namesByLevel(g.village()));
            row.addAll(List.of(g.village().value(), c.year()));
            table.row(row.toArray());
            people[0]++;
            households.add(g.householdId());
        });
        table.totals(messages.getMessage("reach.export.totals.people", new Object[]{people[0], households.size()}, locale));
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"reach-person-gap-" + (p.value().isEmpty() ? "all" : p.value())
                + "-" + c.year() + ".xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    @GetMapping("/reach/people/{personId}")
    String person(@PathVariable long personId, Model model) {
        Reach.PersonReach person = reach.person(personId);
        model.addAttribute("person", person);
        model.addAttribute("villageName", regions.fullName(person.latest().village()));
        model.addAttribute("householdLink", reach.namesVisible(person.latest().village()));
        return "reach/person";
    }

    /** Recounts the reach rows of a year from the links (after a bulk load); administrators only. */
    @PostMapping("/reach/rebuild")
    String rebuild(@RequestParam int year, @RequestParam(required = false) String place, RedirectAttributes redirect) {
        long started = System.nanoTime();
        reach.rebuild(year);
        redirect.addFlashAttribute("rebuiltMillis", (System.nanoTime() - started) / 1_000_000);
        redirect.addAttribute("year", year);
        if (place != null && !place.isBlank()) {
            redirect.addAttribute("place", place.strip());
        }
        return "redirect:/reach";
    }

    /** Title, filters and date at the head of a list's export. */
    private void head(XlsxTable table, String title, RegionCode place, int year, Locale locale) {
        String where = place.value().isEmpty() ? msg("reach.export.everywhere", locale) : regions.fullName(place);
        String named = place.value().isEmpty() ? where : String.join("", regions.path(place).stream().map(r -> r.name()).toList());
        table.title(messages.getMessage("reach.export.title", new Object[]{msg(title, locale), named, year}, locale));
        table.note(messages.getMessage("export.filter", new Object[]{msg("household.year", locale), String.valueOf(year)}, locale));
        table.note(messages.getMessage("export.filter", new Object[]{msg("place.label", locale), where}, locale));
        table.note(messages.getMessage("export.asOf", new Object[]{java.time.LocalDate.now().toString()}, locale));
    }

    private void common(Model model, Choice c) {
        model.addAttribute("year", c.year());
        model.addAttribute("years", c.years());
        model.addAttribute("place", c.place().orElse(null));
        model.addAttribute("placeText", c.place().map(RegionCode::value).orElse(""));
        model.addAttribute("placeName", c.place().map(regions::fullName).orElse(""));
        List<RegionCode> places = new java.util.ArrayList<>(reach.places(c.year()));
        c.place().filter(p -> !places.contains(p)).ifPresent(p -> places.add(0, p));
        model.addAttribute("places", places);
        model.addAttribute("kinds", Reach.KINDS);
    }

    private Choice choose(Integer year, String place) {
        List<Integer> years = reach.years();
        int y = year != null ? year : reach.defaultYear();
        Optional<RegionCode> p = placeNames.readOptional("place", place);
        return new Choice(y, p.isPresent() ? p : reach.defaultPlace(y), years);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
