package org.counterpart.planning;

import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.Period;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Progress against time: for each target, the actual (computed from the catalogue where the task has a
 * metric, else the values its unit reported), the share of the target reached, the share of the time
 * from the list's first day to the deadline that has passed, and whether the unit is behind.
 */
@Service
public class Progress {

    /** How far (in percentage points) the share done may trail the share of time before a target is behind. */
    public static final BigDecimal TOLERANCE = new BigDecimal("5");

    /** Why a target is behind, or that it is not. */
    public enum Standing { DONE, ON_TRACK, BEHIND, MILESTONE_MISSED, OVERDUE }

    /**
     * Where one target stands on a day.
     *
     * @param percentDone    share of the target reached, 0–100+ with one decimal
     * @param percentElapsed share of the time to the deadline passed, 0–100 with one decimal
     */
    public record TargetProgress(Task task, Task.Target target, Period period, MetricSubject subject, BigDecimal actual,
                                 BigDecimal percentDone, BigDecimal percentElapsed, Standing standing,
                                 Optional<Task.Milestone> missedMilestone) {
        public boolean behind() {
            return standing == Standing.BEHIND || standing == Standing.MILESTONE_MISSED || standing == Standing.OVERDUE;
        }
    }

    private final Plans plans;
    private final MetricCatalog metrics;
    private final ObjectProvider<HandValues> hand;

    Progress(Plans plans, MetricCatalog metrics, ObjectProvider<HandValues> hand) {
        this.plans = plans;
        this.metrics = metrics;
        this.hand = hand;
    }

    /**
     * Every target of a list as it stands at the end of a month of the list's year (or on {@code today}
     * when that month is the current one): its year-to-date actual against the target.
     */
    public List<TargetProgress> of(ResponsibilityList list, int month, LocalDate today) {
        Plan plan = plans.planOf(list);
        Period toDate = Period.yearToDate(list.year(), month);
        LocalDate asOf = today.isBefore(toDate.end()) ? today : toDate.end();
        List<Task> tasks = plans.tasks(list.id());
        Map<Long, BigDecimal> actuals = actuals(plan, tasks, toDate);
        Map<String, Map<MetricSubject, BigDecimal>> atMilestones = new HashMap<>();
        // every subject a metric is asked for in this list, so that one read at a milestone answers all its targets
        Map<String, List<MetricSubject>> subjectsOf = new HashMap<>();
        for (Task task : tasks) {
            task.metricId().ifPresent(m -> task.targets().forEach(g -> {
                List<MetricSubject> s = subjectsOf.computeIfAbsent(m, k -> new ArrayList<>());
                MetricSubject subject = g.owner().subject(plan.helpedRegion());
                if (!s.contains(subject)) {
                    s.add(subject);
                }
            }));
        }
        List<TargetProgress> out = new ArrayList<>();
        for (Task task : tasks) {
            for (Task.Target target : task.targets()) {
                MetricSubject subject = target.owner().subject(plan.helpedRegion());
                BigDecimal actual = actuals.getOrDefault(target.id(), BigDecimal.ZERO);
                BigDecimal done = percent(actual, target.value());
                BigDecimal elapsed = elapsed(list.year(), task.deadline(), asOf);
                Optional<Task.Milestone> missed = missedMilestone(task, target, subject, asOf, atMilestones, subjectsOf);
                out.add(new TargetProgress(task, target, toDate, subject, actual, done, elapsed,
                        standing(actual, target.value(), done, elapsed, task.deadline(), asOf, missed), missed));
            }
        }
        return out;
    }

