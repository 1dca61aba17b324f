package org.counterpart.planning;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Period;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dispatch cycle on the real database, as its people do it (each call made as a signed-in account of the
 * unit or of the level above, on a day of the test's choosing): a county of 保山市 and a district of 鞍山市
 * under a plan of the test's own; drafts submitted, returned with a reason, resubmitted and approved by the
 * helped city's office; approval by the wrong level or by the submitter refused; the window, a late report
 * and a lock exception; and an approved month whose ledger records change afterwards.
 */
@IntegrationTest
@Claims({"530502", "210302"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCycleTest {

    static final String COUNTY = "530502";
    static final String DISTRICT = "210302";
    static final OwnerUnit COUNTY_UNIT = OwnerUnit.of(new RegionCode(COUNTY));
    static final OwnerUnit DISTRICT_UNIT = OwnerUnit.of(new RegionCode(DISTRICT));
    static final OwnerUnit CITY_UNIT = OwnerUnit.of(new RegionCode("5305"));

    @Autowired
    Plans plans;
    @Autowired
    MonthlyReports reports;
    @Autowired
    HandValues handValues;
    @Autowired
    Ledgers ledgers;
    @Autowired
    UserAdministration users;
    @Autowired
    JdbcClient jdbc;

    long plan;
    long computedTarget;
    long countyHand;
    long districtHand;
    long cityHand;

    @BeforeAll
    void aPlanOfItsOwnWithTargetsAndAccounts() {
        plan = plans.createPlan(new PlanForms.PlanForm("鞍山—保山 月报测试计划", 2019, 2020, "2103", "5305", LocalDate.of(2019, 1, 15)));
        long list = plans.createList(plan, 2019, "2019年责任清单（月报测试）");
        long meetings = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(1, "召开联席会议", "ORGANISATION",
                ReportTestMetrics.MEETINGS, "", null, LocalDate.of(2019, 12, 31), "", null, 0));
        computedTarget = plans.saveTarget(meetings, new PlanForms.TargetForm(COUNTY, new BigDecimal("10"), 0), List.of());
        long teachers = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(2, "选派支教教师", "TALENT", "", "支教教师", "PEOPLE",
                LocalDate.of(2019, 12, 31), "", null, 0));
        countyHand = plans.saveTarget(teachers, new PlanForms.TargetForm(COUNTY, new BigDecimal("20"), 0), List.of());
        districtHand = plans.saveTarget(teachers, new PlanForms.TargetForm(DISTRICT, new BigDecimal("30"), 0), List.of());
        cityHand = plans.saveTarget(teachers, new PlanForms.TargetForm("5305", new BigDecimal("40"), 0), List.of());
        account("rc.longyang", Role.REPORTER, COUNTY);
        account("rc.tiedong", Role.REPORTER, DISTRICT);
        account("rc.baoshan.reviewer", Role.REVIEWER, "5305");
        account("rc.baoshan.office", Role.COORDINATOR, "5305");
        account("rc.anshan.reviewer", Role.REVIEWER, "2103");
        account("rc.anshan.office", Role.COORDINATOR, "2103");
    }

    void account(String name, Role role, String region) {
        users.createDemoAccount(new UserForm(name, name, role, region, null, "zh-CN", true, "counterpart2018", 0, false));
    }

    /** Works as the account on a day (at noon in Beijing). */
    <T> T as(String username, LocalDate day, Supplier<T> work) {
        Map<String, Object> row = jdbc.sql("select id, role from user_account where username = :u").param("u", username).query().singleRow();
        String region = jdbc.sql("select scope_region from user_account where username = :u").param("u", username).query(String.class).single();
        CurrentUser user = new CurrentUser(((Number) row.get("id")).longValue(), username, username, "", Role.valueOf((String) row.get("role")),
                Scope.of(new RegionCode(region)), true, false);
        var before = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
        try {
            Clock clock = Clock.fixed(day.atTime(12, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant(), ZoneId.of("Asia/Shanghai"));
            return MonthlyReports.at(clock, work);
        } finally {
            SecurityContextHolder.getContext().setAuthentication(before);
        }
    }

    void as(String username, LocalDate day, Runnable work) {
        as(username, day, () -> {
            work.run();
            return null;
        });
    }

    static String refusal(Runnable move) {
        try {
            move.run();
        } catch (InvalidInputException e) {
            return e.messageKey();
        }
        throw new AssertionError("not refused");
    }

    MonthlyReport read(long id) {
        return reports.get(id);
    }

    @Test
    void aReportGoesFromDraftThroughReturnToApprovalByTheHelpedCitysOffice() {
        LocalDate inWindow = LocalDate.of(2019, 4, 5);
        MonthlyReport draft = as("rc.longyang", inWindow, () -> reports.reportFor(COUNTY_UNIT, plan, 2019, 3));
        assertThat(draft.state()).isEqualTo(ReportState.DRAFT);
        assertThat(as("rc.longyang", inWindow, () -> reports.reportFor(COUNTY_UNIT, plan, 2019, 3)).id())
                .as("opened once, the same report").isEqualTo(draft.id());
        long id = draft.id();

        as("rc.longyang", inWindow, () -> reports.save(id, new ReportForm(Map.of(countyHand, "12"), Map.of(countyHand, "两名教师到岗"),
                "三月完成教师选派", "四月继续", 0)));
        assertThatThrownBy(() -> as("rc.longyang", inWindow, () -> reports.save(id, new ReportForm(Map.of(), Map.of(), "", "", 0))))
                .isInstanceOf(org.counterpart.shared.ConcurrentEditException.class);
        assertThat(refusal(() -> as("rc.longyang", inWindow, () -> reports.save(id, new ReportForm(Map.of(computedTarget, "5"), Map.of(),
                "", "", 1))))).isEqualTo("report.value.computed");
        assertThatThrownBy(() -> as("rc.tiedong", inWindow, () -> reports.save(id, new ReportForm(Map.of(), Map.of(), "", "", 1))))
                .as("another unit's reporter").isInstanceOf(AccessDeniedException.class);

        as("rc.longyang", inWindow, () -> reports.submit(id, 1));
        MonthlyReport submitted = read(id);
        assertThat(submitted.state()).isEqualTo(ReportState.SUBMITTED);
        assertThat(submitted.late()).isFalse();
        assertThat(refusal(() -> as("rc.longyang", inWindow, () -> reports.save(id, new ReportForm(Map.of(), Map.of(), "", "", 2)))))
                .isEqualTo("report.notEditable");
        assertThat(as("rc.baoshan.reviewer", inWindow, () -> reports.awaitingReviewBy())).extracting(MonthlyReport::id).contains(id);
        assertThat(as("rc.anshan.reviewer", inWindow, () -> reports.awaitingReviewBy())).extracting(MonthlyReport::id).doesNotContain(id);

        assertThatThrownBy(() -> as("rc.anshan.reviewer", inWindow, () -> reports.approve(id, 2, "")))
                .as("the helping city's office does not review a helped county").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as("rc.longyang", inWindow, () -> reports.approve(id, 2, "")))
                .as("the unit does not approve itself").isInstanceOf(AccessDeniedException.class);
        assertThat(refusal(() -> as("rc.baoshan.reviewer", inWindow, () -> reports.returnTo(id, 2, " "))))
                .isEqualTo("report.return.reasonRequired");
        as("rc.baoshan.reviewer", inWindow, () -> reports.returnTo(id, 2, "教师人数与台账不符"));
        MonthlyReport returned = read(id);
        assertThat(returned.state()).isEqualTo(ReportState.RETURNED);
        assertThat(returned.returnReason()).contains("教师人数与台账不符");
        assertThat(as("rc.longyang", LocalDate.of(2026, 12, 1), () -> reports.dueFor()))
                .anySatisfy(d -> {
                    assertThat(d.returned()).isTrue();
                    assertThat(d.report().orElseThrow().id()).isEqualTo(id);
                });

        // a returned report is reopened by its return: corrected and resubmitted after the window closed
        LocalDate afterWindow = LocalDate.of(2019, 4, 20);
        as("rc.longyang", afterWindow, () -> reports.save(id, new ReportForm(Map.of(countyHand, "15"), Map.of(), "三月完成教师选派（已更正）",
                "四月继续", 3)));
        as("rc.longyang", afterWindow, () -> reports.submit(id, 4));
        assertThat(read(id).state()).isEqualTo(ReportState.SUBMITTED);
        assertThat(read(id).late()).as("timeliness counts the first submission").isFalse();
        as("rc.baoshan.reviewer", afterWindow, () -> reports.approve(id, 5, "同意"));
        MonthlyReport approved = read(id);
        assertThat(approved.state()).isEqualTo(ReportState.APPROVED);
        assertThat(approved.reviewComment()).contains("同意");
        assertThat(approved.reviewedBy()).contains("rc.baoshan.reviewer");
        ReportValue hand = reports.values(approved).stream().filter(v -> v.target().id() == countyHand).findFirst().orElseThrow();
        assertThat(hand.approvedValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("15"));
        assertThat(hand.note()).isEqualTo("两名教师到岗");
        assertThat(handValues.values(List.of(countyHand), Period.month(2019, 3)).get(countyHand)).isEqualByComparingTo("15");
        assertThat(refusal(() -> as("rc.longyang", afterWindow, () -> reports.save(id, new ReportForm(Map.of(), Map.of(), "", "", 6)))))
                .isEqualTo("report.notEditable");
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'planning.report' and entity_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).as("open, two saves, four moves").isGreaterThanOrEqualTo(7);
    }

    @Test
    void nobodyApprovesTheirOwnReportEvenAtTheLevelAbove() {
        LocalDate day = LocalDate.of(2019, 7, 3);
        // the helped city's own targets are reported by its office and reviewed at its own level
        long id = as("rc.baoshan.office", day, () -> reports.reportFor(CITY_UNIT, plan, 2019, 6)).id();
        as("rc.baoshan.office", day, () -> reports.save(id, new ReportForm(Map.of(cityHand, "4"), Map.of(), "", "", 0)));
        as("rc.baoshan.office", day, () -> reports.submit(id, 1));
        assertThat(refusal(() -> as("rc.baoshan.office", day, () -> reports.approve(id, 2, "")))).isEqualTo("report.review.self");
        assertThat(as("rc.baoshan.office", day, () -> reports.awaitingReviewBy())).extracting(MonthlyReport::id).doesNotContain(id);
        as("rc.baoshan.reviewer", day, () -> reports.approve(id, 2, ""));
        assertThat(read(id).state()).isEqualTo(ReportState.APPROVED);
    }

    @Test
    void theWindowRefusesEarlyAndClosedReportsAndALockExceptionLetsALateOneIn() {
        LocalDate inMonth = LocalDate.of(2019, 5, 20);
        long id = as("rc.tiedong", inMonth, () -> reports.reportFor(DISTRICT_UNIT, plan, 2019, 5)).id();
        as("rc.tiedong", inMonth, () -> reports.save(id, new ReportForm(Map.of(districtHand, "3"), Map.of(), "五月", "", 0)));
        assertThat(refusal(() -> as("rc.tiedong", inMonth, () -> reports.submit(id, 1)))).isEqualTo("report.submit.early");
        assertThat(refusal(() -> as("rc.tiedong", LocalDate.of(2019, 5, 31), () -> reports.submit(id, 1)))).isEqualTo("report.submit.early");

        LocalDate closed = LocalDate.of(2019, 6, 15);
        assertThat(refusal(() -> as("rc.tiedong", closed, () -> reports.save(id, new ReportForm(Map.of(), Map.of(), "", "", 1)))))
                .isEqualTo("report.window.closed");
        assertThat(refusal(() -> as("rc.tiedong", closed, () -> reports.submit(id, 1)))).isEqualTo("report.window.closed");
        ReportMonth may = as("rc.anshan.office", closed, () -> reports.month(plan, 2019, 5));
        assertThat(may.overdue()).contains(DISTRICT_UNIT, COUNTY_UNIT);

        assertThatThrownBy(() -> as("rc.anshan.reviewer", closed, () -> reports.grantLockException(plan, DISTRICT_UNIT, 2019, 5,
                LocalDate.of(2019, 6, 20), "系统故障"))).as("a reviewer grants none").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as("rc.baoshan.office", closed, () -> reports.grantLockException(plan, DISTRICT_UNIT, 2019, 5,
                LocalDate.of(2019, 6, 20), "系统故障"))).as("the other city's office grants none").isInstanceOf(AccessDeniedException.class);
        assertThat(refusal(() -> as("rc.anshan.office", closed, () -> reports.grantLockException(plan, DISTRICT_UNIT, 2019, 5,
                LocalDate.of(2019, 6, 20), "")))).isEqualTo("report.lock.reasonRequired");
        long lock = as("rc.anshan.office", closed, () -> reports.grantLockException(plan, DISTRICT_UNIT, 2019, 5, LocalDate.of(2019, 6, 20),
                "区协作办系统故障，延期报送"));
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'planning.lock-exception' and entity_id = :id")
                .param("id", String.valueOf(lock)).query(Long.class).single()).isEqualTo(1);

        as("rc.tiedong", closed, () -> reports.save(id, new ReportForm(Map.of(districtHand, "4"), Map.of(), "五月（补报）", "", 1)));
        as("rc.tiedong", closed, () -> reports.submit(id, 2));
        MonthlyReport late = read(id);
        assertThat(late.state()).isEqualTo(ReportState.SUBMITTED);
        assertThat(late.late()).isTrue();

        ReportMonth after = as("rc.anshan.office", closed, () -> reports.month(plan, 2019, 5));
        assertThat(after.overdue()).doesNotContain(DISTRICT_UNIT).contains(COUNTY_UNIT);
        ReportMonth.Row row = after.rows().stream().filter(r -> r.unit().equals(DISTRICT_UNIT)).findFirst().orElseThrow();
        assertThat(row.handedIn()).isTrue();
        assertThat(row.onTime()).isFalse();
        assertThat(after.timeliness()).isEqualByComparingTo("0.0");
        assertThat(after.completeness()).isEqualByComparingTo(
                BigDecimal.valueOf(after.handedIn() * 100).divide(BigDecimal.valueOf(after.rows().size()), 1, java.math.RoundingMode.HALF_UP));

        // after the exception's day the window is shut again
        assertThat(refusal(() -> as("rc.tiedong", LocalDate.of(2019, 6, 21), () -> {
            long other = reports.reportFor(DISTRICT_UNIT, plan, 2019, 4).id();
            reports.save(other, new ReportForm(Map.of(), Map.of(), "", "", 0));
        }))).isEqualTo("report.window.closed");
    }

    long meeting(String title, LocalDate held) {
        Map<String, String> f = new HashMap<>();
        f.put("title", title);
        f.put("reg_year", String.valueOf(held.getYear()));
        f.put("place_code", COUNTY);
        f.put("owner", "5305");
        f.put("kind", "JOINT");
        f.put("held_on", held.toString());
        f.put("leader_level", "CITY");
        return ledgers.create(Ledger.MEETING, new Ledgers.Entry(f, List.of(), 0));
    }

    @Test
    void anApprovedMonthChangedAfterwardsShowsTheChangeWithItsRecordsAndKeepsTheApprovedFigure() {
        long first = meeting("隆阳区七月联席会议", LocalDate.of(2019, 7, 5));
        meeting("隆阳区七月调度会", LocalDate.of(2019, 7, 18));
        LocalDate day = LocalDate.of(2019, 8, 2);
        long id = as("rc.longyang", day, () -> reports.reportFor(COUNTY_UNIT, plan, 2019, 7)).id();
        ReportValue before = reports.values(read(id)).stream().filter(v -> v.target().id() == computedTarget).findFirst().orElseThrow();
        assertThat(before.computed()).isTrue();
        assertThat(before.value()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2"));
        as("rc.longyang", day, () -> reports.submit(id, 0));
        as("rc.baoshan.reviewer", day, () -> reports.approve(id, 1, ""));
        assertThat(reports.changesSinceApproval(id)).noneMatch(ReportChange::changed);

        long third = meeting("隆阳区七月补充会议", LocalDate.of(2019, 7, 30));
        LedgerRecord edited = ledgers.get(Ledger.MEETING, first);
        Map<String, String> f = new HashMap<>(edited.state());
        f.put("title", "隆阳区七月联席会议（更正）");
        f.put("owner", "5305");
        ledgers.update(Ledger.MEETING, first, new Ledgers.Entry(f, List.of(), edited.version()));

        ReportChange change = reports.changesSinceApproval(id).stream().filter(c -> c.target().id() == computedTarget).findFirst().orElseThrow();
        assertThat(change.changed()).isTrue();
        assertThat(change.approved()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2"));
        assertThat(change.now()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3"));
        assertThat(change.added()).extracting(ReportChange.RecordChange::id).containsExactly(third);
        assertThat(change.altered()).extracting(ReportChange.RecordChange::id).containsExactly(first);
        assertThat(change.altered().get(0).versionNow().orElseThrow()).isGreaterThan(change.altered().get(0).versionThen().orElseThrow());
        assertThat(change.records()).isEqualTo(2);
        ReportValue after = reports.values(read(id)).stream().filter(v -> v.target().id() == computedTarget).findFirst().orElseThrow();
        assertThat(after.approvedValue()).as("never rewritten").hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2"));
        assertThat(after.value()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3"));
        assertThat(jdbc.sql("select count(*) from report_value_record where report_id = :r").param("r", id).query(Long.class).single())
                .isEqualTo(2);
    }
}
