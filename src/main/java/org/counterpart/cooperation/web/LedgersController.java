package org.counterpart.cooperation.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerField;
import org.counterpart.cooperation.LedgerCatalog;
import org.counterpart.cooperation.LedgerImport;
import org.counterpart.cooperation.LedgerImportJobs;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.Milestones;
import org.counterpart.cooperation.Party;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.identity.PlaceNames;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Jobs;
import org.counterpart.shared.Masking;
import org.counterpart.shared.Page;
import org.counterpart.shared.ProblemsXlsx;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger pages: an overview of all ledgers, then for each a filtered list with totals, the record
 * page (beneficiaries, milestones, documents, problems raised from it), the form, exports, the file
 * template and imports. One controller serves every ledger from its definition.
 */
@Controller
class LedgersController {

    private static final int PAGE_SIZE = 25;
    private static final int BENEFICIARY_PAGE = 50;

    private final Ledgers ledgers;
    private final LedgerImport imports;
    private final BeneficiaryLinks links;
    private final Milestones milestones;
    private final Regions regions;
    private final PlaceNames placeNames;
    private final LedgerView view;
    private final MessageSource messages;
    private final org.counterpart.cooperation.Institutions institutions;
    private final LedgerCatalog catalog;
    private final ProblemsXlsx problemsXlsx;
    private final LedgerImportJobs importJobs;

    LedgersController(org.counterpart.cooperation.Institutions institutions, Ledgers ledgers, LedgerImport imports, BeneficiaryLinks links, Milestones milestones, Regions regions,
                      PlaceNames placeNames, LedgerView view, MessageSource messages, LedgerCatalog catalog, ProblemsXlsx problemsXlsx,
                      LedgerImportJobs importJobs) {
        this.placeNames = placeNames;
        this.importJobs = importJobs;
        this.problemsXlsx = problemsXlsx;
        this.catalog = catalog;
        this.institutions = institutions;
        this.ledgers = ledgers;
        this.imports = imports;
        this.links = links;
        this.milestones = milestones;
        this.regions = regions;
        this.view = view;
        this.messages = messages;
    }

    @GetMapping("/ledgers")
    String index(@RequestParam(required = false) Integer year, Model model) {
        Map<Ledger, Ledgers.Totals> totals = new LinkedHashMap<>();
        Ledgers.Filter filter = new Ledgers.Filter(Optional.ofNullable(year), Optional.empty(), Optional.empty(), Map.of());
        for (Ledger l : catalog.all()) {
            totals.put(l, ledgers.totals(l, filter));
        }
        model.addAttribute("totals", totals);
        model.addAttribute("year", year);
        model.addAttribute("years", years());
        return "ledgers/index";
    }

    @GetMapping("/ledgers/{slug}")
    String list(@PathVariable String slug, @RequestParam Map<String, String> params, Model model) {
        Ledger ledger = ledger(slug);
        PlaceNames.Typed place = placeNames.typed("place", params.get("place"));
        Ledgers.Filter filter = filter(ledger, params, place.place());
        model.addAttribute("place", place);
        int page = params.getOrDefault("page", "").isBlank() ? 0 : parseInt(params.get("page"));
        Page<LedgerRecord> result = ledgers.search(ledger, filter, page, PAGE_SIZE);
        model.addAttribute("ledger", ledger);
        model.addAttribute("result", result);
        model.addAttribute("totals", ledgers.totals(ledger, filter));
        model.addAttribute("f", filter);
        model.addAttribute("query", query(params));
        model.addAttribute("years", years());
        model.addAttribute("canCreate", ledgers.canCreate());
        if (ledger.hasMilestones()) {
            model.addAttribute("progress", milestones.progress(result.items().stream().map(LedgerRecord::id).toList(), LocalDate.now()));
        }
        model.addAttribute("today", LocalDate.now());
        return "ledgers/list";
    }

