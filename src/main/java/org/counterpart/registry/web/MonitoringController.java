package org.counterpart.registry.web;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.registry.CodeTables;
import org.counterpart.registry.Households;
import org.counterpart.registry.Monitoring;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Page;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Monitoring against return to poverty: the flags of a year with their reasons, the recomputation,
 * and the rules page where administrators set the thresholds.
 *
 * <p>A year nobody has evaluated yet is evaluated when its page is first opened (the statements are
 * set-based and the result does not depend on who asks), so the page never shows an empty list that
 * only means "not computed". Later changes to the registry or the rules need the recompute button,
 * and the page says when the rules changed after the last run.
 */
@Controller
class MonitoringController {

    static final int PAGE_SIZE = 50;
    private static final int EXPORT_PAGE = 2_000;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** One line of the list: the flag and its reason in the reader's language. */
    record FlagView(Monitoring.Flag flag, String reason) {
    }

    private final Monitoring monitoring;
    private final Households households;
    private final CodeTables codes;
    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final MessageSource messages;

    MonitoringController(Monitoring monitoring, Households households, CodeTables codes, Regions regions, org.counterpart.identity.PlaceNames placeNames, MessageSource messages) {
        this.monitoring = monitoring;
        this.households = households;
        this.codes = codes;
        this.regions = regions;
        this.placeNames = placeNames;
        this.messages = messages;
    }

    @GetMapping("/registry/monitoring")
    String list(@RequestParam(required = false) Integer year, @RequestParam(required = false) String region,
                @RequestParam(required = false) String category, @RequestParam(required = false) String rule,
                @RequestParam(defaultValue = "0") int page, Model model) {
        List<Integer> years = households.years();
        int y = year != null ? year : households.defaultYear();
        org.counterpart.identity.PlaceNames.Typed place = placeNames.typed("region", region);
        model.addAttribute("regionTyped", place);
        Optional<RegionCode> rc = place.place();
        if (rc.isEmpty() && (region == null || region.isBlank()) && households.counts(y).households() == 0) {
            // the helping side holds no registry: it starts from the places its pairings grant, as counts
            rc = monitoring.aggregatePlaces().stream().findFirst();
        }
        Monitoring.Filter filter = new Monitoring.Filter(y, rc, blank(category), blank(rule));
        Optional<Monitoring.Run> run = years.contains(y) ? Optional.of(monitoring.ensureComputed(y)) : monitoring.run(y);
        Locale locale = LocaleContextHolder.getLocale();
        Page<Monitoring.Flag> flags = monitoring.flags(filter, page, PAGE_SIZE);
        model.addAttribute("result", flags);
        model.addAttribute("rows", flags.items().stream().map(f -> new FlagView(f, reason(f, locale))).toList());
        model.addAttribute("summary", monitoring.summary(filter));
        model.addAttribute("run", run.orElse(null));
        model.addAttribute("years", years);
        model.addAttribute("f", filter);
        model.addAttribute("regionText", rc.map(RegionCode::value).orElse(""));
        model.addAttribute("regionName", rc.map(regions::fullName).orElse(""));
        model.addAttribute("categories", codes.items(CodeTables.MONITORING_CATEGORY));
        model.addAttribute("ruleCodes", monitoring.ruleCodes());
        model.addAttribute("canRecompute", canRecompute());
        return "registry/monitoring";
    }

