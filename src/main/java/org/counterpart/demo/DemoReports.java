package org.counterpart.demo;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.planning.MonthlyReport;
import org.counterpart.planning.MonthlyReports;
import org.counterpart.planning.OwnerUnit;
import org.counterpart.planning.Plan;
import org.counterpart.planning.Plans;
import org.counterpart.planning.ReportForm;
import org.counterpart.planning.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monthly reports of 2018 as the dispatch cycle left them by December: most units report on time and
 * are approved; 六枝特区's June report was returned and handed in again; 甘井子区 reported August late under a
 * lock exception; 沙河口区's October report awaits review; 中山区's November report was returned and not yet
 * corrected; 盘州市 never handed November in; and after 钟山区's September was approved a fund disbursed
 * that month was recorded, so the approved month shows what changed since. All of it is invented.
 */
@Component
class DemoReports {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** 两都乐川小镇's progress added each month, in points of percent (the task reported by hand). */
    static final int[] TOWN_PROGRESS = {5, 5, 8, 8, 10, 10, 8, 8, 6, 6, 6};

    private final Plans plans;
    private final MonthlyReports reports;
    private final Ledgers ledgers;
    private final TransactionTemplate tx;

    DemoReports(Plans plans, MonthlyReports reports, Ledgers ledgers, TransactionTemplate tx) {
        this.plans = plans;
        this.reports = reports;
        this.ledgers = ledgers;
        this.tx = tx;
    }

    void load(long planId) {
        Plan plan = plans.plan(planId);
        List<OwnerUnit> units = plans.unitsOf(2018);
        for (int month = 1; month <= 11; month++) {
            for (OwnerUnit unit : units) {
                int m = month;
                tx.executeWithoutResult(s -> month(plan, unit, m));
            }
        }
        // a fund disbursed in September, recorded after September's reports were approved
        tx.executeWithoutResult(s -> ledgers.create(Ledger.FUND, new Ledgers.Entry(new HashMap<>(Map.of(
                "title", "钟山区蔬菜保供基地（补录）", "reg_year", "2018", "place_code", "520201", "owner", "210202", "source", "DISTRICT",
                "sector", "AGRICULTURE", "benefit_kind", "WAGE", "allocated", "400000", "disbursed", "400000", "disbursed_on", "2018-09-20")),
                List.of(), 0)));
    }

    private void month(Plan plan, OwnerUnit unit, int month) {
        String key = unit.key();
        boolean institution = unit.institutionId().isPresent();
        if (institution && month < 9) {
            return; // the agreements were signed in September
        }
        if (key.equals("520281") && month == 11) {
            return; // never handed in
        }
        int y = month == 12 ? 2019 : 2018;
        int next = month == 12 ? 1 : month + 1;
        MonthlyReport draft = reports.recordedAt(at(y, next, 2), reporter(unit), () -> reports.reportFor(unit, plan.id(), 2018, month));
        long id = draft.id();
        if (key.equals("210211") && month == 8) {
            reports.recordedAt(at(y, next, 12), reviewer(plan, unit), () -> reports.grantLockException(plan.id(), unit, 2018, month, LocalDate.of(y, next, 20),
                    "区合作办人员调整，准予延期报送"));
            save(plan, unit, id, month, at(y, next, 15));
            submit(unit, id, at(y, next, 15));
            approve(plan, unit, id, at(y, next, 18));
            return;
        }
        save(plan, unit, id, month, at(y, next, 4));
        submit(unit, id, at(y, next, 5));
        if (key.equals("210204") && month == 10) {
            return; // awaiting review
        }
        if (key.equals("520203") && month == 6) {
            reports.recordedAt(at(y, next, 7), reviewer(plan, unit), () -> {
                reports.returnTo(id, reports.get(id).version(), "转移就业人数与劳务协作台账不一致，请核对后重新报送。");
                return null;
            });
            submit(unit, id, at(y, next, 12));
        }
        if (key.equals("210202") && month == 11) {
            reports.recordedAt(at(y, next, 7), reviewer(plan, unit), () -> {
                reports.returnTo(id, reports.get(id).version(), "消费扶贫金额缺少采购凭证，请补充佐证材料后重新报送。");
                return null;
            });
            return;
        }
        approve(plan, unit, id, at(y, next, 8));
    }

    private void save(Plan plan, OwnerUnit unit, long id, int month, java.time.Instant on) {
        Map<Long, String> hand = new HashMap<>();
        Map<Long, String> notes = new HashMap<>();
        for (Task task : plans.tasksOf(unit, 2018)) {
            Optional<Task.Target> target = task.targets().stream().filter(g -> g.owner().equals(unit)).findFirst();
            if (target.isEmpty()) {
                continue;
            }
            if (!task.computed()) {
                hand.put(target.get().id(), String.valueOf(TOWN_PROGRESS[month - 1]));
            }
            notes.put(target.get().id(), month % 3 == 0 ? "按计划推进" : "");
        }
        notes.values().removeIf(String::isEmpty);
        reports.recordedAt(on, reporter(unit), () -> {
            reports.save(id, new ReportForm(hand, notes, "本月各项任务按责任清单推进。", "下月继续推进项目建设和劳务输出。",
                    reports.get(id).version()));
            return null;
        });
    }

    private void submit(OwnerUnit unit, long id, java.time.Instant on) {
        reports.recordedAt(on, reporter(unit), () -> {
            reports.submit(id, reports.get(id).version());
            return null;
        });
    }

    private void approve(Plan plan, OwnerUnit unit, long id, java.time.Instant on) {
        reports.recordedAt(on, reviewer(plan, unit), () -> {
            reports.approve(id, reports.get(id).version(), "同意。");
            return null;
        });
    }

    /** The name a unit's reports are recorded under: the unit's reporter in the scenario. */
    private static String reporter(OwnerUnit unit) {
        return "demo:" + unit.key() + " 填报员";
    }

    /** The office that reviews a unit: the helped city's for a Liupanshui unit, Dalian's for the rest. */
    private static String reviewer(Plan plan, OwnerUnit unit) {
        return unit.region().filter(plan.helpedRegion()::covers).isPresent() ? "lps.office" : "dalian.office";
    }

    static java.time.Instant at(int year, int month, int day) {
        return LocalDateTime.of(year, month, day, 10, 0).atZone(CHINA).toInstant();
    }
}
