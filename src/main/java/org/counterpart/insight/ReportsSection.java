package org.counterpart.insight;

import org.counterpart.planning.MonthlyReport;
import org.counterpart.planning.MonthlyReports;
import org.counterpart.planning.Plan;
import org.counterpart.planning.ReportMonth;
import org.counterpart.planning.ReportState;
import org.counterpart.planning.ResponsibilityList;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reports of the month the dispatching meeting asks after: missing (nothing handed in once the
 * window closed), returned (with the reviewer's reason), and handed in late.
 */
@Component
class ReportsSection implements DispatchReportSection {

    private final MonthlyReports reports;
    private final org.counterpart.planning.Plans plans;

    ReportsSection(MonthlyReports reports, org.counterpart.planning.Plans plans) {
        this.reports = reports;
        this.plans = plans;
    }

    @Override
    public List<Dispatch.ReportLine> reports(Plan plan, ResponsibilityList list, int month, LocalDate today) {
        ReportMonth m = reports.month(plan.id(), list.year(), month);
        List<Dispatch.ReportLine> out = new ArrayList<>();
        for (ReportMonth.Row row : m.rows()) {
            String name = plans.nameOf(row.unit());
            Optional<MonthlyReport> r = row.report();
            Optional<Long> id = r.map(MonthlyReport::id);
            if (r.isPresent() && r.get().state() == ReportState.RETURNED) {
                out.add(new Dispatch.ReportLine(name, row.unit().key(), Dispatch.ReportStanding.RETURNED, r.get().late(), r.get().returnReason(), id));
            } else if (m.overdue().contains(row.unit())) {
                out.add(new Dispatch.ReportLine(name, row.unit().key(), Dispatch.ReportStanding.MISSING, false, Optional.empty(), id));
            } else if (row.handedIn() && r.get().late()) {
                out.add(new Dispatch.ReportLine(name, row.unit().key(), Dispatch.ReportStanding.LATE, true, Optional.empty(), id));
            }
        }
        return out;
    }
}