    /**
     * Exactly the filtered flags, every one of them, as XLSX ready for a report: title, the filters in words,
     * the date, places in columns and a totals row (flags and households). Names as the page shows them;
     * an ID number a reason might quote is masked.
     */
    @GetMapping("/registry/monitoring/export.xlsx")
    void export(@RequestParam(required = false) Integer year, @RequestParam(required = false) String region,
                @RequestParam(required = false) String category, @RequestParam(required = false) String rule,
                jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        List<Integer> years = households.years();
        int y = year != null ? year : households.defaultYear();
        Optional<RegionCode> rc = placeNames.readOptional("region", region);
        Monitoring.Filter filter = new Monitoring.Filter(y, rc, blank(category), blank(rule));
        if (years.contains(y)) {
            monitoring.ensureComputed(y);
        }
        Locale locale = LocaleContextHolder.getLocale();
        List<String> headers = new java.util.ArrayList<>(List.of(msg("household.no", locale)));
        for (String level : XlsxTable.PLACE_LEVELS) {
            headers.add(msg("region.level." + level, locale));
        }
        headers.addAll(List.of(msg("household.head", locale), msg("household.status", locale), msg("monitoring.category", locale),
                msg("monitoring.rule", locale), msg("monitoring.reason", locale), msg("household.year", locale)));
        XlsxTable table = new XlsxTable(msg("monitoring.sheet", locale), headers);
        table.title(msg("monitoring.export.title", locale, y));
        table.note(msg("export.filter", locale, msg("household.year", locale), String.valueOf(y)));
        rc.ifPresent(p -> table.note(msg("export.filter", locale, msg("place.label", locale), regions.fullName(p))));
        filter.category().ifPresent(c -> table.note(msg("export.filter", locale, msg("monitoring.category", locale),
                codes.label(CodeTables.MONITORING_CATEGORY, c, locale))));
        filter.rule().ifPresent(r -> table.note(msg("export.filter", locale, msg("monitoring.rule", locale), msg("monitoring.rule." + r, locale))));
        table.note(msg("export.asOf", locale, java.time.LocalDate.now().toString()));
        monitoring.run(y).ifPresent(run -> table.note(msg("monitoring.export.computed", locale,
                java.time.LocalDateTime.ofInstant(run.computedAt(), java.time.ZoneId.systemDefault()).withNano(0).toString().replace('T', ' '))));
        java.util.Set<Long> flagged = new java.util.HashSet<>();
        long count = 0;
        for (int page = 0; ; page++) {
            Page<Monitoring.Flag> flags = monitoring.flags(filter, page, EXPORT_PAGE);
            for (Monitoring.Flag f : flags.items()) {
                List<Object> row = new java.util.ArrayList<>();
                row.add(f.householdNo());
                row.addAll(regions.namesByLevel(f.village()));
                row.addAll(java.util.Arrays.asList(f.headName(), codes.label(CodeTables.STATUS, f.status(), locale),
                        codes.label(CodeTables.MONITORING_CATEGORY, f.category(), locale), msg("monitoring.rule." + f.ruleCode(), locale),
                        org.counterpart.shared.Masking.idNumbersIn(reason(f, locale)), f.year()));
                table.row(row.toArray());
                flagged.add(f.householdId());
                count++;
            }
            if (!flags.hasNext()) {
                break;
            }
        }
        table.totals(msg("monitoring.export.totals", locale, count, flagged.size()));
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"monitoring-" + y + ".xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    @PostMapping("/registry/monitoring/recompute")
    String recompute(@RequestParam int year, RedirectAttributes redirect) {
        if (!canRecompute()) {
            throw new AccessDeniedException("recomputing monitoring is for coordinators and administrators");
        }
        Monitoring.Run run = monitoring.recompute(year);
        redirect.addFlashAttribute("recomputed", run);
        return "redirect:/registry/monitoring?year=" + year;
    }

    @GetMapping("/registry/monitoring/rules")
    String rules(Model model) {
        model.addAttribute("rules", monitoring.rules());
        return "registry/monitoring-rules";
    }

    @PostMapping("/registry/monitoring/rules")
    String updateRule(@RequestParam String code, @RequestParam(defaultValue = "false") boolean enabled,
                      @RequestParam(required = false) String threshold, Model model, RedirectAttributes redirect) {
        if (!CurrentUser.require().is(Role.ADMINISTRATOR)) {
            throw new AccessDeniedException("monitoring rules are for administrators"); // before any validation message
        }
        try {
            monitoring.updateRule(code, enabled, parse(threshold));
            redirect.addFlashAttribute("saved", code);
            return "redirect:/registry/monitoring/rules";
        } catch (InvalidInputException e) {
            model.addAttribute("error", e);
            model.addAttribute("errorCode", code);
            model.addAttribute("typed", threshold);
            return rules(model);
        }
    }

    private static Optional<BigDecimal> parse(String text) {
        Optional<String> typed = blank(text);
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(typed.get()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("threshold", "monitoring.threshold.notNumber", typed.get());
        }
    }

    /** The reason in the reader's language; numbers stored as text become numbers so the message formats them. */
    private String reason(Monitoring.Flag flag, Locale locale) {
        Object[] args = flag.arguments().stream()
                .map(a -> NUMBER.matcher(a).matches() ? (a.contains(".") ? (Object) new BigDecimal(a) : (Object) Long.valueOf(a)) : a)
                .toArray();
        return messages.getMessage(flag.messageKey(), args, flag.messageKey() + " " + flag.arguments(), locale);
    }

    private static boolean canRecompute() {
        return CurrentUser.get().map(me -> me.is(Role.ADMINISTRATOR, Role.COORDINATOR) && me.scope().region().isPresent()).orElse(false);
    }

    private static Optional<String> blank(String s) {
        return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty());
    }
}
