package org.counterpart.planning;

import org.counterpart.cooperation.Institutions;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Period;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Action plans, their yearly lists, tasks and targets. A plan is a public document of the two cities:
 * anyone signed in reads it; administrators and coordinators of either city (or national ones) change it.
 * Every change is audited and guarded by its version.
 */
@Service
public class Plans {

    private final JdbcClient jdbc;
    private final Regions regions;
    private final MetricCatalog metrics;
    private final ApplicationEventPublisher events;
    private final Institutions institutions;

    Plans(JdbcClient jdbc, Regions regions, MetricCatalog metrics, ApplicationEventPublisher events, Institutions institutions) {
        this.institutions = institutions;
        this.jdbc = jdbc;
        this.regions = regions;
        this.metrics = metrics;
        this.events = events;
    }

    // reading

    public List<Plan> plans() {
        return jdbc.sql("select * from action_plan order by first_year desc, id").query(Plans::plan).list();
    }

    public Plan plan(long id) {
        return jdbc.sql("select * from action_plan where id = :id").param("id", id).query(Plans::plan).optional()
                .orElseThrow(() -> new NotFoundException("plan " + id));
    }

    public List<ResponsibilityList> lists(long planId) {
        return jdbc.sql("select * from responsibility_list where plan_id = :p order by plan_year").param("p", planId)
                .query(Plans::list).list();
    }

    public ResponsibilityList list(long listId) {
        return jdbc.sql("select * from responsibility_list where id = :id").param("id", listId).query(Plans::list).optional()
                .orElseThrow(() -> new NotFoundException("responsibility list " + listId));
    }

    /** The lists of a year across plans (one in practice). */
    public List<ResponsibilityList> listsOf(int year) {
        return jdbc.sql("select * from responsibility_list where plan_year = :y order by id").param("y", year).query(Plans::list).list();
    }

    /** The tasks of a list, in the list's order, with their targets and milestones. */
    public List<Task> tasks(long listId) {
        return tasksWhere("t.list_id = :k", listId);
    }

    public Task task(long taskId) {
        List<Task> one = tasksWhere("t.id = :k", taskId);
        if (one.isEmpty()) {
            throw new NotFoundException("task " + taskId);
        }
        return one.get(0);
    }

