package org.counterpart.registry.web;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.registry.Duplicates;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Masking;
import org.counterpart.shared.XlsxTable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Optional;

/** Likely duplicates (疑似重复): pairs of persons with both households linked, confirmed or dismissed by a reviewer. */
@Controller
class DuplicatesController {

    static final int PAGE_SIZE = 50;

    private final Duplicates duplicates;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final org.springframework.context.MessageSource messages;

    DuplicatesController(Duplicates duplicates, Regions regions, org.counterpart.identity.PlaceNames placeNames,
                         org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.duplicates = duplicates;
        this.regions = regions;
        this.placeNames = placeNames;
    }

    @GetMapping("/registry/duplicates")
    String page(@RequestParam(required = false) String decision, @RequestParam(required = false) String region,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Optional<Duplicates.Decision> shown = decision(decision);
        org.counterpart.identity.PlaceNames.Typed place = placeNames.typed("region", region);
        model.addAttribute("regionTyped", place);
        Optional<RegionCode> within = place.place();
        model.addAttribute("decision", shown.map(Enum::name).orElse(""));
        model.addAttribute("regionText", within.map(RegionCode::value).orElse(""));
        model.addAttribute("result", duplicates.pairs(shown, within, page, PAGE_SIZE));
        model.addAttribute("canDecide", duplicates.canDecide());
        return "registry/duplicates";
    }

    /**
     * Exactly the listed pairs, every one of them, as XLSX ready for a report: title, the filters in words,
     * the date, the first person's place in columns, ID numbers masked as the page shows them, and the
     * number of pairs as the totals row.
     */
    @GetMapping("/registry/duplicates/export.xlsx")
    void export(@RequestParam(required = false) String decision, @RequestParam(required = false) String region,
                jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        Optional<Duplicates.Decision> shown = decision(decision);
        Optional<RegionCode> within = placeNames.readOptional("region", region);
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        java.util.List<String> headers = new java.util.ArrayList<>(java.util.List.of(msg("member.name", locale),
                msg("duplicates.export.firstId", locale), msg("duplicates.export.firstHouseholds", locale)));
        for (String level : XlsxTable.PLACE_LEVELS) {
            headers.add(msg("region.level." + level, locale));
        }
        headers.addAll(java.util.List.of(msg("duplicates.export.secondId", locale), msg("duplicates.export.secondHouseholds", locale),
                msg("duplicates.reasons", locale), msg("duplicates.decision", locale), msg("duplicates.export.decidedBy", locale),
                msg("duplicates.export.decidedAt", locale), msg("duplicates.note", locale)));
        XlsxTable table = new XlsxTable(msg("duplicates.title", locale), headers);
        table.title(msg("duplicates.title", locale));
        table.note(msg("export.filter", locale, msg("duplicates.shown", locale),
                shown.map(d -> msg("duplicates.decision." + d.name(), locale)).orElse(msg("duplicates.undecided", locale))));
        within.ifPresent(p -> table.note(msg("export.filter", locale, msg("place.label", locale), regions.fullName(p))));
        table.note(msg("export.asOf", locale, java.time.LocalDate.now().toString()));
        table.note(msg("duplicates.export.placeNote", locale));
        var pairs = duplicates.pairs(shown, within, 0, Integer.MAX_VALUE).items();
        for (Duplicates.Pair p : pairs) {
            java.util.List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(p.a().name(), Masking.idNumber(p.a().idMasked()),
                    households(p.a())));
            row.addAll(p.a().households().isEmpty() ? java.util.Collections.nCopies(5, "") : regions.namesByLevel(p.a().households().get(0).village()));
            row.addAll(java.util.List.of(Masking.idNumber(p.b().idMasked()), households(p.b()),
                    String.join("；", p.reasons().stream().map(r -> msg("duplicates.reason." + r.name(), locale)).toList())));
            p.decided().ifPresentOrElse(d -> row.addAll(java.util.Arrays.asList(msg("duplicates.decision." + d.decision().name(), locale), d.decidedBy(),
                            java.time.LocalDateTime.ofInstant(d.decidedAt(), java.time.ZoneId.systemDefault()).withNano(0).toString().replace('T', ' '),
                            d.note())),
                    () -> row.addAll(java.util.List.of(msg("duplicates.undecided", locale), "", "", "")));
            table.row(row.toArray());
        }
        table.totals(msg("duplicates.export.totals", locale, pairs.size()));
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"duplicates.xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    /** A side's households as the page lists them: number and village. */
    private String households(Duplicates.Person person) {
        return String.join("；", person.households().stream().map(h -> h.householdNo() + " " + regions.name(h.village())).toList());
    }

    private String msg(String key, java.util.Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    @PostMapping("/registry/duplicates/decide")
    String decide(@RequestParam long a, @RequestParam long b, @RequestParam(required = false) String decision,
                  @RequestParam(required = false) String note, @RequestParam(required = false) Integer version,
                  @RequestParam(required = false) String back, RedirectAttributes redirect) {
        try {
            duplicates.decide(a, b, decision(decision).orElse(null), note, Optional.ofNullable(version));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("decideError", e.messageKey());
            redirect.addFlashAttribute("decidePair", a + "/" + b);
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("conflict", true);
            redirect.addFlashAttribute("decidePair", a + "/" + b);
        }
        return "redirect:" + safeBack(back);
    }

    private static Optional<Duplicates.Decision> decision(String text) {
        return Optional.ofNullable(text).filter(t -> t.matches("CONFIRMED_DUPLICATE|DISMISSED")).map(Duplicates.Decision::valueOf);
    }

    private static String safeBack(String back) {
        if (back == null || !back.startsWith("/registry/duplicates") || back.startsWith("//")) {
            return "/registry/duplicates";
        }
        return UriComponentsBuilder.fromUriString(back).build().toUriString();
    }
}