    private Map<Long, BigDecimal> actuals(Plan plan, List<Task> tasks, Period period) {
        Map<Long, BigDecimal> out = new HashMap<>();
        Map<String, List<Task.Target>> byMetric = new LinkedHashMap<>();
        List<Long> byHand = new ArrayList<>();
        for (Task task : tasks) {
            if (task.metricId().isPresent()) {
                byMetric.computeIfAbsent(task.metricId().get(), k -> new ArrayList<>()).addAll(task.targets());
            } else {
                task.targets().forEach(g -> byHand.add(g.id()));
            }
        }
        byMetric.forEach((metricId, targets) -> {
            if (metrics.find(metricId).isEmpty()) {
                return; // a metric no module publishes any more: the task shows no actual rather than failing the page
            }
            List<MetricSubject> subjects = targets.stream().map(g -> g.owner().subject(plan.helpedRegion())).distinct().toList();
            Map<MetricSubject, BigDecimal> values = metrics.values(metricId, period, subjects);
            targets.forEach(g -> out.put(g.id(), values.getOrDefault(g.owner().subject(plan.helpedRegion()), BigDecimal.ZERO)));
        });
        HandValues reported = hand.getIfAvailable();
        if (reported != null && !byHand.isEmpty()) {
            out.putAll(reported.values(byHand, period));
        }
        return out;
    }

    private Optional<Task.Milestone> missedMilestone(Task task, Task.Target target, MetricSubject subject, LocalDate asOf,
                                                     Map<String, Map<MetricSubject, BigDecimal>> cache,
                                                     Map<String, List<MetricSubject>> subjectsOf) {
        for (Task.Milestone m : target.milestones()) {
            if (!m.period().end().isBefore(asOf)) {
                continue;
            }
            Period upTo = Period.yearToDate(m.period().year(), m.period().end().getMonthValue());
            BigDecimal reached;
            if (task.metricId().isPresent() && metrics.find(task.metricId().get()).isPresent()) {
                List<MetricSubject> subjects = subjectsOf.get(task.metricId().get());
                reached = cache.computeIfAbsent(task.metricId().get() + "@" + upTo, k -> metrics.values(task.metricId().get(), upTo, subjects))
                        .getOrDefault(subject, BigDecimal.ZERO);
            } else {
                HandValues reported = hand.getIfAvailable();
                reached = reported == null ? BigDecimal.ZERO : reported.values(List.of(target.id()), upTo).getOrDefault(target.id(), BigDecimal.ZERO);
            }
            if (reached.compareTo(m.value()) < 0) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    static Standing standing(BigDecimal actual, BigDecimal target, BigDecimal done, BigDecimal elapsed, LocalDate deadline, LocalDate asOf,
                             Optional<Task.Milestone> missed) {
        if (actual.compareTo(target) >= 0) {
            return Standing.DONE;
        }
        if (asOf.isAfter(deadline)) {
            return Standing.OVERDUE;
        }
        if (missed.isPresent()) {
            return Standing.MILESTONE_MISSED;
        }
        return done.add(TOLERANCE).compareTo(elapsed) < 0 ? Standing.BEHIND : Standing.ON_TRACK;
    }

    static BigDecimal percent(BigDecimal actual, BigDecimal target) {
        if (target.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        return actual.multiply(BigDecimal.valueOf(100)).divide(target, 1, RoundingMode.HALF_UP);
    }

    /** Share of the time from 1 January of the year to the deadline that has passed on a day, 0–100. */
    static BigDecimal elapsed(int year, LocalDate deadline, LocalDate asOf) {
        LocalDate start = LocalDate.of(year, 1, 1);
        long whole = ChronoUnit.DAYS.between(start, deadline) + 1;
        long passed = Math.max(0, Math.min(whole, ChronoUnit.DAYS.between(start, asOf) + 1));
        return BigDecimal.valueOf(passed * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    /** What the units reported by hand for these targets over a period; zero for each where nothing is reported. */
    public Map<Long, BigDecimal> handValues(List<Long> targetIds, Period period) {
        HandValues reported = hand.getIfAvailable();
        Map<Long, BigDecimal> out = new HashMap<>();
        targetIds.forEach(id -> out.put(id, BigDecimal.ZERO));
        if (reported != null && !targetIds.isEmpty()) {
            out.putAll(reported.values(targetIds, period));
        }
        return out;
    }

    /** The metric of a task, where it has one the catalogue still knows. */
    public Optional<Metric> metricOf(Task task) {
        return task.metricId().flatMap(metrics::find);
    }
}
