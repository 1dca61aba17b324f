package org.counterpart.insight;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.Milestones;
import org.counterpart.planning.OwnerUnit;
import org.counterpart.planning.Plan;
import org.counterpart.planning.Plans;
import org.counterpart.planning.Progress;
import org.counterpart.planning.ResponsibilityList;
import org.counterpart.planning.Task;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.Period;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link Dispatch} report of a month from the plan, the metric catalogue and the ledgers. It
 * computes every figure afresh (no nightly table), one grouped query per metric and month.
 */
@Service
public class DispatchReports {

    private final Plans plans;
    private final Progress progress;
    private final MetricCatalog metrics;
    private final Ledgers ledgers;
    private final Milestones milestones;
    private final List<DispatchReportSection> sections;

    DispatchReports(Plans plans, Progress progress, MetricCatalog metrics, Ledgers ledgers, Milestones milestones,
                    org.springframework.beans.factory.ObjectProvider<DispatchReportSection> sections) {
        this.plans = plans;
        this.progress = progress;
        this.metrics = metrics;
        this.ledgers = ledgers;
        this.milestones = milestones;
        this.sections = sections.orderedStream().toList();
    }

    /** The responsibility lists a dispatch report can be made of, newest first. */
    public List<ResponsibilityList> lists() {
        List<ResponsibilityList> out = new ArrayList<>();
        plans.plans().forEach(p -> out.addAll(plans.lists(p.id())));
        out.sort((a, b) -> Integer.compare(b.year(), a.year()));
        return out;
    }

    /** The list of a month's year (the first plan's, where several plans have one), or a refusal naming the month. */
    public ResponsibilityList listFor(YearMonth month) {
        return lists().stream().filter(l -> l.year() == month.getYear()).findFirst()
                .orElseThrow(() -> new InvalidInputException("month", "dispatch.noList", month.getYear()));
    }

    public Dispatch report(long listId, int month, LocalDate today) {
        if (month < 1 || month > 12) {
            throw new InvalidInputException("month", "dispatch.month.invalid");
        }
        ResponsibilityList list = plans.list(listId);
        Plan plan = plans.planOf(list);
        Period monthPeriod = Period.month(list.year(), month);
        Period toDate = Period.yearToDate(list.year(), month);
        LocalDate asOf = today.isBefore(toDate.end()) ? today : toDate.end();
        List<Progress.TargetProgress> standing = progress.of(list, month, today);
        Map<String, Map<MetricSubject, List<BigDecimal>>> trends = trends(plan, standing, list.year(), month);
        Map<OwnerUnit, String> names = new HashMap<>();
        List<Dispatch.TaskLine> lines = new ArrayList<>();
        Map<String, int[]> byUnit = new LinkedHashMap<>();
        for (Progress.TargetProgress p : standing) {
            Task task = p.task();
            OwnerUnit owner = p.target().owner();
            String name = names.computeIfAbsent(owner, plans::nameOf);
            String key = task.metricId().filter(id -> metrics.find(id).isPresent()).orElse("hand:" + p.target().id());
            // a rate or a count of distinct people has no value of a month alone that adds up: it shows no month and no months
            boolean byMonth = task.metricId().flatMap(metrics::find).map(org.counterpart.shared.Metric::additive).orElse(true);
            List<BigDecimal> trend = byMonth ? trends.getOrDefault(key, Map.of()).getOrDefault(p.subject(), List.of()) : List.of();
            BigDecimal monthValue = !byMonth ? null : trend.isEmpty() ? BigDecimal.ZERO : trend.get(trend.size() - 1);
            lines.add(new Dispatch.TaskLine(task.id(), task.seq(), task.text(), task.category(), task.indicator(), task.unit(), name, owner.key(),
                    p.target().value(), monthValue, p.actual(), p.percentDone(), p.percentElapsed(), p.standing(), trend,
                    task.metricId(), p.subject().key()));
            int[] u = byUnit.computeIfAbsent(owner.key() + "\t" + name, k -> new int[3]);
            u[0]++;
            if (p.standing() == Progress.Standing.DONE) {
                u[1]++;
            }
            if (p.behind()) {
                u[2]++;
            }
        }
        List<Dispatch.UnitLine> units = new ArrayList<>();
        byUnit.forEach((k, u) -> {
            String[] parts = k.split("\t", 2);
            units.add(new Dispatch.UnitLine(parts[1], parts[0], u[0], u[1], u[2]));
        });
        units.sort((a, b) -> Integer.compare(b.behind(), a.behind()));
        List<Dispatch.ReportLine> reports = new ArrayList<>();
        List<Dispatch.ChangeLine> changed = new ArrayList<>();
        sections.forEach(s -> {
            DispatchReportSection.Contribution c = s.contribute(plan, list, month, today);
            reports.addAll(c.reports());
            changed.addAll(c.changes());
        });
        return new Dispatch(plan, list, plans.nameOf(OwnerUnit.of(plan.helpingRegion())), plans.nameOf(OwnerUnit.of(plan.helpedRegion())), monthPeriod,
                toDate, asOf, lines, units, reports, changed, problems(plan, list.year(), monthPeriod, asOf), agreements(plan, list.year(), asOf));
    }