    @GetMapping("/ledgers/{slug}/export.xlsx")
    void export(@PathVariable String slug, @RequestParam Map<String, String> params, HttpServletResponse response) throws IOException {
        Ledger ledger = ledger(slug);
        Locale locale = LocaleContextHolder.getLocale();
        Optional<RegionCode> place = placeNames.readOptional("place", params.get("place"));
        Ledgers.Filter filter = filter(ledger, params, place);
        List<String> headers = new ArrayList<>();
        Map<Integer, XlsxTable.Format> formats = new LinkedHashMap<>();
        headers.add(msg("ledger.number", locale));
        for (LedgerField<?> f : ledger.fields()) {
            String label = imports.label(ledger, f.name(), locale);
            if (f.type() == LedgerField.Type.MONEY) {
                formats.put(headers.size(), XlsxTable.Format.MONEY);
                label = label + msg("export.unit", locale, msg("unit.yuan", locale));
            } else if (f.type() == LedgerField.Type.COUNT) {
                formats.put(headers.size(), XlsxTable.Format.COUNT);
            }
            headers.add(label);
        }
        headers.add(msg("ledger.year", locale));
        int placeColumn = headers.size();
        for (String level : List.of("province", "city", "county", "town", "village")) {
            headers.add(msg("region.level." + level, locale));
        }
        if (ledger.reachesPeople()) {
            formats.put(headers.size(), XlsxTable.Format.COUNT);
            headers.add(msg("ledger.people", locale));
            formats.put(headers.size(), XlsxTable.Format.COUNT);
            headers.add(msg("ledger.households", locale));
        }
        XlsxTable table = new XlsxTable(msg(ledger.messageKey(), locale), headers);
        formats.forEach(table::format);
        table.title(msg(ledger.messageKey(), locale));
        for (String line : filterLines(ledger, filter, locale)) {
            table.note(line);
        }
        table.note(msg("export.moneyUnit", locale, msg("unit.yuan", locale)));
        table.note(msg("export.asOf", locale, LocalDate.now().toString()));
        for (LedgerRecord r : ledgers.matching(ledger, filter)) {
            List<Object> row = new ArrayList<>();
            row.add(r.id());
            for (LedgerField<?> f : ledger.fields()) {
                Object v = r.get(f.name());
                row.add(v instanceof BigDecimal || v instanceof Integer ? v : view.show(r, f));
            }
            row.add(r.year());
            row.addAll(regions.namesByLevel(r.place()));
            if (ledger.reachesPeople()) {
                row.add(r.peopleReached());
                row.add(r.householdsReached());
            }
            table.row(row.toArray());
        }
        Ledgers.Totals totals = ledgers.totals(ledger, filter);
        Object[] sums = new Object[headers.size()];
        sums[0] = msg("export.totals", locale, totals.records());
        int c = 1;
        for (LedgerField<?> f : ledger.fields()) {
            if (totals.money().containsKey(f.name())) {
                sums[c] = totals.money().get(f.name());
            } else if (totals.counts().containsKey(f.name())) {
                sums[c] = totals.counts().get(f.name());
            }
            c++;
        }
        if (ledger.reachesPeople()) {
            sums[placeColumn + 5] = totals.people();
            sums[placeColumn + 6] = totals.households();
            table.note(msg("export.reachedOnce", locale));
        }
        table.totals(sums);
        xlsx(response, ledger.slug() + ".xlsx");
        table.writeTo(response.getOutputStream());
    }

    /** The filters of a list in words, one line each, for the head of its export. */
    private List<String> filterLines(Ledger ledger, Ledgers.Filter filter, Locale locale) {
        List<String> lines = new ArrayList<>();
        filter.year().ifPresent(y -> lines.add(msg("export.filter", locale, msg("ledger.year", locale), String.valueOf(y))));
        filter.place().ifPresent(p -> lines.add(msg("export.filter", locale, msg("ledger.place", locale), regions.fullName(p))));
        filter.text().filter(t -> !t.isBlank()).ifPresent(t -> lines.add(msg("export.filter", locale, msg("export.text", locale), t)));
        filter.codes().forEach((field, code) -> ledger.field(field).ifPresent(f -> lines.add(msg("export.filter", locale,
                imports.label(ledger, field, locale), messages.getMessage(f.optionKey(code), null, code, locale)))));
        if (lines.isEmpty()) {
            lines.add(msg("export.noFilter", locale));
        }
        return lines;
    }

