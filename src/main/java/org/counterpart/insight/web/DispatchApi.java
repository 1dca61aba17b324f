package org.counterpart.insight.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.insight.Dispatch;
import org.counterpart.insight.DispatchReports;
import org.counterpart.shared.Formats;
import org.counterpart.shared.InvalidInputException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The monthly dispatch report as JSON: the same figures as the page, for a month written {@code 2018-09}.
 * Values are plain numbers in the metric's unit (money in yuan, shares in percent).
 */
@RestController
@RequestMapping(value = "/api/dispatch", produces = "application/json")
@Tag(name = "Dispatch", description = "The monthly dispatch report: targets, actuals, pace, reports, problems and agreements")
class DispatchApi {

    record TaskJson(long taskId, int seq, String task, String category, String indicator, String unit, String owner, String ownerKey,
                    BigDecimal target, BigDecimal month, BigDecimal toDate, BigDecimal percentDone, BigDecimal percentElapsed,
                    String standing, List<BigDecimal> byMonth, String metric, String subject) {
    }

    record DispatchJson(long planId, String plan, long listId, int year, String month, LocalDate asOf, List<TaskJson> tasks,
                        List<Dispatch.UnitLine> units, List<Dispatch.ReportLine> reports, List<Dispatch.ChangeLine> changedSinceApproval,
                        Dispatch.ProblemFigures problems,
                        List<Dispatch.AgreementLine> agreements) {
    }

    private final DispatchReports reports;

    DispatchApi(DispatchReports reports) {
        this.reports = reports;
    }

    @GetMapping
    @Operation(summary = "The dispatch report of a month (YYYY-MM)")
    DispatchJson dispatch(@RequestParam String month) {
        YearMonth ym;
        try {
            ym = YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "dispatch.month.invalid");
        }
        Dispatch d = reports.report(reports.listFor(ym).id(), ym.getMonthValue(), LocalDate.now(Formats.CHINA));
        List<TaskJson> tasks = d.tasks().stream().map(t -> new TaskJson(t.taskId(), t.seq(), t.task(), t.category().name(), t.indicator(),
                t.unit().name(), t.owner(), t.ownerKey(), t.target(), t.monthValue(), t.toDate(), t.percentDone(), t.percentElapsed(),
                t.standing().name(), t.trend(), t.metricId().orElse(null), t.subjectKey())).toList();
        return new DispatchJson(d.plan().id(), d.plan().title(), d.list().id(), d.list().year(), ym.toString(), d.asOf(), tasks, d.units(),
                d.reports(), d.changed(), d.problems(), d.agreements());
    }
}
