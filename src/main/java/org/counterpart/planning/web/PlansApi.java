package org.counterpart.planning.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.counterpart.planning.Plan;
import org.counterpart.planning.Plans;
import org.counterpart.planning.Progress;
import org.counterpart.planning.ResponsibilityList;
import org.counterpart.planning.Task;
import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.Period;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plans, their lists and tasks with each unit's progress, and the metric catalogue as JSON, read as the
 * plan pages read them: plans are the two cities' public documents; the records behind a metric value are
 * listed only for a subject in the caller's scope. Figures are text with their decimals, never binary floats.
 */
@RestController
@Tag(name = "Plans", description = "Action plans, responsibility lists, tasks with their targets and progress against time, "
        + "and the metrics that compute the actuals, with the records behind a value")
class PlansApi {

    record PlanJson(long id, String title, int firstYear, int lastYear, String helpingRegion, String helpedRegion, String signedOn,
                    int version) {
    }

    record ListJson(long id, long planId, int year, String title, int version) {
    }

    /** A target's progress at the end of the month asked (or today): actual, share done and share of time elapsed, standing. */
    record TargetJson(long id, String ownerKey, String ownerName, String target, List<MilestoneJson> milestones, String actual,
                      String percentDone, String percentElapsed, String standing, String period, String subject, String recordsLink,
                      int version) {
    }

    record MilestoneJson(String period, String target) {
    }

    record TaskJson(long id, int seq, String text, String category, String metricId, String indicator, String unit, String deadline,
                    String partnerKey, Long agreementId, int version, List<TargetJson> targets) {
    }

    record TasksJson(long listId, int year, int month, String asOf, List<TaskJson> tasks) {
    }

    record MetricJson(String id, String label, String labelZh, String labelEn, String unit, boolean additive) {
    }

    record RecordJson(String kind, long id, int version, String title, String amount, String link) {
    }

    record ValueJson(MetricJson metric, String subject, String subjectName, String period, String value, boolean recordsShown,
                     List<RecordJson> records) {
    }

    private final Plans plans;
    private final Progress progress;
    private final MetricCatalog metrics;
    private final PlanView view;

    PlansApi(Plans plans, Progress progress, MetricCatalog metrics, PlanView view) {
        this.plans = plans;
        this.progress = progress;
        this.metrics = metrics;
        this.view = view;
    }

    @GetMapping(value = "/api/plans", produces = "application/json")
    @Operation(operationId = "listPlans", summary = "The action plans, newest first")
    List<PlanJson> plans() {
        return plans.plans().stream().map(PlansApi::json).toList();
    }

    @GetMapping(value = "/api/plans/{id}/lists", produces = "application/json")
    @Operation(operationId = "listResponsibilityLists", summary = "The yearly responsibility lists of a plan", description = "404 for no such plan.")
    List<ListJson> lists(@PathVariable long id) {
        plans.plan(id);
        return plans.lists(id).stream().map(l -> new ListJson(l.id(), l.planId(), l.year(), l.title(), l.version())).toList();
    }

    @GetMapping(value = "/api/lists/{id}/tasks", produces = "application/json")
    @Operation(operationId = "listTasks", summary = "The tasks of a list, each with its targets and where each stands",
            description = "Progress at the end of the month asked (1–12, default: this month in the list's year, December for a past year): "
                    + "the year-to-date actual, the share of the target done, the share of the time to the deadline elapsed, and the "
                    + "standing DONE, ON_TRACK, BEHIND, MILESTONE_MISSED or OVERDUE. recordsLink opens the records behind a computed actual.")
    TasksJson tasks(@PathVariable long id, @Parameter(description = "month of the list's year, 1–12") @RequestParam(required = false) Integer month) {
        ResponsibilityList list = plans.list(id);
        int m = month == null ? PlanView.defaultMonth(list, LocalDate.now()) : month;
        if (m < 1 || m > 12) {
            throw new org.counterpart.shared.InvalidInputException("month", "plan.month.invalid");
        }
        Map<Long, Progress.TargetProgress> byTarget = progress.of(list, m, LocalDate.now()).stream()
                .collect(Collectors.toMap(p -> p.target().id(), p -> p));
        List<TaskJson> tasks = plans.tasks(id).stream().map(t -> json(t, byTarget)).toList();
        return new TasksJson(list.id(), list.year(), m, Period.yearToDate(list.year(), m).end().toString(), tasks);
    }

