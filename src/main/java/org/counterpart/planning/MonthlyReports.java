package org.counterpart.planning;

import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.Party;
import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Period;
import org.counterpart.shared.RecordChanged;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The monthly reports of the dispatch cycle. Each owner unit of a plan's list has a report per month,
 * opened as a draft the first time anyone opens it. The unit itself (a reporter or coordinator whose scope is
 * exactly the unit) writes and submits it; the level above reviews it: the helped city's office for a unit of
 * the helped side, the helping city's office for a district or an institution of the helping side (a reviewer,
 * coordinator or administrator scoped to that city), never the person who submitted it.
 * <p>
 * The input window: a month's report is handed in between the configured days of the next month (1st to
 * 10th by default). Submitting before the month has ended is refused; after the window closed, a draft is
 * neither saved nor submitted unless the level above's coordinator granted the unit a lock exception, and a
 * report submitted then is marked late. A returned report is reopened by its return and may be corrected and
 * submitted again at any time.
 * <p>
 * At approval each target's value is kept as approved (a computed one with the records behind it); a later
 * change of those records is shown by {@link #changesSinceApproval} and never rewrites the approved figure.
 * Every save and move publishes {@link RecordChanged}.
 */
@Service
public class MonthlyReports {

    /** Records kept behind one approved computed value; more are counted as capped. */
    public static final int RECORDS_KEPT = 2000;
    public static final int VALUE_NOTE_MAX = 500;

    /** A clock of a test's own thread, so the window can be tried on any day; unset everywhere else. */
    private static final ThreadLocal<Clock> CLOCK_OF_THREAD = new ThreadLocal<>();
    /** The person the system records a past month for ({@link #recordedAt}); unset everywhere else. */
    private static final ThreadLocal<String> ACTOR_OF_THREAD = new ThreadLocal<>();

    private final JdbcClient jdbc;
    private final Plans plans;
    private final MetricCatalog metrics;
    private final Ledgers ledgers;
    private final Institutions institutions;
    private final ApplicationEventPublisher events;
    private final int opensDay;
    private final int closesDay;

    MonthlyReports(JdbcClient jdbc, Plans plans, MetricCatalog metrics, Ledgers ledgers, Institutions institutions,
                   ApplicationEventPublisher events,
                   @Value("${counterpart.reports.window.opens-day:1}") int opensDay,
                   @Value("${counterpart.reports.window.closes-day:10}") int closesDay) {
        if (opensDay < 1 || closesDay > 28 || opensDay > closesDay) {
            throw new IllegalStateException("counterpart.reports.window: opens-day and closes-day must satisfy 1 <= opens <= closes <= 28");
        }
        this.jdbc = jdbc;
        this.plans = plans;
        this.metrics = metrics;
        this.ledgers = ledgers;
        this.institutions = institutions;
        this.events = events;
        this.opensDay = opensDay;
        this.closesDay = closesDay;
    }

    /** Runs work on this thread as if the day were the clock's (tests of the window only). */
    static <T> T at(Clock clock, Supplier<T> work) {
        Clock before = CLOCK_OF_THREAD.get();
        CLOCK_OF_THREAD.set(clock);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CLOCK_OF_THREAD.remove();
            } else {
                CLOCK_OF_THREAD.set(before);
            }
        }
    }

    /**
     * Records past months as they happened: the work runs as if it were the moment given, so windows, late
     * marks and approval times are those of that day, and the moves are recorded as {@code by}'s. Only the system does this (the reference scenario,
     * or moving an office's earlier reports in); a person always acts today.
     */
    public <T> T recordedAt(Instant at, String by, Supplier<T> work) {
        if (!CurrentUser.isSystem()) {
            throw new AccessDeniedException("only the system records reports of the past");
        }
        String before = ACTOR_OF_THREAD.get();
        ACTOR_OF_THREAD.set(by);
        try {
            return at(Clock.fixed(at, java.time.ZoneId.of("Asia/Shanghai")), work);
        } finally {
            if (before == null) {
                ACTOR_OF_THREAD.remove();
            } else {
                ACTOR_OF_THREAD.set(before);
            }
        }
    }

    /** Who acts: the caller, or the person on whose behalf the system records a past month. */
    private static String actor() {
        String recorded = ACTOR_OF_THREAD.get();
        return recorded != null ? recorded : CurrentUser.actorName();
    }

    private static Clock clock() {
        Clock c = CLOCK_OF_THREAD.get();
        return c == null ? Clock.system(java.time.ZoneId.of("Asia/Shanghai")) : c; // the window closes on China's day
    }

    static LocalDate today() {
        return LocalDate.now(clock());
    }

    private static Instant now() {
        return Instant.now(clock());
    }

    public ReportWindow window(int year, int month) {
        return ReportWindow.of(year, month, opensDay, closesDay);
    }

    // opening and reading

    /**
     * The unit's report for a month of a plan, opened as a draft the first time it is asked for. Refused for
     * a unit without targets in the plan's list of that year, for a month that has not begun, and for a
     * caller who may not read the unit's reports.
     */
    @Transactional
    public MonthlyReport reportFor(OwnerUnit unit, long planId, int year, int month) {
        Plan plan = plans.plan(planId);
        if (month < 1 || month > 12 || !plan.covers(year)) {
            throw new InvalidInputException("month", "report.month.outside");
        }
        requireRead(plan, unit);
        if (targetsOf(plan, unit, year).isEmpty()) {
            throw new NotFoundException("no targets of " + unit + " in plan " + planId + " for " + year);
        }
        Optional<MonthlyReport> existing = find(planId, unit, year, month);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (YearMonth.of(year, month).atDay(1).isAfter(today())) {
            throw new InvalidInputException("month", "report.month.future");
        }
        var keys = new GeneratedKeyHolder();
        // inside a savepoint: on PostgreSQL a refused insert spoils the whole transaction, the savepoint only itself
        Object savepoint = org.springframework.transaction.interceptor.TransactionAspectSupport.currentTransactionStatus().createSavepoint();
        try {
            jdbc.sql("""
                            insert into monthly_report (plan_id, unit_key, owner_region, owner_institution_id, report_year, report_month, state)
                            values (:p, :k, :r, :i, :y, :m, 'DRAFT')""")
                    .param("p", planId).param("k", unit.key()).param("r", unit.region().map(RegionCode::value).orElse(null))
                    .param("i", unit.institutionId().orElse(null)).param("y", year).param("m", month).update(keys, "id");
        } catch (DuplicateKeyException openedMeanwhile) {
            org.springframework.transaction.interceptor.TransactionAspectSupport.currentTransactionStatus().rollbackToSavepoint(savepoint);
            return find(planId, unit, year, month).orElseThrow();
        }
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(ReportAudit.REPORT, id, Map.of("plan", String.valueOf(planId), "unit", unit.key(),
                "month", Period.month(year, month).toString(), "state", ReportState.DRAFT.name())));
        return get(id);
    }

    /** A report by id, refused when the caller may not read it. */
    public MonthlyReport get(long id) {
        MonthlyReport r = jdbc.sql("select * from monthly_report where id = :id").param("id", id).query(MonthlyReports::report).optional()
                .orElseThrow(() -> new NotFoundException("report " + id));
        requireRead(plans.plan(r.planId()), r.unit());
        return r;
    }

    private Optional<MonthlyReport> find(long planId, OwnerUnit unit, int year, int month) {
        return jdbc.sql("select * from monthly_report where plan_id = :p and unit_key = :k and report_year = :y and report_month = :m")
                .param("p", planId).param("k", unit.key()).param("y", year).param("m", month).query(MonthlyReports::report).optional();
    }

    /** The report as its page shows it. */
    public ReportSheet sheet(long id) {
        MonthlyReport r = get(id);
        Plan plan = plans.plan(r.planId());
        List<ReportValue> values = values(plan, r);
        boolean approved = r.state() == ReportState.APPROVED;
        return new ReportSheet(r, plan, window(r.year(), r.month()), values, problems(r), lockFor(r, today()),
                canWrite(r.unit()) && r.state().editable(), canReview(plan, r.unit()) && r.state() == ReportState.SUBMITTED,
                canGrantLock(plan, r.unit()), approved ? changes(plan, r) : List.of());
    }

    /** Each target of the report with the month's value now and, once approved, the value as approved. */
    public List<ReportValue> values(MonthlyReport r) {
        return values(plans.plan(r.planId()), r);
    }

    private List<ReportValue> values(Plan plan, MonthlyReport r) {
        List<Targeted> targets = targetsOf(plan, r.unit(), r.year());
        Map<Long, Stored> stored = stored(r.id());
        Map<Long, Optional<BigDecimal>> computed = computedNow(plan, targets, r.period());
        List<ReportValue> out = new ArrayList<>();
        for (Targeted t : targets) {
            Stored s = stored.getOrDefault(t.target().id(), Stored.NONE);
            boolean isComputed = t.task().computed();
            Optional<BigDecimal> value = isComputed ? computed.getOrDefault(t.target().id(), Optional.empty()) : s.hand();
            out.add(new ReportValue(t.task(), t.target(), t.target().owner().subject(plan.helpedRegion()), isComputed, value, s.hand(),
                    s.note(), s.approved(), s.approvedAt()));
        }
        return out;
    }

    /** The problems ledger's records the unit raised in the report's month, as the caller may read them. */
    public List<LedgerRecord> problems(MonthlyReport r) {
        Party party = r.unit().region().map(Party::place).orElseGet(() -> Party.institution(r.unit().institutionId().orElseThrow()));
        Period month = r.period();
        return ledgers.matching(Ledger.PROBLEM, new Ledgers.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Map.of()))
                .stream()
                .filter(p -> party.equals(p.owner()))
                .filter(p -> p.get(Ledger.RAISED_ON) != null && month.contains(p.get(Ledger.RAISED_ON)))
                .toList();
    }

    // writing

    /** Saves the unit's hand values, notes, progress note and next month's plan, at the version read. */
    @Transactional
    public void save(long id, ReportForm form) {
        MonthlyReport before = get(id);
        Plan plan = plans.plan(before.planId());
        requireWrite(before.unit());
        before.requireEditable();
        if (before.state() == ReportState.DRAFT) {
            requireWindowNotClosed(before);
        }
        MonthlyReport after = before.withText(form.progressNote(), form.nextMonthPlan());
        List<Targeted> targets = targetsOf(plan, before.unit(), before.year());
        Map<Long, Targeted> byId = new LinkedHashMap<>();
        targets.forEach(t -> byId.put(t.target().id(), t));
        for (Long key : form.handValues().keySet()) {
            Targeted t = byId.get(key);
            if (t == null) {
                throw new InvalidInputException("hand." + key, "report.value.notOfReport");
            }
            if (t.task().computed() && form.handValues().get(key) != null && !form.handValues().get(key).isBlank()) {
                throw new InvalidInputException("hand." + key, "report.value.computed");
            }
        }
        for (Long key : form.notes().keySet()) {
            if (!byId.containsKey(key)) {
                throw new InvalidInputException("note." + key, "report.value.notOfReport");
            }
        }
        Map<Long, Stored> stored = stored(id);
        Map<String, String> auditBefore = audit(before, stored);
        Map<Long, Stored> next = new LinkedHashMap<>();
        for (Targeted t : targets) {
            long tid = t.target().id();
            Stored s = stored.getOrDefault(tid, Stored.NONE);
            Optional<BigDecimal> hand = t.task().computed() ? Optional.empty()
                    : form.handValues().containsKey(tid) ? handValue("hand." + tid, form.handValues().get(tid), t.task()) : s.hand();
            String note = form.notes().containsKey(tid) ? note("note." + tid, form.notes().get(tid)) : s.note();
            next.put(tid, new Stored(hand, note, Optional.empty(), Optional.empty(), s.exists()));
        }
        if (jdbc.sql("""
                        update monthly_report set progress_note = :pn, next_month_plan = :np, version = version + 1
                        where id = :id and version = :v""")
                .param("pn", after.progressNote()).param("np", after.nextMonthPlan()).param("id", id).param("v", form.version())
                .update() == 0) {
            throw new ConcurrentEditException("report " + id);
        }
        next.forEach((tid, s) -> {
            if (s.exists()) {
                jdbc.sql("update report_value set hand_value = :h, note = :n where report_id = :r and target_id = :t")
                        .param("h", s.hand().orElse(null)).param("n", s.note()).param("r", id).param("t", tid).update();
            } else {
                jdbc.sql("insert into report_value (report_id, target_id, hand_value, note) values (:r, :t, :h, :n)")
                        .param("h", s.hand().orElse(null)).param("n", s.note()).param("r", id).param("t", tid).update();
            }
        });
        events.publishEvent(RecordChanged.updated(ReportAudit.REPORT, id, auditBefore, audit(after, next)));
    }

    /**
     * Hands a draft in (or a returned report in again). Refused before the month has ended and before the
     * window opens; a draft after the window closed only under a lock exception, and then marked late.
     */
    @Transactional
    public void submit(long id, int version) {
        MonthlyReport before = get(id);
        requireWrite(before.unit());
        LocalDate today = today();
        if (!today.isAfter(before.period().end())) {
            throw new InvalidInputException("state", "report.submit.early", before.period().end().plusDays(1).toString());
        }
        MonthlyReport after;
        if (before.state() == ReportState.RETURNED) {
            after = before.resubmit(actor(), now());
        } else {
            ReportWindow window = window(before.year(), before.month());
            if (today.isBefore(window.opens())) {
                throw new InvalidInputException("state", "report.window.notOpen", window.opens().toString());
            }
            if (before.state() == ReportState.DRAFT) {
                requireWindowNotClosed(before);
            }
            after = before.submit(actor(), now(), window.closed(today));
        }
        move(before, after, version);
    }

    /** Approves a submitted report, keeping each target's value as approved (with the records behind computed ones). */
    @Transactional
    public void approve(long id, int version, String comment) {
        MonthlyReport before = get(id);
        Plan plan = plans.plan(before.planId());
        requireReview(plan, before.unit());
        Instant at = now();
        MonthlyReport after = before.approve(actor(), at, comment);
        move(before, after, version);
        freeze(plan, after, at);
    }

    /** Returns a submitted report to its unit with the reason (required). */
    @Transactional
    public void returnTo(long id, int version, String reason) {
        MonthlyReport before = get(id);
        Plan plan = plans.plan(before.planId());
        requireReview(plan, before.unit());
        move(before, before.returnWith(actor(), now(), reason), version);
    }

    private void move(MonthlyReport before, MonthlyReport after, int version) {
        int changed = jdbc.sql("""
                        update monthly_report set state = :s, submitted_at = :sa, submitted_by = :sb, late = :late, reviewed_at = :ra,
                            reviewed_by = :rb, review_comment = :rc, return_reason = :rr, version = version + 1
                        where id = :id and version = :v""")
                .param("s", after.state().name()).param("sa", after.submittedAt().map(Timestamp::from).orElse(null))
                .param("sb", after.submittedBy().orElse(null)).param("late", after.late())
                .param("ra", after.reviewedAt().map(Timestamp::from).orElse(null)).param("rb", after.reviewedBy().orElse(null))
                .param("rc", after.reviewComment().orElse(null)).param("rr", after.returnReason().orElse(null))
                .param("id", before.id()).param("v", version).update();
        if (changed == 0) {
            throw new ConcurrentEditException("report " + before.id());
        }
        events.publishEvent(RecordChanged.updated(ReportAudit.REPORT, before.id(), moveAudit(before), moveAudit(after)));
    }

    private void freeze(Plan plan, MonthlyReport r, Instant at) {
        Map<Long, Stored> stored = stored(r.id());
        Period month = r.period();
        for (Targeted t : targetsOf(plan, r.unit(), r.year())) {
            long tid = t.target().id();
            Stored s = stored.getOrDefault(tid, Stored.NONE);
            Optional<BigDecimal> approved;
            List<MetricRecord> records = List.of();
            boolean capped = false;
            Optional<String> metric = t.task().metricId().filter(m -> metrics.find(m).isPresent());
            if (t.task().computed()) {
                if (metric.isPresent()) {
                    MetricSubject subject = t.target().owner().subject(plan.helpedRegion());
                    approved = Optional.of(metrics.value(metric.get(), subject, month));
                    records = metrics.records(metric.get(), subject, month, RECORDS_KEPT + 1);
                    capped = records.size() > RECORDS_KEPT;
                    records = capped ? records.subList(0, RECORDS_KEPT) : records;
                } else {
                    approved = Optional.empty(); // a metric no module publishes any more: nothing to keep
                }
            } else {
                approved = s.hand();
            }
            Timestamp ts = Timestamp.from(at);
            if (s.exists()) {
                jdbc.sql("""
                                update report_value set approved_value = :a, approved_at = :at, record_count = :n, records_capped = :c
                                where report_id = :r and target_id = :t""")
                        .param("a", approved.orElse(null)).param("at", ts).param("n", records.size()).param("c", capped)
                        .param("r", r.id()).param("t", tid).update();
            } else {
                jdbc.sql("""
                                insert into report_value (report_id, target_id, approved_value, approved_at, record_count, records_capped)
                                values (:r, :t, :a, :at, :n, :c)""")
                        .param("a", approved.orElse(null)).param("at", ts).param("n", records.size()).param("c", capped)
                        .param("r", r.id()).param("t", tid).update();
            }
            jdbc.sql("delete from report_value_record where report_id = :r and target_id = :t").param("r", r.id()).param("t", tid).update();
            for (MetricRecord m : records) {
                jdbc.sql("""
                                insert into report_value_record (report_id, target_id, kind, record_id, version, amount, title, link)
                                values (:r, :t, :k, :id, :v, :a, :ti, :l)""")
                        .param("r", r.id()).param("t", tid).param("k", m.kind()).param("id", m.id()).param("v", m.version())
                        .param("a", m.amount()).param("ti", cut(m.title(), 300)).param("l", cut(m.link(), 300)).update();
            }
        }
    }

    // lock exceptions

    /**
     * Lets a unit save and submit a month's report after its window closed, until a day; granted by a
     * coordinator (or administrator) of the level above, with the reason, audited.
     */
    @Transactional
    public long grantLockException(long planId, OwnerUnit unit, int year, int month, LocalDate until, String reason) {
        Plan plan = plans.plan(planId);
        if (!canGrantLock(plan, unit)) {
            throw new AccessDeniedException("cannot grant a lock exception to " + unit);
        }
        if (month < 1 || month > 12 || !plan.covers(year)) {
            throw new InvalidInputException("month", "report.month.outside");
        }
        if (targetsOf(plan, unit, year).isEmpty()) {
            throw new InvalidInputException("unit", "report.unit.noTargets");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new InvalidInputException("reason", "report.lock.reasonRequired");
        }
        if (why.length() > 1000) {
            throw new InvalidInputException("reason", "report.field.tooLong", 1000);
        }
        LocalDate today = today();
        if (until == null || until.isBefore(today) || until.isAfter(today.plusDays(92))) {
            throw new InvalidInputException("until", "report.lock.until", today.toString(), today.plusDays(92).toString());
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into lock_exception (plan_id, unit_key, owner_region, owner_institution_id, report_year, report_month,
                            until_date, granted_by, granted_at, reason)
                        values (:p, :k, :r, :i, :y, :m, :u, :g, :at, :why)""")
                .param("p", planId).param("k", unit.key()).param("r", unit.region().map(RegionCode::value).orElse(null))
                .param("i", unit.institutionId().orElse(null)).param("y", year).param("m", month).param("u", Date.valueOf(until))
                .param("g", actor()).param("at", Timestamp.from(now())).param("why", why).update(keys, "id");
        long id = keys.getKey().longValue();
        events.publishEvent(RecordChanged.created(ReportAudit.LOCK_EXCEPTION, id, Map.of("plan", String.valueOf(planId), "unit", unit.key(),
                "month", Period.month(year, month).toString(), "until", until.toString(), "reason", why)));
        return id;
    }

    /** The lock exceptions granted for a unit's month, latest first. */
    public List<ReportLock> lockExceptions(long planId, OwnerUnit unit, int year, int month) {
        requireRead(plans.plan(planId), unit);
        return jdbc.sql("""
                        select * from lock_exception where plan_id = :p and unit_key = :k and report_year = :y and report_month = :m
                        order by until_date desc, id desc""")
                .param("p", planId).param("k", unit.key()).param("y", year).param("m", month).query(MonthlyReports::lock).list();
    }

    private Optional<ReportLock> lockFor(MonthlyReport r, LocalDate today) {
        return jdbc.sql("""
                        select * from lock_exception where plan_id = :p and unit_key = :k and report_year = :y and report_month = :m
                            and until_date >= :d order by until_date desc, id desc""")
                .param("p", r.planId()).param("k", r.unit().key()).param("y", r.year()).param("m", r.month()).param("d", Date.valueOf(today))
                .query(MonthlyReports::lock).list().stream().findFirst();
    }

    private void requireWindowNotClosed(MonthlyReport r) {
        LocalDate today = today();
        ReportWindow window = window(r.year(), r.month());
        if (window.closed(today) && lockFor(r, today).isEmpty()) {
            throw new InvalidInputException("state", "report.window.closed", window.closes().toString());
        }
    }

    // the month across units, and each caller's own work

    /** Every unit's report for a month of a plan (the units the caller may read), completeness, timeliness, and the overdue. */
    public ReportMonth month(long planId, int year, int month) {
        Plan plan = plans.plan(planId);
        if (month < 1 || month > 12 || !plan.covers(year)) {
            throw new InvalidInputException("month", "report.month.outside");
        }
        Map<String, MonthlyReport> reports = new HashMap<>();
        jdbc.sql("select * from monthly_report where plan_id = :p and report_year = :y and report_month = :m")
                .param("p", planId).param("y", year).param("m", month).query(MonthlyReports::report).list()
                .forEach(r -> reports.put(r.unit().key(), r));
        ReportWindow window = window(year, month);
        boolean closed = window.closed(today());
        List<ReportMonth.Row> rows = new ArrayList<>();
        List<OwnerUnit> overdue = new ArrayList<>();
        for (OwnerUnit unit : unitsOf(plan, year)) {
            if (!canRead(plan, unit)) {
                continue;
            }
            ReportMonth.Row row = new ReportMonth.Row(unit, Optional.ofNullable(reports.get(unit.key())));
            rows.add(row);
            if (closed && !row.handedIn()) {
                overdue.add(unit);
            }
        }
        return new ReportMonth(plan, year, month, window, rows, overdue);
    }

    /** The units with no report handed in for a month whose window has closed. */
    public List<OwnerUnit> overdue(long planId, int year, int month) {
        return month(planId, year, month).overdue();
    }

    /**
     * What the caller's own unit has to report: last month's report of each plan it has targets in, while
     * not handed in, any month still open under a lock exception, and every report returned to it.
     */
    public List<ReportDue> dueFor() {
        Optional<CurrentUser> user = CurrentUser.get();
        if (user.isEmpty() || !user.get().is(Role.REPORTER, Role.COORDINATOR)) {
            return List.of();
        }
        OwnerUnit unit = user.get().scope().region().map(OwnerUnit::of)
                .orElseGet(() -> OwnerUnit.ofInstitution(user.get().scope().institutionId().orElseThrow()));
        YearMonth last = YearMonth.from(today()).minusMonths(1);
        List<ReportDue> out = new ArrayList<>();
        for (Plan plan : plans.plans()) {
            Map<String, ReportDue> due = new TreeMap<>();
            if (plan.covers(last.getYear()) && !targetsOf(plan, unit, last.getYear()).isEmpty()) {
                Optional<MonthlyReport> r = find(plan.id(), unit, last.getYear(), last.getMonthValue());
                if (r.map(x -> x.state() == ReportState.DRAFT).orElse(true)) {
                    due.put(Period.month(last.getYear(), last.getMonthValue()).toString(),
                            new ReportDue(plan, unit, last.getYear(), last.getMonthValue(), window(last.getYear(), last.getMonthValue()), r));
                }
            }
            jdbc.sql("""
                            select report_year, report_month from lock_exception where plan_id = :p and unit_key = :k and until_date >= :d""")
                    .param("p", plan.id()).param("k", unit.key()).param("d", Date.valueOf(today()))
                    .query((rs, i) -> YearMonth.of(rs.getInt(1), rs.getInt(2))).list()
                    .forEach(ym -> {
                        Optional<MonthlyReport> r = find(plan.id(), unit, ym.getYear(), ym.getMonthValue());
                        if (r.map(x -> x.state() == ReportState.DRAFT).orElse(true)) {
                            due.put(Period.month(ym.getYear(), ym.getMonthValue()).toString(),
                                    new ReportDue(plan, unit, ym.getYear(), ym.getMonthValue(), window(ym.getYear(), ym.getMonthValue()), r));
                        }
                    });
            jdbc.sql("select * from monthly_report where plan_id = :p and unit_key = :k and state = 'RETURNED'")
                    .param("p", plan.id()).param("k", unit.key()).query(MonthlyReports::report).list()
                    .forEach(r -> due.put(r.period().toString(), new ReportDue(plan, unit, r.year(), r.month(), window(r.year(), r.month()),
                            Optional.of(r))));
            out.addAll(due.values());
        }
        return out;
    }

    /** The submitted reports the caller may approve or return, oldest submission first. */
    public List<MonthlyReport> awaitingReviewBy() {
        if (CurrentUser.get().isEmpty()) {
            return List.of();
        }
        Map<Long, Plan> byId = new HashMap<>();
        plans.plans().forEach(p -> byId.put(p.id(), p));
        return jdbc.sql("select * from monthly_report where state = 'SUBMITTED' order by submitted_at, id")
                .query(MonthlyReports::report).list().stream()
                .filter(r -> byId.containsKey(r.planId()) && canReview(byId.get(r.planId()), r.unit())
                        && !r.submittedBy().map(actor()::equals).orElse(false))
                .toList();
    }

    // approved months

    /** One approved figure of a month: the report, the target, and the value approved for it. */
    public record ApprovedFigure(MonthlyReport report, long targetId, BigDecimal approved) {
    }

    /**
     * Every figure approved for a month of a plan, in one read, so that a report across units can compare
     * them with the values now and ask {@link #changesSinceApproval} only of the reports that changed.
     */
    public List<ApprovedFigure> approvedFigures(long planId, int year, int month) {
        Plan plan = plans.plan(planId);
        Map<Long, MonthlyReport> reports = new HashMap<>();
        jdbc.sql("select * from monthly_report where plan_id = :p and report_year = :y and report_month = :m and state = 'APPROVED'")
                .param("p", planId).param("y", year).param("m", month).query(MonthlyReports::report).list()
                .stream().filter(r -> canRead(plan, r.unit())).forEach(r -> reports.put(r.id(), r));
        if (reports.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select report_id, target_id, approved_value from report_value where report_id in (:ids) and approved_value is not null")
                .param("ids", List.copyOf(reports.keySet()))
                .query((rs, i) -> new ApprovedFigure(reports.get(rs.getLong(1)), rs.getLong(2), rs.getBigDecimal(3))).list();
    }

    /** For an approved report, each target against its approved figure: the value now and the records added, removed or changed. */
    public List<ReportChange> changesSinceApproval(long reportId) {
        MonthlyReport r = get(reportId);
        if (r.state() != ReportState.APPROVED) {
            return List.of();
        }
        return changes(plans.plan(r.planId()), r);
    }

    private List<ReportChange> changes(Plan plan, MonthlyReport r) {
        Map<Long, Stored> stored = stored(r.id());
        Map<Long, Map<String, MetricRecord>> kept = new HashMap<>();
        jdbc.sql("select * from report_value_record where report_id = :r").param("r", r.id()).query(rs -> {
            MetricRecord m = new MetricRecord(rs.getString("kind"), rs.getLong("record_id"), rs.getInt("version"), rs.getString("title"),
                    rs.getBigDecimal("amount"), rs.getString("link"));
            kept.computeIfAbsent(rs.getLong("target_id"), k -> new LinkedHashMap<>()).put(m.ref(), m);
        });
        Map<Long, Boolean> capped = new HashMap<>();
        jdbc.sql("select target_id, records_capped from report_value where report_id = :r").param("r", r.id())
                .query(rs -> {
                    capped.put(rs.getLong(1), rs.getBoolean(2));
                });
        List<ReportChange> out = new ArrayList<>();
        for (Targeted t : targetsOf(plan, r.unit(), r.year())) {
            long tid = t.target().id();
            Stored s = stored.getOrDefault(tid, Stored.NONE);
            Optional<String> metric = t.task().metricId().filter(m -> metrics.find(m).isPresent());
            if (!t.task().computed() || metric.isEmpty()) {
                // a hand value is frozen with its report: it is the approved one
                out.add(new ReportChange(t.task(), t.target(), s.approved(), t.task().computed() ? Optional.empty() : s.approved(),
                        List.of(), List.of(), List.of(), false));
                continue;
            }
            MetricSubject subject = t.target().owner().subject(plan.helpedRegion());
            BigDecimal now = metrics.value(metric.get(), subject, r.period());
            Map<String, MetricRecord> then = kept.getOrDefault(tid, Map.of());
            Map<String, MetricRecord> current = new LinkedHashMap<>();
            metrics.records(metric.get(), subject, r.period(), RECORDS_KEPT + 1).forEach(m -> current.put(m.ref(), m));
            List<ReportChange.RecordChange> added = new ArrayList<>();
            List<ReportChange.RecordChange> removed = new ArrayList<>();
            List<ReportChange.RecordChange> changed = new ArrayList<>();
            current.forEach((ref, m) -> {
                MetricRecord before = then.get(ref);
                if (before == null) {
                    added.add(new ReportChange.RecordChange(m.kind(), m.id(), m.title(), m.link(), Optional.empty(), Optional.of(m.version()),
                            Optional.empty(), Optional.of(m.amount())));
                } else if (before.version() != m.version() || before.amount().compareTo(m.amount()) != 0) {
                    changed.add(new ReportChange.RecordChange(m.kind(), m.id(), m.title(), m.link(), Optional.of(before.version()),
                            Optional.of(m.version()), Optional.of(before.amount()), Optional.of(m.amount())));
                }
            });
            then.forEach((ref, m) -> {
                if (!current.containsKey(ref)) {
                    removed.add(new ReportChange.RecordChange(m.kind(), m.id(), m.title(), m.link(), Optional.of(m.version()), Optional.empty(),
                            Optional.of(m.amount()), Optional.empty()));
                }
            });
            boolean wasCapped = capped.getOrDefault(tid, false) || current.size() > RECORDS_KEPT;
            if (wasCapped) {
                // beyond the records kept the comparison would list records that were never kept as added
                added.removeIf(c -> true);
                removed.removeIf(c -> true);
            }
            out.add(new ReportChange(t.task(), t.target(), s.approved(), Optional.of(now), List.copyOf(added), List.copyOf(removed),
                    List.copyOf(changed), wasCapped));
        }
        return out;
    }

    // who

    /** A reporter or coordinator whose scope is exactly the unit: its own people write its report. */
    public boolean canWrite(OwnerUnit unit) {
        if (CurrentUser.isSystem()) {
            return true;
        }
        return CurrentUser.get().filter(u -> u.is(Role.REPORTER, Role.COORDINATOR))
                .map(u -> unit.region().map(r -> u.scope().region().map(r::equals).orElse(false))
                        .orElseGet(() -> u.scope().isInstitution(unit.institutionId().orElseThrow())))
                .orElse(false);
    }

    /** A reviewer, coordinator or administrator whose scope is the level above the unit (its side's city). */
    public boolean canReview(Plan plan, OwnerUnit unit) {
        if (CurrentUser.isSystem()) {
            return true;
        }
        RegionCode above = levelAbove(plan, unit);
        return CurrentUser.get().filter(u -> u.is(Role.REVIEWER, Role.COORDINATOR, Role.ADMINISTRATOR))
                .map(u -> u.scope().region().map(above::equals).orElse(false)).orElse(false);
    }

    /** A coordinator or administrator of the level above. */
    public boolean canGrantLock(Plan plan, OwnerUnit unit) {
        if (CurrentUser.isSystem()) {
            return true;
        }
        RegionCode above = levelAbove(plan, unit);
        return CurrentUser.get().filter(u -> u.is(Role.COORDINATOR, Role.ADMINISTRATOR))
                .map(u -> u.scope().region().map(above::equals).orElse(false)).orElse(false);
    }

    /** The unit's own people and those above them, and the offices of either city of the plan (or wider scopes). */
    public boolean canRead(Plan plan, OwnerUnit unit) {
        if (CurrentUser.isSystem()) {
            return true;
        }
        Optional<CurrentUser> user = CurrentUser.get();
        if (user.isEmpty()) {
            return false;
        }
        var scope = user.get().scope();
        if (unit.institutionId().isPresent() && scope.isInstitution(unit.institutionId().get())) {
            return true;
        }
        if (scope.region().isEmpty()) {
            return false;
        }
        RegionCode s = scope.region().get();
        RegionCode place = placeOf(unit);
        return s.covers(place) || s.covers(plan.helpingRegion()) || s.covers(plan.helpedRegion());
    }

    /** The city whose office reviews the unit: the helped city for a unit of the helped side, else the helping city. */
    RegionCode levelAbove(Plan plan, OwnerUnit unit) {
        return plan.helpedRegion().covers(placeOf(unit)) ? plan.helpedRegion() : plan.helpingRegion();
    }

    private RegionCode placeOf(OwnerUnit unit) {
        // an institution's region decides its side; the name and region of a public body are no secret
        return unit.region().orElseGet(() -> institutions.regionOf(unit.institutionId().orElseThrow())
                .orElseThrow(() -> new NotFoundException("institution " + unit.institutionId().get())));
    }

    private void requireRead(Plan plan, OwnerUnit unit) {
        if (!canRead(plan, unit)) {
            throw new AccessDeniedException("the reports of " + unit + " are outside the caller's scope");
        }
    }

    private void requireWrite(OwnerUnit unit) {
        if (!canWrite(unit)) {
            throw new AccessDeniedException("only the unit " + unit + " itself writes its report");
        }
    }

    private void requireReview(Plan plan, OwnerUnit unit) {
        if (!canReview(plan, unit)) {
            throw new AccessDeniedException("the report of " + unit + " is reviewed by " + levelAbove(plan, unit));
        }
    }

    // the plan's targets of a unit

    record Targeted(Task task, Task.Target target) {
    }

    /** The unit's targets in the plan's list of a year, in the list's order. */
    List<Targeted> targetsOf(Plan plan, OwnerUnit unit, int year) {
        List<Targeted> out = new ArrayList<>();
        for (ResponsibilityList list : plans.lists(plan.id())) {
            if (list.year() != year) {
                continue;
            }
            for (Task task : plans.tasks(list.id())) {
                task.targets().stream().filter(g -> g.owner().equals(unit)).forEach(g -> out.add(new Targeted(task, g)));
            }
        }
        return out;
    }

    private List<OwnerUnit> unitsOf(Plan plan, int year) {
        Map<String, OwnerUnit> units = new TreeMap<>();
        for (ResponsibilityList list : plans.lists(plan.id())) {
            if (list.year() == year) {
                plans.tasks(list.id()).forEach(t -> t.targets().forEach(g -> units.putIfAbsent(g.owner().key(), g.owner())));
            }
        }
        return List.copyOf(units.values());
    }

    private Map<Long, Optional<BigDecimal>> computedNow(Plan plan, List<Targeted> targets, Period period) {
        Map<String, List<Targeted>> byMetric = new LinkedHashMap<>();
        targets.stream().filter(t -> t.task().computed())
                .forEach(t -> byMetric.computeIfAbsent(t.task().metricId().orElseThrow(), k -> new ArrayList<>()).add(t));
        Map<Long, Optional<BigDecimal>> out = new HashMap<>();
        byMetric.forEach((metric, ts) -> {
            if (metrics.find(metric).isEmpty()) {
                ts.forEach(t -> out.put(t.target().id(), Optional.empty()));
                return;
            }
            List<MetricSubject> subjects = ts.stream().map(t -> t.target().owner().subject(plan.helpedRegion())).distinct().toList();
            Map<MetricSubject, BigDecimal> values = metrics.values(metric, period, subjects);
            ts.forEach(t -> out.put(t.target().id(),
                    Optional.of(values.getOrDefault(t.target().owner().subject(plan.helpedRegion()), BigDecimal.ZERO))));
        });
        return out;
    }

    // rows

    record Stored(Optional<BigDecimal> hand, String note, Optional<BigDecimal> approved, Optional<Instant> approvedAt, boolean exists) {
        static final Stored NONE = new Stored(Optional.empty(), "", Optional.empty(), Optional.empty(), false);
    }

    private Map<Long, Stored> stored(long reportId) {
        Map<Long, Stored> out = new HashMap<>();
        jdbc.sql("select * from report_value where report_id = :r").param("r", reportId).query(rs -> {
            Timestamp at = rs.getTimestamp("approved_at");
            out.put(rs.getLong("target_id"), new Stored(Optional.ofNullable(rs.getBigDecimal("hand_value")),
                    Optional.ofNullable(rs.getString("note")).orElse(""), Optional.ofNullable(rs.getBigDecimal("approved_value")),
                    Optional.ofNullable(at).map(Timestamp::toInstant), true));
        });
        return out;
    }

    private static Map<String, String> audit(MonthlyReport r, Map<Long, Stored> values) {
        Map<String, String> a = new TreeMap<>();
        a.put("state", r.state().name());
        a.put("progress", r.progressNote());
        a.put("nextMonth", r.nextMonthPlan());
        values.entrySet().stream().sorted(Comparator.comparing(Map.Entry::getKey)).forEach(e -> {
            e.getValue().hand().ifPresent(h -> a.put("hand." + e.getKey(), h.toPlainString()));
            if (!e.getValue().note().isEmpty()) {
                a.put("note." + e.getKey(), e.getValue().note());
            }
        });
        return a;
    }

    private static Map<String, String> moveAudit(MonthlyReport r) {
        Map<String, String> a = new TreeMap<>();
        a.put("state", r.state().name());
        a.put("late", String.valueOf(r.late()));
        r.submittedBy().ifPresent(v -> a.put("submittedBy", v));
        r.reviewedBy().ifPresent(v -> a.put("reviewedBy", v));
        r.reviewComment().ifPresent(v -> a.put("comment", v));
        r.returnReason().ifPresent(v -> a.put("returnReason", v));
        return a;
    }

    private static Optional<BigDecimal> handValue(String field, String raw, Task task) {
        String v = raw == null ? "" : raw.strip().replace(",", "").replace("，", "");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "report.value.notANumber", raw.strip());
        }
        if (d.signum() < 0) {
            throw new InvalidInputException(field, "report.value.negative");
        }
        if (d.stripTrailingZeros().scale() > task.unit().scale()) {
            throw new InvalidInputException(field, "task.target.decimals", task.unit().scale());
        }
        if (d.compareTo(new BigDecimal("1000000000000")) >= 0) {
            throw new InvalidInputException(field, "task.target.tooLarge");
        }
        return Optional.of(d.setScale(2, java.math.RoundingMode.UNNECESSARY));
    }

    private static String note(String field, String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.length() > VALUE_NOTE_MAX) {
            throw new InvalidInputException(field, "report.field.tooLong", VALUE_NOTE_MAX);
        }
        return v;
    }

    private static String cut(String s, int max) {
        return s == null ? null : s.length() <= max ? s : s.substring(0, max);
    }

    private static MonthlyReport report(ResultSet rs, int i) throws SQLException {
        String region = rs.getString("owner_region");
        OwnerUnit unit = region != null ? OwnerUnit.of(new RegionCode(region)) : OwnerUnit.ofInstitution(rs.getLong("owner_institution_id"));
        return new MonthlyReport(rs.getLong("id"), rs.getLong("plan_id"), unit, rs.getInt("report_year"), rs.getInt("report_month"),
                ReportState.valueOf(rs.getString("state")), rs.getString("progress_note"), rs.getString("next_month_plan"),
                instant(rs, "submitted_at"), Optional.ofNullable(rs.getString("submitted_by")), rs.getBoolean("late"),
                instant(rs, "reviewed_at"), Optional.ofNullable(rs.getString("reviewed_by")), Optional.ofNullable(rs.getString("review_comment")),
                Optional.ofNullable(rs.getString("return_reason")), rs.getInt("version"));
    }

    private static ReportLock lock(ResultSet rs, int i) throws SQLException {
        String region = rs.getString("owner_region");
        OwnerUnit unit = region != null ? OwnerUnit.of(new RegionCode(region)) : OwnerUnit.ofInstitution(rs.getLong("owner_institution_id"));
        return new ReportLock(rs.getLong("id"), rs.getLong("plan_id"), unit, rs.getInt("report_year"), rs.getInt("report_month"),
                rs.getDate("until_date").toLocalDate(), rs.getString("granted_by"), rs.getTimestamp("granted_at").toInstant(),
                rs.getString("reason"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
    }
}
