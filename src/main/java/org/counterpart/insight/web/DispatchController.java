package org.counterpart.insight.web;

import jakarta.servlet.http.HttpServletResponse;
import org.counterpart.insight.Dispatch;
import org.counterpart.insight.DispatchDocuments;
import org.counterpart.insight.DispatchReports;
import org.counterpart.planning.ResponsibilityList;
import org.counterpart.shared.Formats;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The monthly dispatch report of a responsibility list: the page, and the same report as a workbook and as a PDF. */
@Controller
class DispatchController {

    private final DispatchReports reports;
    private final DispatchDocuments documents;

    DispatchController(DispatchReports reports, DispatchDocuments documents) {
        this.reports = reports;
        this.documents = documents;
    }

    @GetMapping("/insight/dispatch")
    String page(@RequestParam(required = false) Long list, @RequestParam(required = false) Integer month, Model model) {
        List<ResponsibilityList> lists = reports.lists();
        model.addAttribute("lists", lists);
        Optional<Dispatch> d = build(lists, list, month);
        model.addAttribute("d", d.orElse(null));
        d.ifPresent(x -> model.addAttribute("documentTitle", documents.title(x, LocaleContextHolder.getLocale())));
        return "dispatch/page";
    }

    @GetMapping("/insight/dispatch.xlsx")
    void xlsx(@RequestParam(required = false) Long list, @RequestParam(required = false) Integer month, HttpServletResponse response)
            throws IOException {
        Dispatch d = build(reports.lists(), list, month).orElseThrow(() -> new org.counterpart.shared.NotFoundException("responsibility list"));
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"dispatch-" + d.month() + ".xlsx\"");
        documents.xlsx(d, LocaleContextHolder.getLocale(), response.getOutputStream());
    }

    @GetMapping("/insight/dispatch.pdf")
    void pdf(@RequestParam(required = false) Long list, @RequestParam(required = false) Integer month, HttpServletResponse response)
            throws IOException {
        Dispatch d = build(reports.lists(), list, month).orElseThrow(() -> new org.counterpart.shared.NotFoundException("responsibility list"));
        response.setContentType("application/pdf");
        response.setHeader("Content-Disposition", "attachment; filename=\"dispatch-" + d.month() + ".pdf\"");
        documents.pdf(d, LocaleContextHolder.getLocale(), LocalDate.now(Formats.CHINA), response.getOutputStream());
    }

    /** The asked list (else the newest) at the asked month (else the last month passed in the list's year). */
    private Optional<Dispatch> build(List<ResponsibilityList> lists, Long listId, Integer month) {
        Optional<ResponsibilityList> chosen = listId == null ? lists.stream().findFirst()
                : lists.stream().filter(l -> l.id() == listId).findFirst();
        if (listId != null && chosen.isEmpty()) {
            throw new org.counterpart.shared.NotFoundException("responsibility list " + listId);
        }
        LocalDate today = LocalDate.now(Formats.CHINA);
        return chosen.map(l -> reports.report(l.id(), month != null ? month : defaultMonth(l.year(), today), today));
    }

    static int defaultMonth(int year, LocalDate today) {
        if (today.getYear() > year) {
            return 12;
        }
        return today.getYear() < year ? 1 : Math.max(1, today.getMonthValue() - 1);
    }
}