    @GetMapping(value = "/api/metrics", produces = "application/json")
    @Operation(operationId = "listMetrics", summary = "The metric catalogue: every figure the modules compute")
    List<MetricJson> catalogue() {
        return metrics.all().stream().map(PlansApi::json).toList();
    }

    @GetMapping(value = "/api/metrics/{id}", produces = "application/json")
    @Operation(operationId = "getMetricValue", summary = "A metric's value for one subject and period, with the records behind it",
            description = "subject: place:CODE (what reached a place and below), recorded:CODE (what a government recorded) or "
                    + "institution:ID; period: 2018, 2018Q3, 2018-09 or 2018-01/2018-09 (year to date). The records are listed "
                    + "(at most 500) when the subject lies in the caller's scope; recordsShown says whether they were.")
    ValueJson value(@PathVariable String id, @Parameter(example = "place:520201") @RequestParam String subject,
                    @Parameter(example = "2018-01/2018-09") @RequestParam String period) {
        Metric m = metrics.require("metric", id);
        MetricSubject s = MetricSubject.parse(subject);
        Period p = Period.parse("period", period);
        boolean sees = view.seesRecordsOf(s);
        List<RecordJson> records = sees ? metrics.records(m.id(), s, p, MetricsController.RECORDS).stream().map(PlansApi::json).toList()
                : List.of();
        return new ValueJson(json(m), s.key(), view.subjectName(s, LocaleContextHolder.getLocale()), p.toString(),
                metrics.value(m.id(), s, p).toPlainString(), sees, records);
    }

    private TaskJson json(Task t, Map<Long, Progress.TargetProgress> byTarget) {
        List<TargetJson> targets = t.targets().stream().map(g -> {
            Progress.TargetProgress p = byTarget.get(g.id());
            return new TargetJson(g.id(), g.owner().key(), plans.nameOf(g.owner()), g.value().toPlainString(),
                    g.milestones().stream().map(ms -> new MilestoneJson(ms.period().toString(), ms.value().toPlainString())).toList(),
                    p == null ? null : p.actual().toPlainString(), p == null ? null : p.percentDone().toPlainString(),
                    p == null ? null : p.percentElapsed().toPlainString(), p == null ? null : p.standing().name(),
                    p == null ? null : p.period().toString(), p == null ? null : p.subject().key(),
                    p == null || t.metricId().isEmpty() ? null : PlanView.metricLink(t.metricId().get(), p.subject(), p.period()),
                    g.version());
        }).toList();
        return new TaskJson(t.id(), t.seq(), t.text(), t.category().name(), t.metricId().orElse(null), t.indicator(), t.unit().name(),
                t.deadline().toString(), t.partner().map(org.counterpart.planning.OwnerUnit::key).orElse(null), t.agreementId().orElse(null),
                t.version(), targets);
    }

    private static PlanJson json(Plan p) {
        return new PlanJson(p.id(), p.title(), p.firstYear(), p.lastYear(), p.helpingRegion().value(), p.helpedRegion().value(),
                p.signedOn().map(LocalDate::toString).orElse(null), p.version());
    }

    private static MetricJson json(Metric m) {
        return new MetricJson(m.id(), m.label(LocaleContextHolder.getLocale()), m.labelZh(), m.labelEn(), m.unit().name(), m.additive());
    }

    private static RecordJson json(MetricRecord r) {
        return new RecordJson(r.kind(), r.id(), r.version(), r.title(), r.amount().toPlainString(), r.link());
    }
}