    /** For each metric of the list (and each hand-reported target), its values month by month for all subjects at once. */
    private Map<String, Map<MetricSubject, List<BigDecimal>>> trends(Plan plan, List<Progress.TargetProgress> standing, int year, int month) {
        Map<String, List<MetricSubject>> subjects = new LinkedHashMap<>();
        List<Long> hand = new ArrayList<>();
        for (Progress.TargetProgress p : standing) {
            Optional<String> metric = p.task().metricId().filter(id -> metrics.find(id).isPresent());
            if (metric.isPresent() && !metrics.find(metric.get()).orElseThrow().additive()) {
                continue;
            }
            if (metric.isPresent()) {
                List<MetricSubject> s = subjects.computeIfAbsent(metric.get(), k -> new ArrayList<>());
                if (!s.contains(p.subject())) {
                    s.add(p.subject());
                }
            } else {
                hand.add(p.target().id());
            }
        }
        Map<String, Map<MetricSubject, List<BigDecimal>>> out = new HashMap<>();
        subjects.forEach((metric, s) -> {
            Map<MetricSubject, List<BigDecimal>> year12 = metrics.monthly(metric, year, s);
            Map<MetricSubject, List<BigDecimal>> upTo = new HashMap<>();
            year12.forEach((subject, values) -> upTo.put(subject, values.subList(0, month)));
            out.put(metric, upTo);
        });
        if (!hand.isEmpty()) {
            List<Map<Long, BigDecimal>> byMonth = new ArrayList<>();
            for (int m = 1; m <= month; m++) {
                byMonth.add(progress.handValues(hand, Period.month(year, m)));
            }
            for (Progress.TargetProgress p : standing) {
                if (hand.contains(p.target().id())) {
                    List<BigDecimal> series = new ArrayList<>();
                    for (Map<Long, BigDecimal> m : byMonth) {
                        series.add(m.getOrDefault(p.target().id(), BigDecimal.ZERO));
                    }
                    out.put("hand:" + p.target().id(), Map.of(p.subject(), series));
                }
            }
        }
        return out;
    }

    /** Problems about the plan's helped city raised by its year's end, as they stood on {@code asOf}. */
    private Dispatch.ProblemFigures problems(Plan plan, int year, Period month, LocalDate asOf) {
        int openedMonth = 0;
        int solvedMonth = 0;
        int opened = 0;
        int solved = 0;
        int open = 0;
        int overdue = 0;
        Ledgers.Filter filter = new Ledgers.Filter(Optional.of(year), Optional.of(plan.helpedRegion()), Optional.empty(), Map.of());
        for (LedgerRecord r : ledgers.matching(Ledger.PROBLEM, filter)) {
            LocalDate raised = r.get(Ledger.RAISED_ON);
            LocalDate resolved = r.get(Ledger.RESOLVED_ON);
            if (raised == null || raised.isAfter(asOf)) {
                continue;
            }
            opened++;
            openedMonth += month.contains(raised) ? 1 : 0;
            boolean solvedByThen = resolved != null && !resolved.isAfter(asOf);
            if (solvedByThen) {
                solved++;
                solvedMonth += month.contains(resolved) ? 1 : 0;
            } else {
                open++;
                LocalDate due = r.get(Ledger.DUE_ON);
                overdue += due != null && due.isBefore(asOf) ? 1 : 0;
            }
        }
        return new Dispatch.ProblemFigures(openedMonth, solvedMonth, opened, solved, open, overdue);
    }

    /** The year's agreements with a partner in the helped city whose milestones were overdue on {@code asOf}. */
    private List<Dispatch.AgreementLine> agreements(Plan plan, int year, LocalDate asOf) {
        List<Dispatch.AgreementLine> out = new ArrayList<>();
        Ledgers.Filter filter = new Ledgers.Filter(Optional.of(year), Optional.of(plan.helpedRegion()), Optional.empty(), Map.of());
        List<LedgerRecord> all = ledgers.matching(Ledger.AGREEMENT, filter);
        Map<Long, Milestones.Progress> figures = milestones.progress(all.stream().map(LedgerRecord::id).toList(), asOf);
        for (LedgerRecord a : all) {
            Milestones.Progress p = figures.get(a.id());
            if (p == null || p.overdue() == 0) {
                continue;
            }
            List<String> titles = milestones.of(a.id()).stream().filter(m -> m.overdue(asOf)).map(Milestones.Milestone::title).toList();
            out.add(new Dispatch.AgreementLine(a.id(), a.title(), p.total(), p.done(), p.overdue(), titles));
        }
        return out;
    }

}
