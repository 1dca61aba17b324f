package org.counterpart.audit.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.audit.AuditLog;
import org.counterpart.shared.AuditKind;
import org.counterpart.shared.Formats;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The audit log as a history: newest first, filtered by who, which record and which days, in the
 * reader's language, with the result of verifying its chain; the export holds what the page filters.
 */
@Controller
class AuditController {

    private static final int PAGE_SIZE = 50;

    private final AuditLog log;
    private final MessageSource messages;
    private final Formats formats;

    AuditController(AuditLog log, MessageSource messages, Formats formats) {
        this.log = log;
        this.messages = messages;
        this.formats = formats;
    }

    /** The filter as the form sends it, and what was wrong with it. */
    private record Asked(AuditLog.Filter filter, List<String> problems) {
    }

    private Asked asked(String actor, String kind, String id, String from, String to) {
        List<String> problems = new ArrayList<>();
        Optional<AuditKind> k = text(kind).flatMap(s -> {
            Optional<AuditKind> known = log.readableKinds().stream().filter(c -> c.names(s)).findFirst();
            if (known.isEmpty()) {
                problems.add("audit.filter.unknownKind");
            }
            return known;
        });
        return new Asked(new AuditLog.Filter(text(actor), k, text(id), date(from, "audit.filter.from", problems), date(to, "audit.filter.to", problems)),
                problems);
    }

    private static Optional<String> text(String s) {
        return Optional.ofNullable(s).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Optional<LocalDate> date(String s, String field, List<String> problems) {
        try {
            return text(s).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            problems.add(field);
            return Optional.empty();
        }
    }

    @GetMapping("/audit")
    String list(@RequestParam(required = false) String actor, @RequestParam(required = false) String kind,
                @RequestParam(required = false) String id, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        Asked asked = asked(actor, kind, id, from, to);
        AuditLog.Filter f = asked.filter();
        int p = Math.max(0, page);
        AuditHistory history = new AuditHistory(log.vocabulary(), messages, locale);
        model.addAttribute("entries", history.read(log.recent(f, p * PAGE_SIZE, PAGE_SIZE)));
        long total = log.count(f);
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("kinds", log.readableKinds().stream()
                .map(k -> new KindOption(k.name(), history.kindLabel(Optional.of(k), k.name()))).toList());
        model.addAttribute("actor", f.actor().orElse(""));
        model.addAttribute("kind", f.kind().map(AuditKind::name).orElse(""));
        model.addAttribute("id", f.recordId().orElse(""));
        model.addAttribute("from", f.from().map(LocalDate::toString).orElse(""));
        model.addAttribute("to", f.to().map(LocalDate::toString).orElse(""));
        model.addAttribute("problems", asked.problems().stream().map(k -> messages.getMessage("audit.filter.refused",
                new Object[]{msg(k, locale)}, locale)).toList());
        model.addAttribute("verification", log.verify());
        return "audit/list";
    }

    /** A kind in the filter's list: its name and its label in the reader's language. */
    record KindOption(String name, String label) {
    }

    /**
     * The filtered entries as XLSX, newest first, as the page reads them; above them the filters applied,
     * below them the chain's head they end at, the checkpoint outside the database and the verification,
     * so the file itself witnesses the head.
     */
    @GetMapping("/audit/export")
    void export(@RequestParam(required = false) String actor, @RequestParam(required = false) String kind,
                @RequestParam(required = false) String id, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        Locale locale = LocaleContextHolder.getLocale();
        AuditLog.Filter f = asked(actor, kind, id, from, to).filter();
        AuditLog.Export export = log.export(f);
        AuditHistory history = new AuditHistory(log.vocabulary(), messages, locale);
        XlsxTable table = new XlsxTable(msg("audit.title", locale), List.of(msg("audit.seq", locale), msg("audit.at", locale),
                msg("audit.actor", locale), msg("audit.kind", locale), "ID", msg("audit.record", locale), msg("audit.action", locale),
                msg("audit.changes", locale)));
        table.title(msg("audit.title", locale));
        table.note(messages.getMessage("export.filter", new Object[]{msg("audit.export.filters", locale), filters(f, history, locale)}, locale));
        table.note(messages.getMessage("export.asOf", new Object[]{formats.dateTime(export.head().writtenAt())}, locale));
        List<AuditHistory.Line> lines = history.read(export.entries());
        for (AuditHistory.Line e : lines) {
            table.row(e.seq(), formats.dateTime(e.at()), e.actor(), e.kindLabel(), e.recordId(), e.record(), e.actionLabel(), e.changesText());
        }
        table.note(messages.getMessage("export.totals", new Object[]{lines.size()}, locale));
        AuditLog.Checkpoint head = export.head();
        AuditLog.Verification v = export.verification();
        table.row();
        table.row(msg("audit.export.filters", locale), filters(f, history, locale));
        table.row(msg("audit.export.head", locale), head.seq(), head.hash());
        v.checkpoint().ifPresentOrElse(
                c -> table.row(msg("audit.export.checkpoint", locale), c.seq(), c.hash(), formats.dateTime(c.writtenAt())),
                () -> table.row(msg("audit.export.checkpoint", locale), msg("audit.checkpoint.none", locale)));
        table.row(msg("audit.export.verification", locale), v.intact()
                ? messages.getMessage("audit.intact", new Object[]{v.entries()}, locale)
                : messages.getMessage("audit.broken." + v.breach().orElseThrow().name(), new Object[]{v.firstBrokenSeq().orElseThrow(),
                v.checkpoint().map(AuditLog.Checkpoint::seq).orElse(0L)}, locale));
        table.row(msg("audit.export.exported", locale), formats.dateTime(head.writtenAt()));

        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit.xlsx\"");
        table.writeTo(response.getOutputStream());
    }

    private String filters(AuditLog.Filter f, AuditHistory history, Locale locale) {
        List<String> parts = new ArrayList<>();
        f.actor().ifPresent(a -> parts.add(msg("audit.actor", locale) + " " + a));
        f.kind().ifPresent(k -> parts.add(msg("audit.kind", locale) + " " + history.kindLabel(Optional.of(k), k.name())));
        f.recordId().ifPresent(r -> parts.add("ID " + r));
        f.from().ifPresent(d -> parts.add(msg("audit.filter.from", locale) + " " + formats.date(d)));
        f.to().ifPresent(d -> parts.add(msg("audit.filter.to", locale) + " " + formats.date(d)));
        return parts.isEmpty() ? msg("audit.export.unfiltered", locale) : String.join("; ", parts);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
