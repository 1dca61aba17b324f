package org.counterpart.insight;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.counterpart.shared.Formats;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.XlsxTable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dispatch report as a workbook (a formatted sheet per section) and as a PDF that reads as an official
 * document: title, date, page numbers, tables, with Noto Sans SC embedded so that it prints the same on
 * any office PC. Both are written from the same {@link Dispatch} as the page.
 */
@Component
public class DispatchDocuments {

    private static final String FONT = "/pdf/fonts/ttf/NotoSansSC/NotoSansSC-";

    private final TemplateEngine templates;
    private final MessageSource messages;
    private final Formats fmt;
    private final ApplicationContext context;

    DispatchDocuments(TemplateEngine templates, MessageSource messages, Formats fmt, ApplicationContext context) {
        this.templates = templates;
        this.messages = messages;
        this.fmt = fmt;
        this.context = context;
    }

    /** The document title, named for the plan's two cities: 大连市·六盘水市东西部扶贫协作工作月调度（2018年9月）. */
    public String title(Dispatch d, Locale locale) {
        return msg(locale, "dispatch.documentTitle", d.helpingName(), d.helpedName(), d.month().label(locale));
    }

    public void xlsx(Dispatch d, Locale locale, OutputStream out) {
        withLocale(locale, () -> {
            String asOf = msg(locale, "dispatch.asOf", fmt.date(d.asOf()));
            List<XlsxTable> sheets = new ArrayList<>();
            XlsxTable tasks = new XlsxTable(msg(locale, "dispatch.sheet.tasks"), List.of(msg(locale, "dispatch.col.seq"),
                    msg(locale, "dispatch.col.task"), msg(locale, "dispatch.col.category"), msg(locale, "dispatch.col.owner"),
                    msg(locale, "dispatch.col.indicator"), msg(locale, "dispatch.col.unit"), msg(locale, "dispatch.col.target"),
                    msg(locale, "dispatch.col.month"), msg(locale, "dispatch.col.toDate"), msg(locale, "dispatch.col.done"),
                    msg(locale, "dispatch.col.elapsed"), msg(locale, "dispatch.col.standing"), msg(locale, "dispatch.col.trend")))
                    .title(title(d, locale)).note(d.plan().title() + " · " + d.list().title()).note(asOf)
                    .note(msg(locale, "dispatch.xlsx.units"))
                    .format(6, XlsxTable.Format.MONEY).format(7, XlsxTable.Format.MONEY).format(8, XlsxTable.Format.MONEY)
                    .format(9, XlsxTable.Format.PERCENT).format(10, XlsxTable.Format.PERCENT);
            for (Dispatch.TaskLine t : d.tasks()) {
                tasks.row(t.seq(), t.task(), msg(locale, t.category().messageKey()), t.owner(), t.indicator(), unitInSheet(t.unit(), locale),
                        inSheet(t.target(), t.unit()), inSheet(t.monthValue(), t.unit()), inSheet(t.toDate(), t.unit()), t.percentDone(),
                        t.percentElapsed(), msg(locale, "dispatch.standing." + t.standing().name()),
                        String.join(" / ", t.trend().stream().map(v -> fmt.measure(v, t.unit())).toList()));
            }
            sheets.add(tasks);
            XlsxTable units = new XlsxTable(msg(locale, "dispatch.sheet.units"), List.of(msg(locale, "dispatch.col.owner"),
                    msg(locale, "dispatch.col.targets"), msg(locale, "dispatch.col.doneTargets"), msg(locale, "dispatch.col.behindTargets")))
                    .title(msg(locale, "dispatch.section.units")).note(asOf)
                    .format(1, XlsxTable.Format.COUNT).format(2, XlsxTable.Format.COUNT).format(3, XlsxTable.Format.COUNT);
            d.units().forEach(u -> units.row(u.owner(), u.targets(), u.done(), u.behind()));
            sheets.add(units);
            XlsxTable reports = new XlsxTable(msg(locale, "dispatch.sheet.reports"), List.of(msg(locale, "dispatch.col.owner"),
                    msg(locale, "dispatch.col.reportState"), msg(locale, "dispatch.col.late"), msg(locale, "dispatch.col.reason")))
                    .title(msg(locale, "dispatch.section.reports")).note(d.month().label(locale));
            d.reports().forEach(r -> reports.row(r.owner(), msg(locale, "dispatch.report." + r.state().name()), r.late() ? msg(locale, "dispatch.yes") : "", r.reason().orElse("")));
            sheets.add(reports);
            XlsxTable changed = new XlsxTable(msg(locale, "dispatch.sheet.changed"), List.of(msg(locale, "dispatch.col.owner"),
                    msg(locale, "dispatch.col.seq"), msg(locale, "dispatch.col.task"), msg(locale, "dispatch.col.unit"),
                    msg(locale, "dispatch.col.approved"), msg(locale, "dispatch.col.now"), msg(locale, "dispatch.col.records")))
                    .title(msg(locale, "dispatch.section.changed")).note(d.month().label(locale))
                    .format(4, XlsxTable.Format.MONEY).format(5, XlsxTable.Format.MONEY).format(6, XlsxTable.Format.COUNT);
            d.changed().forEach(c -> changed.row(c.owner(), c.seq(), c.task(), unitInSheet(c.unit(), locale), inSheet(c.approved(), c.unit()),
                    inSheet(c.now(), c.unit()), c.records()));
            sheets.add(changed);
            var p = d.problems();
            XlsxTable problems = new XlsxTable(msg(locale, "dispatch.sheet.problems"), List.of(msg(locale, "dispatch.col.figure"),
                    msg(locale, "dispatch.col.count")))
                    .title(msg(locale, "dispatch.section.problems")).note(asOf).format(1, XlsxTable.Format.COUNT)
                    .row(msg(locale, "dispatch.problems.openedInMonth"), p.openedInMonth())
                    .row(msg(locale, "dispatch.problems.solvedInMonth"), p.solvedInMonth())
                    .row(msg(locale, "dispatch.problems.openedToDate"), p.openedToDate())
                    .row(msg(locale, "dispatch.problems.solvedToDate"), p.solvedToDate())
                    .row(msg(locale, "dispatch.problems.open"), p.open())
                    .row(msg(locale, "dispatch.problems.overdue"), p.overdue());
            sheets.add(problems);
            XlsxTable agreements = new XlsxTable(msg(locale, "dispatch.sheet.agreements"), List.of(msg(locale, "dispatch.col.agreement"),
                    msg(locale, "dispatch.col.milestones"), msg(locale, "dispatch.col.milestonesDone"), msg(locale, "dispatch.col.overdue"),
                    msg(locale, "dispatch.col.overdueMilestones")))
                    .title(msg(locale, "dispatch.section.agreements")).note(asOf)
                    .format(1, XlsxTable.Format.COUNT).format(2, XlsxTable.Format.COUNT).format(3, XlsxTable.Format.COUNT);
            d.agreements().forEach(a -> agreements.row(a.title(), a.milestones(), a.done(), a.overdue(), String.join("；", a.overdueTitles())));
            sheets.add(agreements);
            XlsxTable.writeSheets(out, sheets);
        });
    }