    /** An empty file in the ledger's own columns, with a second sheet saying what each column takes. */
    @GetMapping("/ledgers/{slug}/template.xlsx")
    void template(@PathVariable String slug, HttpServletResponse response) throws IOException {
        Ledger ledger = ledger(slug);
        Locale locale = LocaleContextHolder.getLocale();
        xlsx(response, ledger.slug() + "-template.xlsx");
        try (var workbook = new org.dhatim.fastexcel.Workbook(response.getOutputStream(), "Counterpart", "1.0")) {
            var sheet = workbook.newWorksheet(msg(ledger.messageKey(), locale));
            var notes = workbook.newWorksheet(msg("ledger.template.notes", locale));
            var lists = new org.counterpart.shared.XlsxLists(workbook, msg("template.lists", locale));
            notes.value(0, 0, msg("ledger.template.column", locale));
            notes.value(0, 1, msg("ledger.template.required", locale));
            notes.value(0, 2, msg("ledger.template.takes", locale));
            notes.style(0, 0).bold().set();
            notes.style(0, 1).bold().set();
            notes.style(0, 2).bold().set();
            int c = 0;
            for (var column : imports.columns(ledger)) {
                String header = locale.getLanguage().equals("en") ? column.englishAlias() : column.chineseHeader();
                sheet.value(0, c, header);
                sheet.style(0, c).bold().fillColor(column.required() ? "FCE8D5" : "E8EEF5").set();
                sheet.width(c, Math.max(12, header.length() * 2.2));
                notes.value(c + 1, 0, header);
                notes.value(c + 1, 1, msg(column.required() ? "common.yes" : "common.no", locale));
                notes.value(c + 1, 2, takes(ledger, column.key(), locale));
                Optional<LedgerField<?>> field = ledger.field(column.key());
                if (field.isPresent() && field.get().type() == LedgerField.Type.CODE) {
                    lists.offer(sheet, c, header, optionLabels(field.get(), locale), msg("template.choose", locale), msg("template.choose.error", locale));
                }
                c++;
            }
            notes.width(0, 24);
            notes.width(2, 90);
            sheet.freezePane(0, 1);
        }
    }

    private String takes(Ledger ledger, String column, Locale locale) {
        Optional<LedgerField<?>> f = ledger.field(column);
        if (f.isEmpty()) {
            return msg("ledger.takes." + column, locale);
        }
        String what = msg("ledger.takes." + f.get().type().name(), locale);
        if (f.get().type() == LedgerField.Type.CODE) {
            // in words, as the drop-down offers them and the import reads them
            what = what + " " + String.join("; ", optionLabels(f.get(), locale)) + " (" + msg("template.choose", locale) + ")";
        }
        if (f.get().max() > 0) {
            what = what + " (≤ " + f.get().max() + ")";
        }
        return what;
    }

    /** A code field's values in the caller's language, as the import reads them. */
    private List<String> optionLabels(LedgerField<?> field, Locale locale) {
        List<String> labels = new ArrayList<>();
        for (String o : field.options()) {
            labels.add(messages.getMessage(field.optionKey(o), null, o, locale));
        }
        return labels;
    }

    @GetMapping("/ledgers/{slug}/new")
    String createForm(@PathVariable String slug, @RequestParam(required = false) String source,
                      @RequestParam(required = false) Long sourceId, Model model) {
        Ledger ledger = ledger(slug);
        if (!ledgers.canCreate()) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        Map<String, String> values = new HashMap<>();
        // an institution's own side is chosen by name in the form; a region's is filled in
        ledgers.ownSide().flatMap(Party::region).ifPresent(r -> values.put(LedgerField.OWNER.name(), r.value()));
        values.put(LedgerField.YEAR.name(), String.valueOf(LocalDate.now().getYear()));
        if (ledger.shows(Ledger.Panel.SOURCE) && source != null && sourceId != null) {
            Ledger from = catalog.byCode(source).orElseThrow(() -> new NotFoundException(source));
            LedgerRecord origin = ledgers.get(from, sourceId);
            values.put(LedgerField.PLACE.name(), origin.place().value());
            ledger.dateField().ifPresent(d -> values.put(d.name(), LocalDate.now().toString()));
            model.addAttribute("source", origin);
        }
        model.addAttribute("values", values);
        return form(ledger, null, model);
    }

