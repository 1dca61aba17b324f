package org.counterpart.demo;

import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.planning.PlanForms;
import org.counterpart.planning.Plans;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.Period;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan of the scenario: the three-year action plan signed on 12 September 2018 and its 2018
 * responsibility list, with targets for Dalian's districts and Liupanshui's counties and one task per
 * agreement signed that day, following its milestones. The plan's title and the agreements come from the
 * source; every target figure is invented to be plausible (docs/reference-scenario.md).
 */
@Component
class DemoPlan {

    private static final Logger log = LoggerFactory.getLogger(DemoPlan.class);

    static final String PLAN_TITLE = "大连市与六盘水市东西部扶贫协作三年行动计划（2018—2020年）";
    static final String LIST_TITLE = "2018年责任清单";
    static final LocalDate YEAR_END = LocalDate.of(2018, 12, 31);

    /**
     * Tasks of the 2018 list: category, metric (blank: reported by hand), indicator, unit, task text, and the
     * target per owner unit as {@code unit=value}, units by division code. A value written {@code @share} is that many per
     * household of the county's share of the demo registry (people placed, trained, reached), so the targets fit
     * a registry of any size.
     * Dalian's districts answer for what they record, Liupanshui's counties for what reached them.
     */
    static final String[][] TASKS = {
            {"FUNDS", "funds.disbursed", "财政援助资金拨付", "YUAN", "落实年度财政援助资金并按进度拨付到项目",
                    "210202=14000000", "210211=12000000", "210203=12000000", "210204=12000000"},
            {"FUNDS", "funds.allocated", "财政援助资金安排", "YUAN", "安排市、区两级财政援助资金",
                    "520201=16000000", "520203=15000000", "520204=16000000", "520281=15000000"},
            {"INDUSTRY", "industry.enterprises", "引导企业到受帮扶地区投资", "COUNT", "引导大连企业到六盘水投资兴业、共建扶贫车间",
                    "210202=2", "210211=2", "210203=1", "210204=2"},
            {"INDUSTRY", "industry.invested", "企业实际到位投资", "YUAN", "推动签约项目落地、投资到位",
                    "520201=5000000", "520203=4000000", "520204=4000000", "520281=5000000"},
            {"LABOUR", "labour.placed", "帮助建档立卡贫困劳动力转移就业", "PEOPLE", "组织建档立卡贫困劳动力到大连及就近就地就业",
                    "520201=@0.035", "520203=@0.035", "520204=@0.035", "520281=@0.035"},
            {"PAIRING", "reach.people", "帮扶覆盖建档立卡贫困人口", "PEOPLE", "各类帮扶措施覆盖建档立卡贫困人口（不重复计算）",
                    "520201=@3.0", "520203=@3.0", "520204=@3.0", "520281=@3.0"},
            {"TALENT", "training.people", "培训建档立卡贫困人口", "PEOPLE", "开展家政、电商、种养殖技能培训",
                    "520201=@0.09", "520203=@0.09", "520204=@0.09", "520281=@0.08"},
            {"TALENT", "personnel.sent.cadre", "选派党政干部挂职", "COUNT", "互派党政干部挂职交流",
                    "210202=1", "2102=1"},
            {"TALENT", "personnel.sent.doctor", "选派医生", "COUNT", "选派医疗专业技术人才支医",
                    "210202=2", "210203=2"},
            {"CONSUMPTION", "consumption.amount", "采购、销售贫困地区农产品", "YUAN", "机关食堂、超市采购六盘水特色农产品",
                    "210202=1000000", "210211=800000", "210203=800000", "210204=800000"},
            {"FUNDS", "social.donations", "动员社会力量捐款捐物", "YUAN", "动员企业和社会组织捐赠",
                    "210202=300000", "210211=300000", "210203=300000", "210204=300000"},
            {"ORGANISATION", "meetings.joint", "召开高层联席会议", "COUNT", "两市党政主要领导互访并召开联席会议", "2102=2"},
            {"PAIRING", "pairings.in_force", "结对帮扶关系", "COUNT", "推进区县、乡镇、村企、学校、医院结对帮扶", "520201=3", "520204=3"},
            {"INDUSTRY", "", "两都乐川小镇项目形象进度", "PERCENT", "推进两都乐川小镇项目建设（按月填报当月新增形象进度并附佐证）", "520201=100"},
    };