    public void pdf(Dispatch d, Locale locale, LocalDate generatedOn, OutputStream out) {
        withLocale(locale, () -> {
            Context ctx = new Context(locale);
            ctx.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
                    new ThymeleafEvaluationContext(context, null));
            ctx.setVariable("d", d);
            ctx.setVariable("fmt", fmt);
            ctx.setVariable("documentTitle", title(d, locale));
            ctx.setVariable("generatedOn", generatedOn);
            String html = templates.process("dispatch/document", ctx);
            try {
                PdfRendererBuilder builder = new PdfRendererBuilder();
                builder.useFastMode();
                builder.useFont(() -> DispatchDocuments.class.getResourceAsStream(FONT + "Regular.ttf"), "Noto Sans SC", 400,
                        PdfRendererBuilder.FontStyle.NORMAL, true);
                builder.useFont(() -> DispatchDocuments.class.getResourceAsStream(FONT + "Bold.ttf"), "Noto Sans SC", 700,
                        PdfRendererBuilder.FontStyle.NORMAL, true);
                builder.withHtmlContent(html, null);
                java.io.ByteArrayOutputStream rendered = new java.io.ByteArrayOutputStream();
                builder.toStream(rendered);
                builder.run();
                out.write(PdfText.repaired(rendered.toByteArray()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Money in the workbook in 万元 as on the page, other units as they are. */
    private static Object inSheet(BigDecimal value, MetricUnit unit) {
        return value == null ? null : unit == MetricUnit.YUAN ? org.counterpart.shared.Money.wan(value) : value;
    }

    private String unitInSheet(MetricUnit unit, Locale locale) {
        return withLocaleValue(locale, () -> fmt.unitOf(unit));
    }

    private String msg(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    private static void withLocale(Locale locale, Runnable work) {
        withLocaleValue(locale, () -> {
            work.run();
            return null;
        });
    }

    private static <T> T withLocaleValue(Locale locale, java.util.function.Supplier<T> work) {
        Locale before = LocaleContextHolder.getLocale();
        LocaleContextHolder.setLocale(locale);
        try {
            return work.get();
        } finally {
            LocaleContextHolder.setLocale(before);
        }
    }
}