    private List<Task> tasksWhere(String condition, long key) {
        Map<Long, List<Task.Milestone>> milestones = new TreeMap<>();
        jdbc.sql("select m.target_id, m.period, m.target from task_milestone m join task_target g on g.id = m.target_id "
                        + "join plan_task t on t.id = g.task_id where " + condition + " order by m.period")
                .param("k", key)
                .query(rs -> {
                    milestones.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Task.Milestone(Period.parse("period", rs.getString(2)), rs.getBigDecimal(3)));
                });
        Map<Long, List<Task.Target>> targets = new TreeMap<>();
        jdbc.sql("select g.* from task_target g join plan_task t on t.id = g.task_id where " + condition
                        + " order by g.owner_region, g.owner_institution_id")
                .param("k", key)
                .query(rs -> {
                    long id = rs.getLong("id");
                    targets.computeIfAbsent(rs.getLong("task_id"), k -> new ArrayList<>())
                            .add(new Task.Target(id, rs.getLong("task_id"), owner(rs, "owner_region", "owner_institution_id"),
                                    rs.getBigDecimal("target"), rs.getInt("version"), milestones.getOrDefault(id, List.of())));
                });
        return jdbc.sql("select t.* from plan_task t where " + condition + " order by t.seq").param("k", key)
                .query((rs, i) -> {
                    long id = rs.getLong("id");
                    Long agreement = rs.getObject("agreement_id") == null ? null : rs.getLong("agreement_id");
                    boolean partnerGiven = rs.getString("partner_region") != null || rs.getObject("partner_institution_id") != null;
                    return new Task(id, rs.getLong("list_id"), rs.getInt("seq"), rs.getString("task_text"),
                            TaskCategory.valueOf(rs.getString("category")), Optional.ofNullable(rs.getString("metric_id")),
                            rs.getString("indicator"), MetricUnit.valueOf(rs.getString("unit")), rs.getDate("deadline").toLocalDate(),
                            partnerGiven ? Optional.of(owner(rs, "partner_region", "partner_institution_id")) : Optional.empty(),
                            Optional.ofNullable(agreement), rs.getInt("version"), targets.getOrDefault(id, List.of()));
                }).list();
    }

    /** Every target a unit answers for in a year's lists, with its task. */
    public List<Task> tasksOf(OwnerUnit unit, int year) {
        return listsOf(year).stream().flatMap(l -> tasks(l.id()).stream())
                .filter(t -> t.targets().stream().anyMatch(g -> g.owner().equals(unit))).toList();
    }

    /** The owner units of a year's lists, in the order of their keys. */
    public List<OwnerUnit> unitsOf(int year) {
        return jdbc.sql("""
                        select distinct g.owner_region, g.owner_institution_id from task_target g
                        join plan_task t on t.id = g.task_id join responsibility_list l on l.id = t.list_id
                        where l.plan_year = :y order by g.owner_region, g.owner_institution_id""")
                .param("y", year).query((rs, i) -> owner(rs, "owner_region", "owner_institution_id")).list();
    }

    /** The plan a list belongs to, for the helped region that decides whose figures a unit's are. */
    public Plan planOf(ResponsibilityList list) {
        return plan(list.planId());
    }

    // writing

    public boolean canEdit(Plan plan) {
        if (CurrentUser.isSystem()) {
            return true;
        }
        return CurrentUser.get().filter(u -> u.is(Role.ADMINISTRATOR, Role.COORDINATOR))
                // the offices of either city (or wider): a county or district answers for its targets, it does not set them
                .map(u -> u.scope().isNation() || u.scope().region().map(r -> r.covers(plan.helpingRegion()) || r.covers(plan.helpedRegion()))
                        .orElse(false))
                .orElse(false);
    }

    private void requireEdit(Plan plan) {
        if (!canEdit(plan)) {
            throw new AccessDeniedException("cannot change plan " + plan.id());
        }
    }

    @Transactional
    public long createPlan(PlanForms.PlanForm form) {
        String title = text("title", form.title(), 300);
        if (form.firstYear() < 2000 || form.lastYear() > 2100 || form.firstYear() > form.lastYear()) {
            throw new InvalidInputException("lastYear", "plan.years.invalid");
        }
        RegionCode helping = regions.resolve("helpingRegion", form.helpingRegion(), List.of());
        RegionCode helped = regions.resolve("helpedRegion", form.helpedRegion(), List.of());
        if (helping.covers(helped) || helped.covers(helping)) {
            throw new InvalidInputException("helpedRegion", "plan.regions.same");
        }
        Plan draft = new Plan(0, title, form.firstYear(), form.lastYear(), helping, helped, Optional.ofNullable(form.signedOn()), 0);
        requireEdit(draft);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into action_plan (title, first_year, last_year, helping_region, helped_region, signed_on)
                        values (:t, :f, :l, :hg, :hd, :s)""")
                .param("t", title).param("f", form.firstYear()).param("l", form.lastYear()).param("hg", helping.value())
                .param("hd", helped.value()).param("s", form.signedOn() == null ? null : Date.valueOf(form.signedOn()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(PlanningAudit.PLAN, id, Map.of("title", title,
                "years", form.firstYear() + "–" + form.lastYear(), "helping", helping.value(), "helped", helped.value())));
        return id;
    }

    @Transactional
    public long createList(long planId, int year, String title) {
        Plan plan = plan(planId);
        requireEdit(plan);
        if (!plan.covers(year)) {
            throw new InvalidInputException("year", "plan.list.yearOutside", plan.firstYear(), plan.lastYear());
        }
        String t = text("title", title, 300);
        if (lists(planId).stream().anyMatch(l -> l.year() == year)) {
            throw new InvalidInputException("year", "plan.list.yearTaken", year);
        }
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("insert into responsibility_list (plan_id, plan_year, title) values (:p, :y, :t)")
                    .param("p", planId).param("y", year).param("t", t).update(keys, "id");
        } catch (org.springframework.dao.DuplicateKeyException addedMeanwhile) {
            throw new InvalidInputException("year", "plan.list.yearTaken", year);
        }
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(PlanningAudit.LIST, id, Map.of("plan", String.valueOf(planId), "year",
                String.valueOf(year), "title", t)));
        return id;
    }

    /** Adds a task (version 0 and no id) or changes one; refused on a stale version. */
    @Transactional
    public long saveTask(long listId, Optional<Long> taskId, PlanForms.TaskForm form) {
        ResponsibilityList list = list(listId);
        Plan plan = planOf(list);
        requireEdit(plan);
        Checked c = check(list, form);
        if (taskId.isEmpty()) {
            if (jdbc.sql("select count(*) from plan_task where list_id = :l and seq = :s").param("l", listId).param("s", form.seq())
                    .query(Integer.class).single() > 0) {
                throw new InvalidInputException("seq", "task.seq.taken", form.seq());
            }
            var keys = new GeneratedKeyHolder();
            try {
                jdbc.sql("""
                                insert into plan_task (list_id, seq, task_text, category, metric_id, indicator, unit, deadline,
                                    partner_region, partner_institution_id, agreement_id)
                                values (:l, :s, :t, :c, :m, :i, :u, :d, :pr, :pi, :a)""")
                        .param("l", listId).params(c.params()).update(keys, "id");
            } catch (org.springframework.dao.DuplicateKeyException addedMeanwhile) {
                throw new InvalidInputException("seq", "task.seq.taken", form.seq());
            }
            long id = keys.getKey().longValue();
            events.publishEvent(RecordChanged.created(PlanningAudit.TASK, id, c.audit()));
            return id;
        }
        Task before = task(taskId.get());
        if (before.listId() != listId) {
            throw new NotFoundException("task " + taskId.get() + " in list " + listId);
        }
        boolean measuredElse = !before.metricId().equals(Optional.ofNullable((String) c.params().get("m")))
                || !before.unit().name().equals(c.params().get("u"));
        if (measuredElse && approvedFor("g.task_id = :k", before.id())) {
            throw new InvalidInputException("metricId", "task.approved.measureFixed");
        }
        if (before.seq() != form.seq() && jdbc.sql("select count(*) from plan_task where list_id = :l and seq = :s and id <> :id")
                .param("l", listId).param("s", form.seq()).param("id", before.id()).query(Integer.class).single() > 0) {
            throw new InvalidInputException("seq", "task.seq.taken", form.seq());
        }
        int changed = jdbc.sql("""
                        update plan_task set seq = :s, task_text = :t, category = :c, metric_id = :m, indicator = :i, unit = :u,
                            deadline = :d, partner_region = :pr, partner_institution_id = :pi, agreement_id = :a, version = version + 1
                        where id = :id and version = :v""")
                .params(c.params()).param("id", before.id()).param("v", form.version()).update();
        if (changed == 0) {
            throw new ConcurrentEditException("task " + before.id());
        }
        events.publishEvent(RecordChanged.updated(PlanningAudit.TASK, before.id(), auditOf(before), c.audit()));
        return before.id();
    }

    /**
     * Whether a month was approved with a figure of these targets: an approved month keeps its figures, so
     * what measured them (the task's metric and unit) stays, and its targets are not deleted.
     */
    private boolean approvedFor(String condition, long key) {
        return jdbc.sql("select count(*) from report_value v join task_target g on g.id = v.target_id where " + condition
                + " and v.approved_value is not null").param("k", key).query(Integer.class).single() > 0;
    }

    @Transactional
    public void deleteTask(long taskId, int version) {
        Task task = task(taskId);
        requireEdit(planOf(list(task.listId())));
        if (approvedFor("g.task_id = :k", taskId)) {
            throw new InvalidInputException("task", "task.approved.cannotDelete");
        }
        if (jdbc.sql("delete from plan_task where id = :id and version = :v").param("id", taskId).param("v", version).update() == 0) {
            throw new ConcurrentEditException("task " + taskId);
        }
        events.publishEvent(RecordChanged.deleted(PlanningAudit.TASK, taskId, auditOf(task)));
    }

    /** Sets the target one owner unit answers for on a task: adds it, or changes it at the version read. */
    @Transactional
    public long saveTarget(long taskId, PlanForms.TargetForm form, List<Task.Milestone> milestones) {
        Task task = task(taskId);
        ResponsibilityList list = list(task.listId());
        requireEdit(planOf(list));
        OwnerUnit owner = unit("owner", form.owner(), planOf(list));
        BigDecimal value = positive("target", form.value(), task.unit());
        for (Task.Milestone m : milestones) {
            if (m.period().year() != list.year() || m.period().kind() == Period.Kind.YEAR || m.period().kind() == Period.Kind.YEAR_TO_DATE) {
                throw new InvalidInputException("milestones", "task.milestone.period", m.period().toString());
            }
            if (m.value().signum() <= 0 || m.value().compareTo(value) > 0) {
                throw new InvalidInputException("milestones", "task.milestone.value", m.period().toString());
            }
        }
        Optional<Task.Target> existing = task.targets().stream().filter(g -> g.owner().equals(owner)).findFirst();
        long id;
        if (existing.isEmpty()) {
            var keys = new GeneratedKeyHolder();
            try {
                jdbc.sql("insert into task_target (task_id, owner_region, owner_institution_id, owner_key, target) values (:t, :r, :i, :k, :v)")
                        .param("t", taskId).param("r", owner.region().map(RegionCode::value).orElse(null))
                        .param("i", owner.institutionId().orElse(null)).param("k", owner.key()).param("v", value).update(keys, "id");
            } catch (org.springframework.dao.DuplicateKeyException addedMeanwhile) {
                throw new ConcurrentEditException("target of " + owner.key() + " on task " + taskId);
            }
            id = keys.getKey().longValue();
            events.publishEvent(RecordChanged.created(PlanningAudit.TARGET, id, Map.of("task", String.valueOf(taskId),
                    "owner", owner.key(), "target", value.toPlainString())));
        } else {
            Task.Target before = existing.get();
            id = before.id();
            if (jdbc.sql("update task_target set target = :v, version = version + 1 where id = :id and version = :ver")
                    .param("v", value).param("id", id).param("ver", form.version()).update() == 0) {
                throw new ConcurrentEditException("target " + id);
            }
            events.publishEvent(RecordChanged.updated(PlanningAudit.TARGET, id,
                    Map.of("owner", owner.key(), "target", before.value().toPlainString()),
                    Map.of("owner", owner.key(), "target", value.toPlainString())));
        }
        jdbc.sql("delete from task_milestone where target_id = :g").param("g", id).update();
        for (Task.Milestone m : milestones) {
            jdbc.sql("insert into task_milestone (target_id, period, target) values (:g, :p, :v)")
                    .param("g", id).param("p", m.period().toString()).param("v", m.value()).update();
        }
        return id;
    }

    @Transactional
    public void deleteTarget(long targetId, int version) {
        Task.Target target = jdbc.sql("select task_id from task_target where id = :id").param("id", targetId).query(Long.class).optional()
                .map(this::task).flatMap(t -> t.targets().stream().filter(g -> g.id() == targetId).findFirst())
                .orElseThrow(() -> new NotFoundException("target " + targetId));
        requireEdit(planOf(list(task(target.taskId()).listId())));
        if (approvedFor("g.id = :k", targetId)) {
            throw new InvalidInputException("target", "task.approved.cannotDelete");
        }
        if (jdbc.sql("delete from task_target where id = :id and version = :v").param("id", targetId).param("v", version).update() == 0) {
            throw new ConcurrentEditException("target " + targetId);
        }
        events.publishEvent(RecordChanged.deleted(PlanningAudit.TARGET, targetId,
                Map.of("owner", target.owner().key(), "target", target.value().toPlainString())));
    }

    /** Reads an owner unit from its key, a division code or a place name, refusing what does not exist. */
    public OwnerUnit unit(String field, String raw) {
        return unit(field, raw, List.of());
    }

    /**
     * Reads an owner unit as people write it in a plan's list: its key ({@code i17}), a division code, a place
     * name (looked for in the plan's two cities first, so 白塔区 is Liaoyang's), or an institution's Chinese name
     * or credit code. Refused when it names nothing, or more than one place.
     */
    public OwnerUnit unit(String field, String raw, Plan plan) {
        return unit(field, raw, List.of(plan.helpingRegion(), plan.helpedRegion()));
    }

    private OwnerUnit unit(String field, String raw, List<RegionCode> near) {
        String k = raw == null ? "" : raw.strip();
        if (k.isEmpty()) {
            throw new InvalidInputException(field, "plan.unit.missing");
        }
        if (k.matches("i\\d{1,15}")) {
            long id = Long.parseLong(k.substring(1));
            if (id <= 0 || institutions.nameOf(id).isEmpty()) {
                throw new InvalidInputException(field, "plan.unit.invalid", k);
            }
            return OwnerUnit.ofInstitution(id);
        }
        try {
            return OwnerUnit.of(regions.resolve(field, k, near));
        } catch (InvalidInputException notAPlace) {
            if (!"place.unknown".equals(notAPlace.messageKey()) && !k.matches("[0-9A-Za-z]{18}")) {
                throw notAPlace;
            }
            List<Long> named = institutions.matching(new Institutions.Filter(Optional.empty(), Optional.empty(), Optional.of(k))).stream()
                    .filter(i -> i.nameZh().equals(k) || i.creditCode().map(c -> c.value().equalsIgnoreCase(k)).orElse(false))
                    .map(org.counterpart.cooperation.Institution::id).distinct().toList();
            if (named.size() == 1) {
                return OwnerUnit.ofInstitution(named.get(0));
            }
            throw named.isEmpty() ? notAPlace : new InvalidInputException(field, "plan.unit.ambiguous", k);
        }
    }

    /** An owner unit's name: the place's name, or the institution's (names of public bodies are no secret). */
    public String nameOf(OwnerUnit unit) {
        if (unit.region().isPresent()) {
            return regions.find(unit.region().get()).map(r -> regions.name(r.code())).orElse(unit.key());
        }
        return institutions.nameOf(unit.institutionId().orElseThrow()).orElse(unit.key());
    }

    // checks

    record Checked(Map<String, Object> params, Map<String, String> audit) {
    }

    /** Checks a task as entered without writing it (the list import checks every row before it writes any). */
    Checked check(ResponsibilityList list, PlanForms.TaskForm form) {
        if (form.seq() < 1 || form.seq() > 9999) {
            throw new InvalidInputException("seq", "task.seq.invalid");
        }
        String text = text("text", form.text(), 1000);
        TaskCategory category = enumValue("category", TaskCategory.class, form.category());
        Optional<Metric> metric = Optional.ofNullable(form.metricId()).map(String::strip).filter(s -> !s.isEmpty())
                .map(id -> metrics.require("metricId", id));
        MetricUnit unit = metric.map(Metric::unit).orElseGet(() -> enumValue("unit", MetricUnit.class, form.unit()));
        String indicator = form.indicator() == null || form.indicator().isBlank()
                ? metric.map(Metric::labelZh).orElseThrow(() -> new InvalidInputException("indicator", "task.indicator.missing"))
                : text("indicator", form.indicator(), 200);
        if (form.deadline() == null) {
            throw new InvalidInputException("deadline", "task.deadline.missing");
        }
        if (form.deadline().getYear() != list.year()) {
            throw new InvalidInputException("deadline", "task.deadline.outside", list.year());
        }
        Optional<OwnerUnit> partner = Optional.ofNullable(form.partner()).filter(p -> !p.isBlank()).map(p -> unit("partner", p, planOf(list)));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("s", form.seq());
        p.put("t", text);
        p.put("c", category.name());
        p.put("m", metric.map(Metric::id).orElse(null));
        p.put("i", indicator);
        p.put("u", unit.name());
        p.put("d", Date.valueOf(form.deadline()));
        p.put("pr", partner.flatMap(OwnerUnit::region).map(RegionCode::value).orElse(null));
        p.put("pi", partner.flatMap(OwnerUnit::institutionId).orElse(null));
        p.put("a", form.agreementId());
        Map<String, String> audit = new TreeMap<>();
        audit.put("seq", String.valueOf(form.seq()));
        audit.put("text", text);
        audit.put("category", category.name());
        audit.put("metric", metric.map(Metric::id).orElse(""));
        audit.put("indicator", indicator);
        audit.put("unit", unit.name());
        audit.put("deadline", form.deadline().toString());
        audit.put("partner", partner.map(OwnerUnit::key).orElse(""));
        audit.put("agreement", form.agreementId() == null ? "" : String.valueOf(form.agreementId()));
        return new Checked(p, audit);
    }

    private static Map<String, String> auditOf(Task t) {
        Map<String, String> audit = new TreeMap<>();
        audit.put("seq", String.valueOf(t.seq()));
        audit.put("text", t.text());
        audit.put("category", t.category().name());
        audit.put("metric", t.metricId().orElse(""));
        audit.put("indicator", t.indicator());
        audit.put("unit", t.unit().name());
        audit.put("deadline", t.deadline().toString());
        audit.put("partner", t.partner().map(OwnerUnit::key).orElse(""));
        audit.put("agreement", t.agreementId().map(String::valueOf).orElse(""));
        return audit;
    }

    private static String text(String field, String raw, int max) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw new InvalidInputException(field, "plan.field.missing");
        }
        if (v.length() > max) {
            throw new InvalidInputException(field, "plan.field.tooLong", max);
        }
        return v;
    }

    static BigDecimal positive(String field, BigDecimal value, MetricUnit unit) {
        if (value == null || value.signum() <= 0) {
            throw new InvalidInputException(field, "task.target.positive");
        }
        if (value.scale() > unit.scale() && value.stripTrailingZeros().scale() > unit.scale()) {
            throw new InvalidInputException(field, "task.target.decimals", unit.scale());
        }
        if (value.compareTo(new BigDecimal("1000000000000")) >= 0) {
            throw new InvalidInputException(field, "task.target.tooLarge");
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(String field, Class<E> type, String raw) {
        try {
            return Enum.valueOf(type, raw == null ? "" : raw.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidInputException(field, "plan.field.unknownValue", raw == null ? "" : raw);
        }
    }

    private static Plan plan(ResultSet rs, int i) throws SQLException {
        Date signed = rs.getDate("signed_on");
        return new Plan(rs.getLong("id"), rs.getString("title"), rs.getInt("first_year"), rs.getInt("last_year"),
                new RegionCode(rs.getString("helping_region")), new RegionCode(rs.getString("helped_region")),
                Optional.ofNullable(signed).map(Date::toLocalDate), rs.getInt("version"));
    }

    private static ResponsibilityList list(ResultSet rs, int i) throws SQLException {
        return new ResponsibilityList(rs.getLong("id"), rs.getLong("plan_id"), rs.getInt("plan_year"), rs.getString("title"),
                rs.getInt("version"));
    }

    private static OwnerUnit owner(ResultSet rs, String regionColumn, String institutionColumn) throws SQLException {
        String region = rs.getString(regionColumn);
        return region != null ? OwnerUnit.of(new RegionCode(region)) : OwnerUnit.ofInstitution(rs.getLong(institutionColumn));
    }
}