    private final Plans plans;
    private final Ledgers ledgers;
    private final Institutions institutions;
    private final MetricCatalog metrics;
    private final TransactionTemplate tx;
    private final DemoReports reports;

    private final int households;

    DemoPlan(Plans plans, Ledgers ledgers, Institutions institutions, MetricCatalog metrics, TransactionTemplate tx, DemoReports reports,
             @org.springframework.beans.factory.annotation.Value("${counterpart.demo.households:20000}") int households) {
        this.households = households;
        this.reports = reports;
        this.plans = plans;
        this.ledgers = ledgers;
        this.institutions = institutions;
        this.metrics = metrics;
        this.tx = tx;
    }

    /** Loads the plan once: nothing happens when any plan exists. */
    void load() {
        if (!plans.plans().isEmpty()) {
            return;
        }
        long planId = tx.execute(s -> {
            long plan = plans.createPlan(new PlanForms.PlanForm(PLAN_TITLE, 2018, 2020, "2102", "5202", LocalDate.of(2018, 9, 12)));
            long list = plans.createList(plan, 2018, LIST_TITLE);
            int seq = 1;
            for (String[] t : TASKS) {
                String metric = t[1].isEmpty() || metrics.find(t[1]).isPresent() ? t[1] : "";
                long task = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(seq++, t[4], t[0], metric, t[2],
                        t[3], YEAR_END, "", null, 0));
                for (int i = 5; i < t.length; i++) {
                    String[] target = t[i].split("=");
                    BigDecimal value = target[1].startsWith("@")
                            ? new BigDecimal(target[1].substring(1)).multiply(BigDecimal.valueOf(Math.max(1, households / 4)))
                                    .setScale(0, java.math.RoundingMode.HALF_UP).max(BigDecimal.ONE)
                            : new BigDecimal(target[1]);
                    plans.saveTarget(task, new PlanForms.TargetForm(target[0], value, 0), quarters(value));
                }
            }
            for (LedgerRecord agreement : agreements()) {
                Optional<String> owner = agreement.owner().institutionId().map(id -> "i" + id);
                if (owner.isEmpty()) {
                    continue;
                }
                String metric = metrics.find("agreements.milestones_on_time").isPresent() ? "agreements.milestones_on_time" : "";
                long task = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(seq++, "落实《" + agreement.title() + "》",
                        category(String.valueOf(agreement.get("kind"))), metric, "协议节点按期完成率", "PERCENT", YEAR_END, "", agreement.id(), 0));
                plans.saveTarget(task, new PlanForms.TargetForm(owner.get(), new BigDecimal("100"), 0), List.of());
            }
            return plan;
        });
        reports.load(planId);
        log.info("Loaded the 2018 responsibility list of the action plan and its monthly reports of January to November");
    }

    /** Two quarterly milestones of a target: 40% of it by June, 65% by September, rounded down to whole units. */
    private static List<org.counterpart.planning.Task.Milestone> quarters(BigDecimal target) {
        List<org.counterpart.planning.Task.Milestone> out = new ArrayList<>();
        if (target.compareTo(BigDecimal.valueOf(8)) < 0) {
            return out;
        }
        int[] percent = {0, 0, 40, 65};
        for (int q = 2; q <= 3; q++) {
            out.add(new org.counterpart.planning.Task.Milestone(Period.quarter(2018, q),
                    target.multiply(BigDecimal.valueOf(percent[q])).divide(BigDecimal.valueOf(100), 0, java.math.RoundingMode.DOWN)));
        }
        return out;
    }

    private List<LedgerRecord> agreements() {
        return ledgers.matching(Ledger.AGREEMENT, new Ledgers.Filter(Optional.of(2018), Optional.empty(), Optional.empty(), java.util.Map.of()))
                .stream().filter(a -> LocalDate.of(2018, 9, 12).equals(a.get(Ledger.SIGNED_ON))).sorted(java.util.Comparator.comparingLong(LedgerRecord::id)).toList();
    }

    private static String category(String kind) {
        return switch (kind == null ? "" : kind) {
            case "SALES" -> "CONSUMPTION";
            case "EDUCATION" -> "TALENT";
            case "FRAMEWORK", "STRATEGIC" -> "ORGANISATION";
            default -> "INDUSTRY";
        };
    }
}