    @PostMapping("/ledgers/{slug}/new")
    String create(@PathVariable String slug, @RequestParam Map<String, String> params, Model model, RedirectAttributes redirect) {
        Ledger ledger = ledger(slug);
        Ledgers.Entry entry = entry(ledger, params);
        try {
            long id;
            if (ledger.shows(Ledger.Panel.SOURCE) && params.get("source") != null && !params.get("source").isBlank()) {
                Ledger from = catalog.byCode(params.get("source")).orElseThrow(() -> new NotFoundException(params.get("source")));
                id = ledgers.raiseProblem(from, parseLong(params.get("sourceId")), entry);
            } else {
                id = ledgers.create(ledger, entry);
            }
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ledgers/" + slug + "/" + id;
        } catch (InvalidInputException e) {
            return refused(ledger, null, params, List.of(e), model);
        }
    }

    /** The record page; its beneficiary search is posted, so an ID number typed there never stands in an address. */
    @org.springframework.web.bind.annotation.RequestMapping(value = "/ledgers/{slug}/{id}",
            method = {org.springframework.web.bind.annotation.RequestMethod.GET, org.springframework.web.bind.annotation.RequestMethod.POST})
    String record(@PathVariable String slug, @PathVariable long id, @RequestParam(defaultValue = "") String bq,
                  @RequestParam(defaultValue = "0") String bpage, Model model) {
        Ledger ledger = ledger(slug);
        LedgerRecord record = ledgers.get(ledger, id);
        model.addAttribute("ledger", ledger);
        model.addAttribute("r", record);
        model.addAttribute("canEdit", ledgers.canEdit(record));
        model.addAttribute("canCreate", ledgers.canCreate());
        model.addAttribute("today", LocalDate.now());
        if (ledger.reachesPeople()) {
            var shown = links.beneficiaries(ledger, id, bq, Math.max(0, parseInt(bpage)), BENEFICIARY_PAGE);
            model.addAttribute("beneficiaries", shown);
            model.addAttribute("bq", bq.strip());
            // paging links carry the search, unless it holds an ID number (which finds one person: nothing to page)
            model.addAttribute("bquery", bq.isBlank() || !Masking.idNumbersIn(bq).equals(bq) ? ""
                    : "bq=" + java.net.URLEncoder.encode(bq.strip(), java.nio.charset.StandardCharsets.UTF_8) + "&");
        }
        // the panels the ledger's definition asks for
        if (ledger.shows(Ledger.Panel.MILESTONES)) {
            model.addAttribute("milestones", milestones.of(id));
            model.addAttribute("statuses", Milestones.Status.values());
            model.addAttribute("progress", milestones.progress(id, LocalDate.now()));
        }
        if (ledger.shows(Ledger.Panel.PROJECTS)) {
            model.addAttribute("projects", ledgers.projectsOf(id));
        }
        if (ledger.shows(Ledger.Panel.PROBLEMS_RAISED)) {
            model.addAttribute("problems", ledgers.problemsOf(ledger, id));
        }
        if (ledger.shows(Ledger.Panel.SOURCE)) {
            ledgers.sourceOf(id).ifPresent(s -> model.addAttribute("source", s));
        }
        for (LedgerField<?> ref : ledger.fields(LedgerField.Type.AGREEMENT_REF)) {
            if (record.get(ref.name()) instanceof Long agreement && ledgers.readable(Ledger.AGREEMENT, agreement)) {
                model.addAttribute("agreement", ledgers.get(Ledger.AGREEMENT, agreement));
            }
        }
        model.addAttribute("documents", milestones.documents(ledger, id));
        return "ledgers/record";
    }

    @GetMapping("/ledgers/{slug}/{id}/edit")
    String editForm(@PathVariable String slug, @PathVariable long id, Model model) {
        Ledger ledger = ledger(slug);
        LedgerRecord record = ledgers.get(ledger, id);
        if (!ledgers.canEdit(record)) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        model.addAttribute("values", formValues(record));
        model.addAttribute("version", record.version());
        return form(ledger, record, model);
    }

