package org.counterpart.planning;

import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.shared.MetricSubject;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan pages and the plan API over real HTTP, as a coordinator of 宏伟区 (Liaoyang) who sets up a plan of
 * its own between 辽阳市 and 昭通市, and as a reporter of 巧家县 (Zhaotong) who reads it: forms with their
 * refusals beside the fields, a stale edit, the list with its progress against time and the actual that opens
 * to its records (for the reporter, whose place it is), every page in Chinese and English.
 */
@IntegrationTest
@Claims({"530622", "211004"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanPagesTest {

    static final String QIAOJIA = "530622";
    static final String HONGWEI = "211004";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    UserAdministration users;
    @Autowired
    PlanTestMetrics testMetrics;
    @Autowired
    Plans plans;

    WebSession coordinator;
    WebSession reporter;
    long plan;
    long list;
    long task;

    @BeforeAll
    void aPlanMadeOverHttp() {
        // the helping city's office sets the plan (its scope, 辽阳市, not a place the test writes in)
        users.createDemoAccount(new UserForm("hongwei.coordinator", "辽阳市 协作办", Role.COORDINATOR, "2110", null, "zh-CN", true,
                "counterpart2018", 0, false));
        users.createDemoAccount(new UserForm("qiaojia.reporter", "巧家县 填报员", Role.REPORTER, QIAOJIA, null, "zh-CN", true,
                "counterpart2018", 0, false));
        coordinator = WebSession.signedIn(port, "hongwei.coordinator");
        reporter = WebSession.signedIn(port, "qiaojia.reporter");

        assertThat(coordinator.get("/plan").body()).contains("id=\"new-plan\"");
        WebSession.Page created = coordinator.post("/plan", Map.of("title", "辽阳市·昭通市协作行动计划（页面测试）", "firstYear", "2018",
                "lastYear", "2020", "helpingRegion", "辽阳市", "helpedRegion", "昭通市", "signedOn", "2018-09-12"));
        plan = idIn(created, "/plan/(\\d+)");
        coordinator.get("/plan/" + plan);
        list = idIn(coordinator.post("/plan/" + plan + "/lists", Map.of("year", "2018", "title", "2018年责任清单（页面测试）")), "/plan/lists/(\\d+)");
        coordinator.get("/plan/lists/" + list);
        task = idIn(coordinator.post("/plan/lists/" + list + "/tasks", task("1", "0")), "/plan/tasks/(\\d+)");
        coordinator.get("/plan/tasks/" + task);
        WebSession.Page target = coordinator.post("/plan/tasks/" + task + "/targets", Map.of("owner", "巧家县", "target", "50",
                "milestones", "2018Q2=20", "version", "0"));
        assertThat(target.status()).isEqualTo(302);
        // the form takes money in 万元, as the page shows it; the plan keeps yuan
        assertThat(plans.task(task).targets().get(0).value()).isEqualByComparingTo("500000");
        assertThat(plans.task(task).targets().get(0).milestones().get(0).value()).isEqualByComparingTo("200000");
        testMetrics.add(PlanTestMetrics.FUNDS, new MetricSubject.Place(QIAOJIA), LocalDate.of(2018, 4, 8), "150000", "巧家县测试拨付");
    }

    @Test
    void aRefusedFormShowsWhyBesideTheFieldAndAStaleEditSavesNothing() {
        coordinator.get("/plan");
        WebSession.Page ambiguous = coordinator.post("/plan", Map.of("title", "两可的计划", "firstYear", "2018", "lastYear", "2018",
                "helpingRegion", "辽阳市", "helpedRegion", "朝阳区"));
        assertThat(ambiguous.status()).isEqualTo(200);
        assertThat(ambiguous.body()).contains("is-invalid").contains("field-error").contains("朝阳区");

        coordinator.get("/plan/tasks/" + task);
        WebSession.Page unknown = coordinator.post("/plan/tasks/" + task + "/targets", Map.of("owner", "没有这个县", "target", "10", "version", "0"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).contains("is-invalid").contains("没有这个县");

        coordinator.get("/plan/tasks/" + task);
        WebSession.Page late = coordinator.post("/plan/tasks/" + task, withDeadline(task("1", "0"), "2019-02-01"));
        assertThat(late.body()).contains("field-error").contains("2018");

        coordinator.get("/plan/tasks/" + task);
        Map<String, String> stale = task("1", "7");
        stale.put("text", "过时的修改");
        WebSession.Page conflict = coordinator.post("/plan/tasks/" + task, stale);
        assertThat(conflict.status()).isEqualTo(200);
        assertThat(conflict.body()).contains("notice bad").doesNotContain(">过时的修改<");
        assertThat(reporter.get("/api/lists/" + list + "/tasks").body()).doesNotContain("过时的修改");
    }

    @Test
    void theListShowsEachUnitsProgressAgainstTimeAndTheActualOpensToItsRecords() {
        String page = coordinator.get("/plan/lists/" + list + "?month=6").body();
        assertThat(page).contains("巧家县").contains("落后于进度").contains("15.00").contains("49.6%");
        Matcher link = Pattern.compile("href=\"(/plan/metrics\\?[^\"]+)\"").matcher(page);
        assertThat(link.find()).isTrue();
        String metric = link.group(1).replace("&amp;", "&");
        assertThat(metric).contains("subject=place:" + QIAOJIA).contains("period=2018-01/2018-06");

        String forReporter = reporter.get(metric).body();
        assertThat(forReporter).contains("巧家县测试拨付").contains("15.00").contains("2018年1—6月");
        // the coordinator of the helping district sees the value, not the records of a place outside its scope
        String forCoordinator = coordinator.get(metric).body();
        assertThat(forCoordinator).contains("15.00").contains("id=\"outside\"").doesNotContain("巧家县测试拨付");

        String filtered = coordinator.get("/plan/lists/" + list + "?month=6&category=LABOUR").body();
        assertThat(filtered).doesNotContain(">15.00<");
        assertThat(coordinator.get("/plan/lists/" + list + "?month=13").status()).isEqualTo(400);
    }

    @Test
    void aReporterReadsEveryPlanPageButGetsNoFormAndIsRefusedAChange() {
        for (String path : List.of("/plan", "/plan/" + plan, "/plan/lists/" + list, "/plan/tasks/" + task)) {
            WebSession.Page page = reporter.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain("id=\"new-plan\"").doesNotContain("id=\"new-task\"").doesNotContain("id=\"edit-task\"");
        }
        reporter.get("/plan/lists/" + list);
        assertThat(reporter.post("/plan/lists/" + list + "/tasks", task("2", "0")).status()).isEqualTo(403);
        assertThat(reporter.get("/plan/lists/" + list + "/import").status()).isEqualTo(403);
        assertThat(reporter.get("/api/lists/" + list + "/tasks").body()).doesNotContain("\"seq\":2");
    }

    @Test
    void everyPlanPageRendersInChineseAndInEnglish() {
        WebSession viewer = WebSession.signedIn(port, "hongwei.coordinator");
        List<String> pages = List.of("/plan", "/plan/" + plan, "/plan/lists/" + list, "/plan/lists/" + list + "?month=3",
                "/plan/tasks/" + task, "/plan/lists/" + list + "/import", "/plan/metrics",
                "/plan/metrics?metric=" + PlanTestMetrics.FUNDS + "&subject=place:" + QIAOJIA + "&period=2018");
        try {
            for (String language : List.of("en", "zh-CN")) {
                viewer.get("/language?to=" + language + "&back=/plan");
                for (String path : pages) {
                    WebSession.Page page = viewer.get(path);
                    assertThat(page.status()).as(language + " " + path).isEqualTo(200);
                    assertThat(page.body()).as(language + " " + path).doesNotContain("??").doesNotContain("Exception");
                }
            }
            viewer.get("/language?to=en&back=/plan");
            assertThat(viewer.get("/plan/lists/" + list + "?month=6").body()).contains("Behind schedule").contains("Action plans");
        } finally {
            viewer.get("/language?to=zh-CN&back=/plan");
        }
        WebSession.Page export = coordinator.get("/plan/lists/" + list + "/export.xlsx");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.headers().get("content-type").get(0)).contains("spreadsheetml");
        assertThat(coordinator.get("/plan/list-template.xlsx").status()).isEqualTo(200);
    }

    @Test
    void thePlanPagesOpenCleanlyInABrowserAt1366By768() {
        org.counterpart.support.Chromium.requireInstalled();
        List<String> problems = new java.util.ArrayList<>();
        try (org.counterpart.support.Chromium browser = org.counterpart.support.Chromium.open(port)) {
            browser.signIn("hongwei.coordinator", "counterpart2018");
            browser.consoleProblems();
            for (String path : List.of("/plan", "/plan/" + plan, "/plan/lists/" + list + "?month=6", "/plan/tasks/" + task,
                    "/plan/lists/" + list + "/import", "/plan/metrics",
                    "/plan/metrics?metric=" + PlanTestMetrics.FUNDS + "&subject=place:" + QIAOJIA + "&period=2018-01/2018-06")) {
                browser.get(path);
                browser.consoleProblems().forEach(c -> problems.add(path + " console: " + c));
                if (browser.sidewaysOverflow() > 0) {
                    problems.add(path + " scrolls sideways by " + browser.sidewaysOverflow() + " px");
                }
                if (browser.bodyText().contains("??")) {
                    problems.add(path + " misses a message");
                }
            }
            browser.get("/plan/lists/" + list + "?month=6");
            browser.screenshot("plan-list");
            browser.get("/plan/tasks/" + task);
            browser.screenshot("plan-task");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theListGoesOutAsTheOfficesSpreadsheetAndComesBackThroughTheDryRunPage() throws Exception {
        java.nio.file.Path exported = java.nio.file.Files.createTempFile("export", ".xlsx");
        java.nio.file.Files.write(exported, coordinator.get("/plan/lists/" + list + "/export.xlsx").bytes());
        WebSession.Page same = coordinator.upload("/plan/lists/" + list + "/import", exported, "2018年责任清单.xlsx");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body()).contains("试导入").doesNotContain("id=\"problems\"").doesNotContain("id=\"apply\"");

        org.counterpart.shared.XlsxTable changed = new org.counterpart.shared.XlsxTable("2018",
                List.of("序号", "任务内容", "类别", "责任单位", "配合单位", "指标", "目标值", "单位", "完成时限", "指标代码"));
        changed.row(1, "落实财政帮扶资金（页面测试）", "资金使用", "巧家县", "", "测试拨付资金", 60, "万元", "2018-12-31", PlanTestMetrics.FUNDS);
        changed.row(2, "宣传工作", "宣传", "巧家县", "", "宣传次数", 5, "次", "2018-12-31", "");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("changed", ".xlsx");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            changed.writeTo(out);
        }
        WebSession.Page dry = coordinator.upload("/plan/lists/" + list + "/import", file, "改过的清单.xlsx");
        assertThat(dry.body()).contains("id=\"problems\"").contains("宣传").contains("id=\"apply\"");
        Matcher apply = Pattern.compile("action=\"(/plan/imports/[^\"]+/apply)\"").matcher(dry.body());
        assertThat(apply.find()).isTrue();
        assertThat(coordinator.get(apply.group(1).replace("/apply", "/problems.xlsx")).status()).isEqualTo(200);
        reporter.get("/plan");
        assertThat(reporter.post(apply.group(1), Map.of()).status()).isEqualTo(403);
        WebSession.Page applied = coordinator.post(apply.group(1), Map.of());
        assertThat(applied.body()).contains("id=\"applied\"");
        JsonNode target = json(reporter.get("/api/lists/" + list + "/tasks?month=6")).get("tasks").get(0).get("targets").get(0);
        assertThat(new java.math.BigDecimal(target.get("target").asString())).isEqualByComparingTo("600000");
        // the milestone the page set stays with the target
        assertThat(target.get("milestones").get(0).get("period").asString()).isEqualTo("2018Q2");
    }

    @Test
    void theApiReadsPlansListsTasksWithProgressAndMetricsScopedLikeThePages() {
        JsonNode plans = json(reporter.get("/api/plans"));
        assertThat(plans.findValues("id").stream().map(JsonNode::asLong).toList()).contains(plan);
        JsonNode lists = json(reporter.get("/api/plans/" + plan + "/lists"));
        assertThat(lists.get(0).get("year").asInt()).isEqualTo(2018);
        JsonNode tasks = json(reporter.get("/api/lists/" + list + "/tasks?month=6"));
        JsonNode target = tasks.get("tasks").get(0).get("targets").get(0);
        assertThat(target.get("ownerKey").asString()).isEqualTo(QIAOJIA);
        assertThat(target.get("actual").asString()).isEqualTo("150000");
        assertThat(target.get("standing").asString()).isEqualTo("BEHIND");
        assertThat(target.get("recordsLink").asString()).contains("/plan/metrics?metric=" + PlanTestMetrics.FUNDS);
        assertThat(json(reporter.get("/api/metrics")).findValues("id").stream().map(JsonNode::asString).toList())
                .contains(PlanTestMetrics.FUNDS, PlanTestMetrics.PLACED);

        String value = "/api/metrics/" + PlanTestMetrics.FUNDS + "?subject=place:" + QIAOJIA + "&period=2018-01/2018-06";
        JsonNode mine = json(reporter.get(value));
        assertThat(mine.get("value").asString()).isEqualTo("150000");
        assertThat(mine.get("recordsShown").asBoolean()).isTrue();
        assertThat(mine.get("records").get(0).get("title").asString()).isEqualTo("巧家县测试拨付");
        JsonNode outside = json(coordinator.get(value));
        assertThat(outside.get("recordsShown").asBoolean()).isFalse();
        assertThat(outside.get("records").size()).isZero();
        assertThat(reporter.get("/api/metrics/plantest.nothing?subject=place:" + QIAOJIA + "&period=2018").status()).isEqualTo(400);
        assertThat(reporter.get("/api/lists/99999999/tasks").status()).isEqualTo(404);
    }

    private static Map<String, String> task(String seq, String version) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("seq", seq);
        form.put("text", "落实财政帮扶资金（页面测试）");
        form.put("category", "FUNDS");
        form.put("metricId", PlanTestMetrics.FUNDS);
        form.put("indicator", "");
        form.put("unit", "YUAN");
        form.put("deadline", "2018-12-31");
        form.put("partner", "");
        form.put("version", version);
        return form;
    }

    private static Map<String, String> withDeadline(Map<String, String> form, String deadline) {
        form.put("deadline", deadline);
        return form;
    }

    private static long idIn(WebSession.Page page, String pattern) {
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        Matcher m = Pattern.compile(pattern + "$").matcher(page.location());
        assertThat(m.find()).as(page.location()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static JsonNode json(WebSession.Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return JSON.readTree(page.body());
    }
}
