package org.counterpart.planning.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.planning.MonthlyReport;
import org.counterpart.planning.MonthlyReports;
import org.counterpart.planning.Plans;
import org.counterpart.planning.ReportChange;
import org.counterpart.planning.ReportMonth;
import org.counterpart.planning.ReportSheet;
import org.counterpart.planning.ReportValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The monthly reports as JSON, read as the report pages read them (the unit's own people, the level above
 * and the two cities' offices): a month across units with completeness, timeliness and the overdue, and one
 * report with its values, the figures as approved and what changed since. Figures are text with their decimals.
 */
@RestController
@Tag(name = "Monthly reports", description = "Each owner unit's monthly report: its state, values, review, and changes since approval")
class ReportsApi {

    record RowJson(String unitKey, String unitName, Long reportId, String state, boolean late, Instant submittedAt) {
    }

    record MonthJson(long planId, int year, int month, String windowOpens, String windowCloses, String completeness, String timeliness,
                     List<RowJson> units, List<String> overdue) {
    }

    record ValueJson(long targetId, long taskId, int seq, String indicator, String unit, boolean computed, String target, String value,
                     String approved, String note) {
    }

    record ChangeJson(long targetId, String approved, String now, int records) {
    }

    record ReportJson(long id, long planId, String unitKey, String unitName, int year, int month, String state, boolean late,
                      Instant submittedAt, String submittedBy, Instant reviewedAt, String reviewedBy, String reviewComment,
                      String returnReason, String progressNote, String nextMonthPlan, List<ValueJson> values,
                      List<ChangeJson> changedSinceApproval, int version) {
    }

    private final MonthlyReports reports;
    private final Plans plans;

    ReportsApi(MonthlyReports reports, Plans plans) {
        this.reports = reports;
        this.plans = plans;
    }

    @GetMapping(value = "/api/reports", produces = "application/json")
    @Operation(summary = "Every unit's report of a month of a plan, with completeness, timeliness and the units overdue")
    MonthJson month(@RequestParam long plan, @RequestParam int year, @RequestParam int month) {
        ReportMonth m = reports.month(plan, year, month);
        List<RowJson> rows = m.rows().stream().map(r -> new RowJson(r.unit().key(), plans.nameOf(r.unit()),
                r.report().map(MonthlyReport::id).orElse(null), r.report().map(x -> x.state().name()).orElse("NONE"),
                r.report().map(MonthlyReport::late).orElse(false), r.report().flatMap(MonthlyReport::submittedAt).orElse(null))).toList();
        return new MonthJson(plan, year, month, m.window().opens().toString(), m.window().closes().toString(),
                m.completeness().toPlainString(), m.timeliness().toPlainString(), rows, m.overdue().stream().map(u -> u.key()).toList());
    }

    @GetMapping(value = "/api/reports/{id}", produces = "application/json")
    @Operation(summary = "One monthly report: its values (computed and by hand), review, and the approved figures that changed since")
    ReportJson report(@PathVariable long id) {
        ReportSheet s = reports.sheet(id);
        MonthlyReport r = s.report();
        List<ValueJson> values = s.values().stream().map(ReportsApi::value).toList();
        List<ChangeJson> changes = s.changed().stream().map(c -> new ChangeJson(c.target().id(), text(c.approved().orElse(null)),
                text(c.now().orElse(null)), c.records())).toList();
        return new ReportJson(r.id(), r.planId(), r.unit().key(), plans.nameOf(r.unit()), r.year(), r.month(), r.state().name(), r.late(),
                r.submittedAt().orElse(null), r.submittedBy().orElse(null), r.reviewedAt().orElse(null), r.reviewedBy().orElse(null),
                r.reviewComment().orElse(null), r.returnReason().orElse(null), r.progressNote(), r.nextMonthPlan(), values, changes, r.version());
    }

    private static ValueJson value(ReportValue v) {
        return new ValueJson(v.target().id(), v.task().id(), v.task().seq(), v.task().indicator(), v.task().unit().name(), v.computed(),
                text(v.target().value()), text(v.computed() ? v.value().orElse(null) : v.handValue().orElse(null)),
                text(v.approvedValue().orElse(null)), v.note());
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