    @PostMapping("/ledgers/{slug}/{id}/edit")
    String update(@PathVariable String slug, @PathVariable long id, @RequestParam Map<String, String> params, Model model,
                  RedirectAttributes redirect) {
        Ledger ledger = ledger(slug);
        LedgerRecord record = ledgers.get(ledger, id);
        try {
            if (!params.containsKey("version")) {
                throw new ConcurrentEditException(ledger.code() + " " + id); // an edit that does not say what it saw over
            }
            ledgers.update(ledger, id, entry(ledger, params));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ledgers/" + slug + "/" + id;
        } catch (InvalidInputException e) {
            return refused(ledger, record, params, List.of(e), model);
        } catch (ConcurrentEditException e) {
            LedgerRecord now = ledgers.get(ledger, id);
            model.addAttribute("conflict", true);
            model.addAttribute("values", formValues(now));
            model.addAttribute("version", now.version());
            return form(ledger, now, model);
        }
    }

    @PostMapping("/ledgers/{slug}/{id}/delete")
    String delete(@PathVariable String slug, @PathVariable long id, @RequestParam int version, RedirectAttributes redirect) {
        Ledger ledger = ledger(slug);
        try {
            ledgers.delete(ledger, id, version);
            redirect.addFlashAttribute("deleted", true);
            return "redirect:/ledgers/" + slug;
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("conflict", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e);
        }
        return "redirect:/ledgers/" + slug + "/" + id;
    }

    /** The people a measure reached, as the record page's search narrows them, ready for a report. */
    @org.springframework.web.bind.annotation.RequestMapping(value = "/ledgers/{slug}/{id}/beneficiaries.xlsx",
            method = {org.springframework.web.bind.annotation.RequestMethod.GET, org.springframework.web.bind.annotation.RequestMethod.POST})
    void beneficiariesExport(@PathVariable String slug, @PathVariable long id, @RequestParam(defaultValue = "") String bq,
                             HttpServletResponse response) throws IOException {
        Ledger ledger = ledger(slug);
        LedgerRecord record = ledgers.get(ledger, id);
        if (!ledger.reachesPeople()) {
            throw new NotFoundException(slug + " " + id + " beneficiaries");
        }
        Locale locale = LocaleContextHolder.getLocale();
        List<BeneficiaryLinks.Beneficiary> people = links.beneficiaries(ledger, id, bq);
        List<String> headers = new ArrayList<>(List.of(msg("household.no", locale), msg("member.name", locale), msg("ledger.idNumber", locale)));
        for (String level : List.of("province", "city", "county", "town", "village")) {
            headers.add(msg("region.level." + level, locale));
        }
        headers.add(msg("ledger.linkedHow", locale));
        headers.add(msg("export.standing", locale));
        XlsxTable table = new XlsxTable(msg("ledger.beneficiaries", locale), headers);
        table.title(msg("export.beneficiaries.title", locale, msg(ledger.messageKey(), locale), "#" + id + " " + record.title()));
        table.note(bq.isBlank() ? msg("export.noFilter", locale) : msg("export.filter", locale, msg("export.text", locale), bq.strip()));
        table.note(msg("export.asOf", locale, LocalDate.now().toString()));
        java.util.Set<Long> households = new java.util.HashSet<>();
        int registered = 0;
        for (BeneficiaryLinks.Beneficiary b : people) {
            BeneficiaryLinks.Link l = b.link();
            List<Object> row = new ArrayList<>(List.of(l.householdNo(), b.name(), l.maskedId()));
            row.addAll(regions.namesByLevel(new RegionCode(l.village())));
            row.add(msg(l.viaHousehold() ? "ledger.viaHousehold" : "ledger.viaPerson", locale));
            row.add(l.registered() ? msg("export.standing.registered", locale) : msg("ledger.link.standing." + l.standing().name(), locale, l.year()));
            table.row(row.toArray());
            if (l.registered()) {
                registered++;
                households.add(l.householdId());
            }
        }
        table.totals(msg("export.totals.people", locale, registered, households.size()));
        xlsx(response, ledger.slug() + "-" + id + "-beneficiaries.xlsx");
        table.writeTo(response.getOutputStream());
    }

