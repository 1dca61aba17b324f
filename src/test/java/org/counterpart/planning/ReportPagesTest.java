package org.counterpart.planning;

import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report pages over real HTTP: the month's list with every unit's state in words, a report opened from
 * it, a closed month reopened by the helping city's office with a lock exception, the unit's values saved and
 * submitted (late), returned with a reason that the unit's home shows, submitted again and approved by the
 * level above, whose home listed it.
 */
@IntegrationTest
@Claims({"530521", "210303"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPagesTest {

    static final String DISTRICT = "210303";

    @LocalServerPort
    int port;
    @Autowired
    Plans plans;
    @Autowired
    UserAdministration users;

    long plan;
    long handTarget;

    @BeforeAll
    void aPlanWithTwoUnitsAndTheirAccounts() {
        plan = plans.createPlan(new PlanForms.PlanForm("鞍山—保山 月报页面测试计划", 2019, 2020, "2103", "5305", null));
        long list = plans.createList(plan, 2019, "2019年责任清单（页面测试）");
        long task = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(1, "选派专业技术人才", "TALENT", "", "专业技术人才", "PEOPLE",
                LocalDate.of(2019, 12, 31), "", null, 0));
        handTarget = plans.saveTarget(task, new PlanForms.TargetForm(DISTRICT, new BigDecimal("12"), 0), List.of());
        plans.saveTarget(task, new PlanForms.TargetForm("530521", new BigDecimal("8"), 0), List.of());
        for (String[] a : new String[][]{{"rp.tiexi", "REPORTER", DISTRICT}, {"rp.anshan.office", "COORDINATOR", "2103"},
                {"rp.anshan.reviewer", "REVIEWER", "2103"}, {"rp.shidian", "REPORTER", "530521"}}) {
            users.createDemoAccount(new UserForm(a[0], a[0], Role.valueOf(a[1]), a[2], null, "zh-CN", true, "counterpart2018", 0, false));
        }
    }

    static String version(String html) {
        var m = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(html);
        assertThat(m.find()).as("a version on the page").isTrue();
        return m.group(1);
    }

    @Test
    void aUnitsReportGoesThroughItsPagesFromTheMonthListToApproval() throws java.io.IOException {
        WebSession reporter = WebSession.signedIn(port, "rp.tiexi");
        WebSession.Page list = reporter.get("/plan/reports?plan=" + plan + "&year=2019&month=8");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains("铁西区", "未填报", "逾期未报");

        WebSession.Page opened = reporter.post("/plan/reports/open", Map.of("plan", String.valueOf(plan), "unit", DISTRICT,
                "year", "2019", "month", "8"));
        assertThat(opened.status()).isEqualTo(302);
        String page = opened.location().replaceFirst("^https?://[^/]+", "");
        WebSession.Page report = reporter.get(page);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.text()).contains("草稿", "专业技术人才", "/ledgers/problems/new");

        // the window of August 2019 closed long ago: the unit's save is refused with the reason
        WebSession.Page refused = reporter.post(page + "/save", Map.of("version", version(report.body()), "hand." + handTarget, "3"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(reporter.get(page).text()).contains("填报期已于");

        // the reviewer cannot grant an exception, the helping city's coordinator can
        WebSession reviewer = WebSession.signedIn(port, "rp.anshan.reviewer");
        assertThat(reviewer.get(page).body()).doesNotContain("id=\"grant\"");
        WebSession office = WebSession.signedIn(port, "rp.anshan.office");
        office.get(page);
        String until = LocalDate.now().plusDays(3).toString();
        office.post(page + "/lock", Map.of("until", until, "reason", "系统迁移，延期补报"));
        assertThat(office.get(page).text()).contains("系统迁移，延期补报");

        report = reporter.get(page);
        reporter.post(page + "/save", Map.of("version", version(report.body()), "hand." + handTarget, "3", "note." + handTarget, "三名技术人员",
                "progressNote", "八月选派三名", "nextMonthPlan", "九月继续"));
        report = reporter.get(page);
        assertThat(report.text()).contains("已保存", "八月选派三名", "value=\"3\"");

        // evidence for the value reported by hand: attached by the unit, read back as it was, sealed on disk
        java.nio.file.Path notice = java.nio.file.Files.createTempFile("evidence", ".txt");
        java.nio.file.Files.writeString(notice, "派遣通知：三名技术人员 2019年8月");
        WebSession.Page attached = reporter.uploadWithLastToken(page + "/evidence?target=" + handTarget, notice, "派遣通知.txt");
        assertThat(attached.status()).isEqualTo(302);
        report = reporter.get(page);
        assertThat(report.text()).contains("文件已上传", "派遣通知.txt");
        Matcher file = Pattern.compile("href=\"(" + Pattern.quote(page) + "/evidence/\\d+)\"").matcher(report.body());
        assertThat(file.find()).isTrue();
        WebSession.Page download = WebSession.signedIn(port, "rp.anshan.reviewer").get(file.group(1));
        assertThat(download.status()).isEqualTo(200);
        assertThat(new String(download.bytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("派遣通知：三名技术人员 2019年8月");
        assertThat(WebSession.signedIn(port, "rp.shidian").get(file.group(1)).status()).isEqualTo(403);
        WebSession.Page empty = reporter.uploadWithLastToken(page + "/evidence?target=" + handTarget,
                java.nio.file.Files.createTempFile("empty", ".txt"), "空.txt");
        assertThat(empty.status()).isEqualTo(302);
        assertThat(reporter.get(page).text()).contains("请选择一个有内容的文件");
        java.nio.file.Files.deleteIfExists(notice);
        report = reporter.get(page);
        reporter.post(page + "/submit", Map.of("version", version(report.body())));
        report = reporter.get(page);
        assertThat(report.text()).contains("已报送，待审核", "逾期报送");
        assertThat(report.body()).doesNotContain("id=\"save\"");

        WebSession.Page reviewerHome = reviewer.get("/");
        assertThat(reviewerHome.text()).contains("待您审核的月报", page);
        WebSession.Page review = reviewer.get(page);
        reviewer.post(page + "/return", Map.of("version", version(review.body()), "reason", ""));
        assertThat(reviewer.get(page).text()).contains("请填写退回原因");
        review = reviewer.get(page);
        reviewer.post(page + "/return", Map.of("version", version(review.body()), "reason", "请附派遣文件"));
        assertThat(reviewer.get(page).text()).contains("已退回修改", "请附派遣文件");
        assertThat(reporter.get("/").text()).contains("被退回：请附派遣文件");

        report = reporter.get(page);
        reporter.post(page + "/submit", Map.of("version", version(report.body())));
        review = reviewer.get(page);
        reviewer.post(page + "/approve", Map.of("version", version(review.body()), "comment", "同意"));
        WebSession.Page approved = reviewer.get(page);
        assertThat(approved.text()).contains("已审核通过", "审核意见：同意", "审核后变动", "审核后没有变动");

        WebSession.Page month = office.get("/plan/reports?plan=" + plan + "&year=2019&month=8");
        assertThat(month.text()).contains("已审核通过", "逾期", "施甸县");
        assertThat(month.body()).contains("id=\"overdue\"");

        // the same through the JSON API, scoped as the pages are
        String id = page.substring(page.lastIndexOf('/') + 1);
        WebSession.Page json = office.get("/api/reports/" + id);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body()).contains("\"state\":\"APPROVED\"", "\"late\":true", "\"reviewComment\":\"同意\"", "\"value\":\"3.00\"");
        WebSession.Page monthJson = office.get("/api/reports?plan=" + plan + "&year=2019&month=8");
        assertThat(monthJson.status()).isEqualTo(200);
        assertThat(monthJson.body()).contains("\"reportId\":" + id, "\"state\":\"APPROVED\"", "\"overdue\":[");
        assertThat(office.get("/api/reports?plan=" + plan + "&year=2019&month=13").status()).isEqualTo(400);

        // someone of another unit may not read it; a county reporter of the helped side neither
        WebSession other = WebSession.signedIn(port, "rp.shidian");
        assertThat(other.get(page).status()).isEqualTo(403);
        assertThat(other.get("/api/reports/" + id).status()).isEqualTo(403);
        assertThat(reporter.post(page + "/approve", Map.of("version", "0")).status()).isEqualTo(403);
    }
}
