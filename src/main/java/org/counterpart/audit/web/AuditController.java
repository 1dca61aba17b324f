package org.counterpart.audit.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.audit.AuditEntry;
import org.counterpart.audit.AuditLog;
import org.counterpart.shared.Formats;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The audit log, newest first, with the result of verifying its chain. */
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

    @GetMapping("/audit")
    String list(@RequestParam(required = false) String kind, @RequestParam(required = false) String id,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Optional<String> k = Optional.ofNullable(kind).filter(s -> !s.isBlank());
        Optional<String> r = Optional.ofNullable(id).filter(s -> !s.isBlank());
        int p = Math.max(0, page);
        model.addAttribute("entries", log.recent(k, r, p * PAGE_SIZE, PAGE_SIZE));
        long total = log.count(k, r);
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("kind", k.orElse(""));
        model.addAttribute("id", r.orElse(""));
        model.addAttribute("verification", log.verify());
        return "audit/list";
    }

    /**
     * The filtered entries as XLSX, newest first; below them the chain's head they end at, the
     * checkpoint outside the database and the verification, so the file itself witnesses the head.
     */
    @GetMapping("/audit/export")
    void export(@RequestParam(required = false) String kind, @RequestParam(required = false) String id,
                HttpServletResponse response) throws IOException {
        Locale locale = LocaleContextHolder.getLocale();
        AuditLog.Export export = log.export(Optional.ofNullable(kind).filter(s -> !s.isBlank()), Optional.ofNullable(id).filter(s -> !s.isBlank()));
        XlsxTable table = new XlsxTable(msg("audit.title", locale), List.of(msg("audit.seq", locale), msg("audit.at", locale),
                msg("audit.actor", locale), msg("audit.record", locale), "ID", msg("audit.action", locale), msg("audit.changes", locale)));
        for (AuditEntry e : export.entries()) {
            StringBuilder changes = new StringBuilder();
            for (String f : e.changedFields()) {
                changes.append(changes.isEmpty() ? "" : "; ").append(f).append(": ")
                        .append(e.before().get(f) == null ? "" : e.before().get(f) + " → ").append(e.after().get(f));
            }
            table.row(e.seq(), formats.dateTime(e.at()), e.actor(), e.kind(), e.recordId(), e.action(), changes.toString());
        }
        AuditLog.Checkpoint head = export.head();
        AuditLog.Verification v = export.verification();
        table.row();
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

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