    @PostMapping("/ledgers/{slug}/{id}/beneficiaries")
    String addBeneficiaries(@PathVariable String slug, @PathVariable long id, @RequestParam(defaultValue = "") String beneficiaries,
                            RedirectAttributes redirect) {
        Ledger ledger = ledger(slug);
        LedgerRecord record = ledgers.get(ledger, id);
        if (!ledgers.canEdit(record) || ledger.reach() != Ledger.Reach.PEOPLE_OR_HOUSEHOLDS) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        BeneficiaryLinks.Resolution r = links.resolve(record.year(), Optional.of(record.place()), "beneficiaries",
                BeneficiaryLinks.split(beneficiaries));
        links.add(ledger, id, record.year(), r.targets());
        redirect.addFlashAttribute("linked", r.targets().size());
        redirect.addFlashAttribute("linkRefusals", r.refused());
        return "redirect:/ledgers/" + slug + "/" + id + "#beneficiaries";
    }

    @PostMapping("/ledgers/{slug}/{id}/beneficiaries/{personId}/remove")
    String removeBeneficiary(@PathVariable String slug, @PathVariable long id, @PathVariable long personId, RedirectAttributes redirect) {
        Ledger ledger = ledger(slug);
        LedgerRecord record = ledgers.get(ledger, id);
        if (!ledgers.canEdit(record) || ledger.reach() != Ledger.Reach.PEOPLE_OR_HOUSEHOLDS) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        redirect.addFlashAttribute("unlinked", links.remove(ledger, id, personId));
        return "redirect:/ledgers/" + slug + "/" + id + "#beneficiaries";
    }

