package org.counterpart.insight;

import org.counterpart.planning.MonthlyReport;
import org.counterpart.planning.MonthlyReports;
import org.counterpart.planning.OwnerUnit;
import org.counterpart.planning.Plan;
import org.counterpart.planning.Plans;
import org.counterpart.planning.ReportChange;
import org.counterpart.planning.ReportMonth;
import org.counterpart.planning.ReportState;
import org.counterpart.planning.ResponsibilityList;
import org.counterpart.planning.Task;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.Period;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reports of the month the dispatching meeting asks after: missing (nothing handed in once the
 * window closed), returned (with the reviewer's reason), handed in late; and the approved figures the
 * records now put elsewhere. Approved figures are compared with today's values one metric at a time
 * for all units; only a report whose figure moved is asked for the records that moved it.
 */
@Component
class ReportsSection implements DispatchReportSection {

    private final MonthlyReports reports;
    private final Plans plans;
    private final MetricCatalog metrics;

    ReportsSection(MonthlyReports reports, Plans plans, MetricCatalog metrics) {
        this.reports = reports;
        this.plans = plans;
        this.metrics = metrics;
    }

    @Override
    public Contribution contribute(Plan plan, ResponsibilityList list, int month, LocalDate today) {
        return new Contribution(standing(plan, list, month), changes(plan, list, month));
    }

    private List<Dispatch.ReportLine> standing(Plan plan, ResponsibilityList list, int month) {
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

    private List<Dispatch.ChangeLine> changes(Plan plan, ResponsibilityList list, int month) {
        List<MonthlyReports.ApprovedFigure> approved = reports.approvedFigures(plan.id(), list.year(), month);
        if (approved.isEmpty()) {
            return List.of();
        }
        Map<Long, Task> taskOfTarget = new HashMap<>();
        Map<Long, OwnerUnit> ownerOfTarget = new HashMap<>();
        for (Task task : plans.tasks(list.id())) {
            task.targets().forEach(g -> {
                taskOfTarget.put(g.id(), task);
                ownerOfTarget.put(g.id(), g.owner());
            });
        }
        Map<String, List<MonthlyReports.ApprovedFigure>> byMetric = new LinkedHashMap<>();
        for (MonthlyReports.ApprovedFigure f : approved) {
            Task task = taskOfTarget.get(f.targetId());
            Optional<String> metric = task == null ? Optional.empty() : task.metricId().filter(id -> metrics.find(id).isPresent());
            metric.ifPresent(id -> byMetric.computeIfAbsent(id, k -> new ArrayList<>()).add(f));
        }
        Period period = Period.month(list.year(), month);
        Map<Long, List<ReportChange>> detail = new HashMap<>();
        List<Dispatch.ChangeLine> out = new ArrayList<>();
        byMetric.forEach((metric, figures) -> {
            List<MetricSubject> subjects = figures.stream().map(f -> ownerOfTarget.get(f.targetId()).subject(plan.helpedRegion())).distinct().toList();
            Map<MetricSubject, BigDecimal> now = metrics.values(metric, period, subjects);
            for (MonthlyReports.ApprovedFigure f : figures) {
                OwnerUnit owner = ownerOfTarget.get(f.targetId());
                BigDecimal value = now.getOrDefault(owner.subject(plan.helpedRegion()), BigDecimal.ZERO);
                if (value.compareTo(f.approved()) == 0) {
                    continue;
                }
                int records = detail.computeIfAbsent(f.report().id(), reports::changesSinceApproval).stream()
                        .filter(c -> c.target().id() == f.targetId()).mapToInt(ReportChange::records).sum();
                Task task = taskOfTarget.get(f.targetId());
                out.add(new Dispatch.ChangeLine(plans.nameOf(owner), owner.key(), task.seq(), task.text(), task.unit(), f.approved(), value,
                        records, f.report().id()));
            }
        });
        out.sort((a, b) -> a.seq() != b.seq() ? Integer.compare(a.seq(), b.seq()) : a.owner().compareTo(b.owner()));
        return out;
    }
}
