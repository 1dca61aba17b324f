package org.counterpart.planning;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.MetricSubject;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plan service as a coordinator of 白塔区 (Liaoyang, the helping side) and a reporter of 昭阳区 (Zhaotong,
 * the helped side) use it: a plan of their own between the two cities, a 2018 list, tasks and targets, the
 * refusals of each write, and where a target stands against the time passed with a known actual.
 */
@IntegrationTest
@Claims({"530602", "211002"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlansTest {

    static final String ZHAOYANG = "530602";
    static final String BAITA = "211002";
    /** The helping city, whose office sets the plan (a scope, not a place the test writes in). */
    static final String LIAOYANG = "2110";

    @Autowired
    Plans plans;
    @Autowired
    Progress progress;
    @Autowired
    PlanTestMetrics testMetrics;
    @Autowired
    org.counterpart.identity.UserAdministration users;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    long plan;
    long list;

    @BeforeAll
    void aPlanBetweenLiaoyangAndZhaotong() throws Exception {
        users.createDemoAccount(new org.counterpart.identity.UserForm("liaoyang.coordinator", "辽阳市 协作办", Role.COORDINATOR, LIAOYANG, null,
                "zh-CN", true, "counterpart2018", 0, false));
        users.createDemoAccount(new org.counterpart.identity.UserForm("baita.coordinator", "白塔区 协作办", Role.COORDINATOR, BAITA, null,
                "zh-CN", true, "counterpart2018", 0, false));
        users.createDemoAccount(new org.counterpart.identity.UserForm("zhaoyang.reporter", "昭阳区 填报员", Role.REPORTER, ZHAOYANG, null,
                "zh-CN", true, "counterpart2018", 0, false));
        plan = asCoordinator(() -> plans.createPlan(new PlanForms.PlanForm("辽阳市·昭通市协作行动计划（测试）", 2018, 2020, "辽阳市", "昭通市",
                LocalDate.of(2018, 3, 1))));
        list = asCoordinator(() -> plans.createList(plan, 2018, "2018年责任清单（测试）"));
    }

    @Test
    void aCoordinatorOfTheHelpingSideSetsUpAPlanItsListATaskAndATarget() throws Exception {
        Plan p = plans.plan(plan);
        assertThat(p.helpingRegion().value()).isEqualTo("2110");
        assertThat(p.helpedRegion().value()).isEqualTo("5306");
        long task = asCoordinator(() -> plans.saveTask(list, Optional.empty(), task(1, PlanTestMetrics.PLACED, 0)));
        long target = asCoordinator(() -> plans.saveTarget(task, new PlanForms.TargetForm("昭阳区", new BigDecimal("100"), 0), List.of()));
        Task saved = plans.task(task);
        assertThat(saved.computed()).isTrue();
        assertThat(saved.unit()).isEqualTo(org.counterpart.shared.MetricUnit.PEOPLE);
        assertThat(saved.indicator()).isEqualTo("测试转移就业人数"); // the metric names an indicator left blank;
        assertThat(saved.targets()).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo(target);
            assertThat(g.owner()).isEqualTo(OwnerUnit.of(new RegionCode(ZHAOYANG)));
            assertThat(g.value()).isEqualByComparingTo("100");
        });
        assertThat(plans.nameOf(saved.targets().get(0).owner())).isEqualTo("昭阳区");
        // a place written as people write it: the name alone is looked for in the plan's two cities first
        long other = asCoordinator(() -> plans.saveTarget(task, new PlanForms.TargetForm("白塔", new BigDecimal("20"), 0), List.of()));
        assertThat(plans.task(task).targets()).extracting(g -> g.owner().key()).contains(BAITA);
        asCoordinator(() -> {
            plans.deleteTarget(other, 0);
            return null;
        });
    }

    @Test
    void aStaleVersionIsRefusedAndNothingIsSavedOverTheNewerTask() throws Exception {
        long task = asCoordinator(() -> plans.saveTask(list, Optional.empty(), task(2, null, 0)));
        asCoordinator(() -> plans.saveTask(list, Optional.of(task), withText(task(2, null, 0), "第一次修改")));
        assertThatThrownBy(() -> asCoordinator(() -> plans.saveTask(list, Optional.of(task), withText(task(2, null, 0), "过时的修改"))))
                .isInstanceOf(ConcurrentEditException.class);
        assertThat(plans.task(task).text()).isEqualTo("第一次修改");
        long target = asCoordinator(() -> plans.saveTarget(task, new PlanForms.TargetForm(ZHAOYANG, new BigDecimal("5"), 0), List.of()));
        asCoordinator(() -> plans.saveTarget(task, new PlanForms.TargetForm(ZHAOYANG, new BigDecimal("6"), 0), List.of()));
        assertThatThrownBy(() -> asCoordinator(() -> plans.saveTarget(task, new PlanForms.TargetForm(ZHAOYANG, new BigDecimal("7"), 0), List.of())))
                .isInstanceOf(ConcurrentEditException.class);
        assertThat(plans.task(task).targets()).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo(target);
            assertThat(g.value()).isEqualByComparingTo("6");
        });
    }

    @Test
    void anUnknownOrAmbiguousUnitAnOutOfYearDeadlineAndAnUnknownMetricAreRefusedByField() throws Exception {
        long task = asCoordinator(() -> plans.saveTask(list, Optional.empty(), task(3, null, 0)));
        assertRefused(() -> plans.saveTarget(task, new PlanForms.TargetForm("没有这个县", BigDecimal.TEN, 0), List.of()), "owner", "place.unknown");
        assertRefused(() -> plans.saveTarget(task, new PlanForms.TargetForm("朝阳区", BigDecimal.TEN, 0), List.of()), "owner", "place.ambiguous");
        assertRefused(() -> plans.saveTarget(task, new PlanForms.TargetForm(ZHAOYANG, new BigDecimal("-1"), 0), List.of()), "target",
                "task.target.positive");
        PlanForms.TaskForm late = new PlanForms.TaskForm(4, "跨年的任务", "LABOUR", null, "培训人数", "PEOPLE", LocalDate.of(2019, 3, 1), "", null, 0);
        assertRefused(() -> plans.saveTask(list, Optional.empty(), late), "deadline", "task.deadline.outside");
        assertRefused(() -> plans.saveTask(list, Optional.empty(), task(4, "plantest.nothing", 0)), "metricId", "metric.unknown");
        assertRefused(() -> plans.saveTask(list, Optional.empty(), task(3, null, 0)), "seq", "task.seq.taken");
        assertThat(plans.tasks(list)).extracting(Task::seq).doesNotContain(4);
    }

    @Test
    void aReporterReadsThePlanButMayNotChangeIt() throws Exception {
        assertThat(asReporter(() -> plans.plans())).extracting(Plan::id).contains(plan);
        assertThat(asReporter(() -> plans.canEdit(plans.plan(plan)))).isFalse();
        // a district's coordinator answers for its targets; setting them is the city offices' work
        assertThat(asDistrictCoordinator(() -> plans.canEdit(plans.plan(plan)))).isFalse();
        assertThatThrownBy(() -> asDistrictCoordinator(() -> plans.createList(plan, 2019, "白塔区自定的清单")))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThat(asCoordinator(() -> plans.canEdit(plans.plan(plan)))).isTrue();
        assertThatThrownBy(() -> asReporter(() -> plans.createPlan(new PlanForms.PlanForm("报告员的计划", 2018, 2018, "辽阳市", "昭通市", null))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> asReporter(() -> plans.saveTask(list, Optional.empty(), task(9, null, 0))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> asReporter(() -> plans.createList(plan, 2019, "2019年"))).isInstanceOf(AccessDeniedException.class);
        assertThat(plans.tasks(list)).extracting(Task::seq).doesNotContain(9);
    }

    @Test
    void aTargetIsBehindScheduleWhenItsShareDoneTrailsTheTimePassedAndDoneOnceReached() throws Exception {
        long task = asCoordinator(() -> plans.saveTask(list, Optional.empty(), task(5, PlanTestMetrics.FUNDS, 0)));
        asCoordinator(() -> plans.saveTarget(task, new PlanForms.TargetForm("昭阳区", new BigDecimal("1000000"), 0), List.of()));
        MetricSubject zhaoyang = new MetricSubject.Place(ZHAOYANG);
        testMetrics.add(PlanTestMetrics.FUNDS, zhaoyang, LocalDate.of(2018, 3, 10), "400000", "昭阳区产业项目一期拨付");

        ResponsibilityList l = plans.list(list);
        Progress.TargetProgress march = of(l, 3, task);
        assertThat(march.actual()).isEqualByComparingTo("400000");
        assertThat(march.percentDone()).isEqualByComparingTo("40.0");
        assertThat(march.percentElapsed()).isEqualByComparingTo("24.7"); // 90 of 365 days
        assertThat(march.standing()).isEqualTo(Progress.Standing.ON_TRACK);

        Progress.TargetProgress june = of(l, 6, task);
        assertThat(june.percentElapsed()).isEqualByComparingTo("49.6"); // 181 of 365 days
        assertThat(june.standing()).isEqualTo(Progress.Standing.BEHIND);
        assertThat(june.behind()).isTrue();
        assertThat(june.period()).isEqualTo(org.counterpart.shared.Period.yearToDate(2018, 6));

        // a milestone of the first quarter not reached by its end is named as such
        Task.Target target = plans.task(task).targets().get(0);
        asCoordinator(() -> plans.saveTarget(task, new PlanForms.TargetForm(ZHAOYANG, target.value(), target.version()),
                List.of(new Task.Milestone(org.counterpart.shared.Period.quarter(2018, 1), new BigDecimal("500000")))));
        Progress.TargetProgress withMilestone = of(l, 6, task);
        assertThat(withMilestone.standing()).isEqualTo(Progress.Standing.MILESTONE_MISSED);
        assertThat(withMilestone.missedMilestone()).isPresent();

        testMetrics.add(PlanTestMetrics.FUNDS, zhaoyang, LocalDate.of(2018, 5, 20), "600000", "昭阳区产业项目二期拨付");
        assertThat(of(l, 6, task).standing()).isEqualTo(Progress.Standing.DONE);
        assertThat(of(l, 4, task).standing()).isEqualTo(Progress.Standing.MILESTONE_MISSED);
        // the reporter's place answers for what reached it: a task of the helping district counts what it recorded
        assertThat(march.subject()).isEqualTo(zhaoyang);
        assertThat(OwnerUnit.of(new RegionCode(BAITA)).subject(new RegionCode("5306"))).isEqualTo(new MetricSubject.RecordedBy(BAITA));
    }

    private Progress.TargetProgress of(ResponsibilityList l, int month, long task) {
        return progress.of(l, month, LocalDate.now()).stream().filter(p -> p.task().id() == task).findFirst().orElseThrow();
    }

    private static PlanForms.TaskForm task(int seq, String metric, int version) {
        return new PlanForms.TaskForm(seq, "转移就业任务 " + seq, "LABOUR", metric, metric == null ? "培训人数" : "",
                metric == null ? "PEOPLE" : "", LocalDate.of(2018, 12, 31), "", null, version);
    }

    private static PlanForms.TaskForm withText(PlanForms.TaskForm f, String text) {
        return new PlanForms.TaskForm(f.seq(), text, f.category(), f.metricId(), f.indicator(), f.unit(), f.deadline(), f.partner(),
                f.agreementId(), f.version());
    }

    private void assertRefused(Callable<?> call, String field, String key) {
        assertThatThrownBy(() -> asCoordinator(call)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.messageKey()).isEqualTo(key);
        });
    }

    <T> T asCoordinator(Callable<T> call) throws Exception {
        return as(new CurrentUser(id("liaoyang.coordinator"), "liaoyang.coordinator", "辽阳市 协作办", "", Role.COORDINATOR,
                Scope.of(new RegionCode(LIAOYANG)), true, true), call);
    }

    /** A district's coordinator: it answers for its targets, it does not set the plan. */
    <T> T asDistrictCoordinator(Callable<T> call) throws Exception {
        return as(new CurrentUser(id("baita.coordinator"), "baita.coordinator", "白塔区 协作办", "", Role.COORDINATOR,
                Scope.of(new RegionCode(BAITA)), true, true), call);
    }

    <T> T asReporter(Callable<T> call) throws Exception {
        return as(new CurrentUser(id("zhaoyang.reporter"), "zhaoyang.reporter", "昭阳区 填报员", "", Role.REPORTER,
                Scope.of(new RegionCode(ZHAOYANG)), true, true), call);
    }

    private long id(String username) {
        return jdbc.sql("select id from user_account where username = :u").param("u", username).query(Long.class).single();
    }

    private static <T> T as(CurrentUser user, Callable<T> call) throws Exception {
        var before = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
        try {
            return call.call();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(before);
        }
    }
}