    @PostMapping("/ledgers/agreements/{id}/milestones")
    String addMilestone(@PathVariable long id, @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String due,
                        @RequestParam(required = false) String status, RedirectAttributes redirect) {
        try {
            milestones.add(id, title, due, status);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e);
        }
        return "redirect:/ledgers/agreements/" + id + "#milestones";
    }

    @PostMapping("/ledgers/agreements/{id}/milestones/{milestone}/status")
    String milestoneStatus(@PathVariable long id, @PathVariable long milestone, @RequestParam Milestones.Status status,
                           @RequestParam int version, RedirectAttributes redirect) {
        try {
            milestones.setStatus(id, milestone, status, version);
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("conflict", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e);
        }
        return "redirect:/ledgers/agreements/" + id + "#milestones";
    }

    @PostMapping("/ledgers/agreements/{id}/milestones/{milestone}/delete")
    String milestoneDelete(@PathVariable long id, @PathVariable long milestone, @RequestParam int version, RedirectAttributes redirect) {
        try {
            milestones.remove(id, milestone, version);
        } catch (ConcurrentEditException e) {
            redirect.addFlashAttribute("conflict", true);
        }
        return "redirect:/ledgers/agreements/" + id + "#milestones";
    }

    @PostMapping("/ledgers/{slug}/{id}/documents")
    String attach(@PathVariable String slug, @PathVariable long id, @RequestParam("file") MultipartFile document,
                  RedirectAttributes redirect) throws IOException {
        Ledger ledger = ledger(slug);
        try {
            milestones.attach(ledger, id, document.getOriginalFilename(), document.getInputStream());
            redirect.addFlashAttribute("attached", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e);
        }
        return "redirect:/ledgers/" + slug + "/" + id + "#documents";
    }

    @GetMapping("/ledgers/{slug}/{id}/documents/{document}")
    void download(@PathVariable String slug, @PathVariable long id, @PathVariable long document, HttpServletResponse response)
            throws IOException {
        var opened = milestones.open(ledger(slug), id, document);
        if (!Files.isReadable(opened.getValue())) {
            throw new NotFoundException("document file " + document);
        }
        response.setContentType("application/octet-stream");
        response.setHeader("Content-Disposition", org.springframework.http.ContentDisposition.attachment()
                .filename(opened.getKey().fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString());
        response.setContentLengthLong(opened.getKey().size());
        Files.copy(opened.getValue(), response.getOutputStream());
    }

    @GetMapping("/ledgers/{slug}/import")
    String importPage(@PathVariable String slug, Model model) {
        Ledger ledger = ledger(slug);
        if (!ledgers.canCreate()) {
            throw new org.springframework.security.access.AccessDeniedException("read only");
        }
        model.addAttribute("ledger", ledger);
        model.addAttribute("columns", imports.columns(ledger));
        model.addAttribute("runs", imports.recent(ledger, 10));
        return "ledgers/import";
    }

    @PostMapping("/ledgers/{slug}/import")
    String importFile(@PathVariable String slug, @RequestParam("file") MultipartFile file,
                      @RequestParam(defaultValue = "true") boolean dryRun, Model model) throws IOException {
        Ledger ledger = ledger(slug);
        if (file.isEmpty()) {
            model.addAttribute("ledger", ledger);
            model.addAttribute("columns", imports.columns(ledger));
            model.addAttribute("runs", imports.recent(ledger, 10));
            model.addAttribute("error", new InvalidInputException("file", "import.file.empty"));
            return "ledgers/import";
        }
        // the file is kept and the caller checked here; the run goes on in the background and its page follows it
        String job = importJobs.start(ledger, file.getOriginalFilename(), file.getInputStream(), dryRun);
        return "redirect:/ledgers/" + ledger.slug() + "/imports/jobs/" + job;
    }

    /** The page that follows a running import; once it is done the reader goes to the run. */
    @GetMapping("/ledgers/{slug}/imports/jobs/{job}")
    String importJob(@PathVariable String slug, @PathVariable String job, Model model) {
        Ledger ledger = ledger(slug);
        Jobs.View view = importJobs.view(job);
        if (view.finished() && view.outcomeId().isPresent()) {
            return "redirect:/ledgers/imports/" + view.outcomeId().get();
        }
        jobModel(ledger, view, model);
        return "ledgers/import-job";
    }

    /** The progress fragment htmx polls; when the job is done it sends the browser to the run. */
    @GetMapping(value = "/ledgers/{slug}/imports/jobs/{job}/progress", headers = "HX-Request")
    String importProgress(@PathVariable String slug, @PathVariable String job, Model model, HttpServletResponse response) {
        Ledger ledger = ledger(slug);
        Jobs.View view = importJobs.view(job);
        if (view.finished() && view.outcomeId().isPresent()) {
            response.setHeader("HX-Redirect", "/ledgers/imports/" + view.outcomeId().get());
        }
        jobModel(ledger, view, model);
        return "shared/job :: progress";
    }

    /** What the shared progress fragment reads: the job, where it polls, and where its outcome is. */
    private static void jobModel(Ledger ledger, Jobs.View view, Model model) {
        model.addAttribute("ledger", ledger);
        model.addAttribute("job", view);
        model.addAttribute("jobPoll", "/ledgers/" + ledger.slug() + "/imports/jobs/" + view.id() + "/progress");
        view.outcomeId().ifPresent(run -> model.addAttribute("jobOutcome", "/ledgers/imports/" + run));
    }

    @GetMapping("/ledgers/imports/{id}")
    String importResult(@PathVariable long id, Model model) {
        LedgerImport.Result result = imports.result(id);
        model.addAttribute("result", result);
        model.addAttribute("ledger", result.ledger());
        return "ledgers/import-result";
    }

    @PostMapping("/ledgers/imports/{id}/apply")
    String apply(@PathVariable long id, RedirectAttributes redirect) {
        try {
            String job = importJobs.startApply(id);
            return "redirect:/ledgers/" + imports.result(id).ledger().slug() + "/imports/jobs/" + job;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e);
            return "redirect:/ledgers/imports/" + id;
        }
    }

    /** Runs the kept file of a run that stopped before it was done (the server was stopped, or it failed) again. */
    @PostMapping("/ledgers/imports/{id}/again")
    String runAgain(@PathVariable long id, RedirectAttributes redirect) {
        try {
            String job = importJobs.startRunAgain(id);
            return "redirect:/ledgers/" + imports.result(id).ledger().slug() + "/imports/jobs/" + job;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("refusal", e);
            return "redirect:/ledgers/imports/" + id;
        }
    }

    @GetMapping("/ledgers/imports/{id}/problems.xlsx")
    void problems(@PathVariable long id, HttpServletResponse response) throws IOException {
        LedgerImport.Result result = imports.result(id);
        problemsXlsx.send(result.problems(), "ledger-import-" + result.id() + "-problems.xlsx", LocaleContextHolder.getLocale(), response);
    }

    private String form(Ledger ledger, LedgerRecord record, Model model) {
        model.addAttribute("ledger", ledger);
        model.addAttribute("r", record);
        model.addAttribute("fields", ledger.fields());
        if (!model.containsAttribute("version")) {
            model.addAttribute("version", 0);
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("institutionNames", institutions.matching(org.counterpart.cooperation.Institutions.Filter.none()).stream()
                .map(org.counterpart.cooperation.Institution::nameZh).toList());
        if (!ledger.fields(LedgerField.Type.AGREEMENT_REF).isEmpty()) {
            model.addAttribute("agreements", ledgers.matching(Ledger.AGREEMENT, Ledgers.Filter.none()));
        }
        return "ledgers/form";
    }

    private String refused(Ledger ledger, LedgerRecord record, Map<String, String> params, List<InvalidInputException> errors, Model model) {
        Map<String, String> byField = new LinkedHashMap<>();
        Locale locale = LocaleContextHolder.getLocale();
        for (InvalidInputException e : errors) {
            byField.putIfAbsent(e.field(), messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(), locale));
        }
        model.addAttribute("errors", byField);
        model.addAttribute("values", params);
        model.addAttribute("version", params.containsKey("version") ? parseInt(params.get("version")) : 0);
        if (params.get("source") != null && !params.get("source").isBlank()) {
            catalog.byCode(params.get("source")).ifPresent(from -> model.addAttribute("source", ledgers.get(from, parseLong(params.get("sourceId")))));
        }
        return form(ledger, record, model);
    }

    private Map<String, String> formValues(LedgerRecord record) {
        Map<String, String> values = new HashMap<>();
        for (LedgerField<?> f : record.ledger().fields()) {
            values.put(f.name(), view.formValue(record, f.name()));
        }
        values.put(LedgerField.YEAR.name(), String.valueOf(record.year()));
        values.put(LedgerField.PLACE.name(), record.place().value());
        return values;
    }

    private Ledgers.Entry entry(Ledger ledger, Map<String, String> params) {
        Map<String, String> fields = new HashMap<>();
        for (LedgerField<?> f : ledger.fields()) {
            fields.put(f.name(), params.get(f.name()));
        }
        fields.put(LedgerImport.WORKER, params.get(LedgerImport.WORKER));
        List<String> beneficiaries = ledger.reach() == Ledger.Reach.PEOPLE_OR_HOUSEHOLDS
                ? BeneficiaryLinks.split(params.get(LedgerImport.BENEFICIARIES)) : List.of();
        return new Ledgers.Entry(fields, beneficiaries, params.containsKey("version") ? parseInt(params.get("version")) : 0);
    }

    /** The list's filters from request parameters: year, place, text and the ledger's code fields; the API reads them alike. */
    static Ledgers.Filter filter(Ledger ledger, Map<String, String> params, Optional<RegionCode> place) {
        Optional<Integer> year = Optional.ofNullable(params.get("year")).filter(s -> !s.isBlank()).map(LedgersController::parseInt);
        Map<String, String> codes = new HashMap<>();
        for (LedgerField<?> f : ledger.fields()) {
            String v = params.get(f.name());
            if (f.type() == LedgerField.Type.CODE && v != null && !v.isBlank()) {
                codes.put(f.name(), v);
            }
        }
        return new Ledgers.Filter(year, place, Optional.ofNullable(params.get("q")), codes);
    }

    /** The list's filters as a query string without the page, for paging and export links. */
    private static String query(Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> {
            if (!k.equals("page") && v != null && !v.isBlank() && k.matches("[a-z_]+")) {
                q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    private List<Integer> years() {
        int now = LocalDate.now().getYear();
        List<Integer> years = new ArrayList<>();
        for (int y = now; y >= 2016; y--) {
            years.add(y);
        }
        return years;
    }

    private Ledger ledger(String slug) {
        return catalog.require(slug);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("page", "import.number.invalid");
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s == null ? "" : s.strip());
        } catch (NumberFormatException e) {
            throw new NotFoundException("record " + s);
        }
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    private static void xlsx(HttpServletResponse response, String name) {
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }
}
