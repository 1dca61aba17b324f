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
        XlsxTable table = new XlsxTable(msg("reach.gap.title", locale), List.of(
                msg("household.no", locale), msg("household.village", locale), msg("household.villageName", locale),
                msg("household.members", locale), msg("household.status", locale), msg("reach.headId", locale),
                msg("household.head", locale), msg("household.year", locale)));
        reach.forEachGap(p, c.year(), g -> table.row(g.householdNo(), g.village().value(), regions.fullName(g.village()), g.members(),
                codes.label(CodeTables.STATUS, g.status(), locale), Masking.idNumber(g.headMaskedId()), g.headName().orElse(""), c.year()));
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
        XlsxTable table = new XlsxTable(msg("reach.personGap.title", locale), List.of(
                msg("member.id", locale), msg("member.name", locale), msg("member.relation", locale), msg("household.no", locale),
                msg("household.village", locale), msg("household.villageName", locale), msg("household.year", locale)));
        reach.forEachPersonGap(p, c.year(), g -> table.row(Masking.idNumber(g.maskedId()), g.name().orElse(""), g.relation(),
                g.householdNo(), g.village().value(), regions.fullName(g.village()), c.year()));
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
