package org.counterpart.insight;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.Milestones;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.planning.PlanForms;
import org.counterpart.planning.Plans;
import org.counterpart.planning.Progress;
import org.counterpart.shared.Command;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monthly dispatch report of a plan between 葫芦岛市 (2114) and 丽江市 (5307) for 2019: targets against the
 * computed actuals, the pace against time, the months, the figures again after a record is added and one
 * deleted, problems and overdue milestones of the helped city only, and the same report as a page, a
 * workbook and a PDF with its Chinese text embedded.
 */
@IntegrationTest
@Claims({"2114", "5307"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatchReportTest {

    static final int YEAR = 2019;
    static final String GUCHENG = "530702";
    static final String LONGGANG = "211403";
    /** The tenth of October: September's report, with September wholly passed. */
    static final LocalDate TODAY = LocalDate.of(YEAR, 10, 10);

    @LocalServerPort
    int port;
    @Autowired
    Plans plans;
    @Autowired
    Ledgers ledgers;
    @Autowired
    Milestones milestones;
    @Autowired
    DispatchReports reports;
    @Autowired
    DispatchDocuments documents;
    @Autowired
    UserAdministration users;
    @Autowired
    org.counterpart.planning.MonthlyReports monthly;
    @Autowired
    org.springframework.context.ApplicationContext beans;

    long list;
    long fundTask;
    long march;

    @BeforeAll
    void aPlanWithTargetsAndTheRecordsBehindThem() {
        users.createDemoAccount(new UserForm("huludao.office", "葫芦岛市 协作办", Role.COORDINATOR, "2114", null, "zh-CN", true,
                "counterpart2018", 0, false));
        long plan = plans.createPlan(new PlanForms.PlanForm("葫芦岛市与丽江市协作行动计划（测试）", 2019, 2021, "2114", "5307", LocalDate.of(YEAR, 1, 10)));
        list = plans.createList(plan, YEAR, "2019年责任清单（测试）");
        fundTask = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(1, "拨付财政援助资金", "FUNDS", "funds.disbursed", "",
                "YUAN", LocalDate.of(YEAR, 12, 31), "", null, 0));
        plans.saveTarget(fundTask, new PlanForms.TargetForm(GUCHENG, new BigDecimal("1000000"), 0), List.of());
        long buying = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(2, "采购丽江农产品", "CONSUMPTION", "consumption.amount", "",
                "YUAN", LocalDate.of(YEAR, 12, 31), "", null, 0));
        plans.saveTarget(buying, new PlanForms.TargetForm(LONGGANG, new BigDecimal("200000"), 0), List.of());

        march = fund("古城区水厂", "300000", "2019-03-12");
        fund("古城区村道", "200000", "2019-07-20");
        ledgers.create(Ledger.CONSUMPTION, entry(Map.of("title", "丽江雪桃", "reg_year", "2019", "place_code", GUCHENG, "owner", LONGGANG,
                "buyer", "龙港区机关食堂", "seller", "古城区合作社", "channel", "CANTEEN", "amount", "250000", "purchased_on", "2019-05-06")));

        long agreement = ledgers.create(Ledger.AGREEMENT, entry(Map.of("title", "葫芦岛丽江劳务协作协议（测试）", "kind", "FRAMEWORK",
                "signed_on", "2019-02-01", "owner", "2114", "partner", GUCHENG)));
        milestones.add(agreement, "首批劳务输出", "2019-06-30", "PLANNED");
        milestones.add(agreement, "签订用工意向", "2019-03-01", "DONE");
        ledgers.raiseProblem(Ledger.AGREEMENT, agreement, entry(Map.of("title", "输出人数不足", "raised_on", "2019-09-05",
                "responsible", "古城区人社局", "due_on", "2019-09-20", "place_code", GUCHENG, "owner", GUCHENG)));
    }

    long fund(String title, String disbursed, String on) {
        Map<String, String> f = new HashMap<>(Map.of("title", title, "reg_year", "2019", "place_code", GUCHENG, "owner", LONGGANG,
                "source", "DISTRICT", "sector", "INFRASTRUCTURE", "benefit_kind", "INFRASTRUCTURE", "allocated", disbursed,
                "disbursed", disbursed));
        f.put("disbursed_on", on);
        return ledgers.create(Ledger.FUND, entry(f));
    }

    static Ledgers.Entry entry(Map<String, String> fields) {
        return new Ledgers.Entry(new HashMap<>(fields), List.of(), 0);
    }

    Dispatch.TaskLine line(Dispatch d, int seq) {
        return d.tasks().stream().filter(t -> t.seq() == seq).findFirst().orElseThrow();
    }

    @Test
    void eachTargetShowsItsComputedActualItsPaceAndItsMonthsAndStaysTrueAfterTheRecordsChange() {
        Dispatch d = reports.report(list, 9, TODAY);
        Dispatch.TaskLine funds = line(d, 1);
        assertThat(funds.owner()).isEqualTo("古城区");
        assertThat(funds.toDate()).isEqualByComparingTo("500000");
        assertThat(funds.monthValue()).isEqualByComparingTo("0");
        assertThat(funds.trend()).hasSize(9);
        assertThat(funds.trend().get(2)).isEqualByComparingTo("300000");
        assertThat(funds.trend().get(6)).isEqualByComparingTo("200000");
        assertThat(funds.percentDone()).isEqualByComparingTo("50.0");
        // 273 of 365 days passed by the end of September
        assertThat(funds.percentElapsed()).isEqualByComparingTo("74.8");
        assertThat(funds.standing()).isEqualTo(Progress.Standing.BEHIND);
        assertThat(funds.subjectKey()).isEqualTo("place:" + GUCHENG);
        // the helping district answers for what it recorded, and has bought more than its target
        Dispatch.TaskLine buying = line(d, 2);
        assertThat(buying.subjectKey()).isEqualTo("recorded:" + LONGGANG);
        assertThat(buying.standing()).isEqualTo(Progress.Standing.DONE);
        assertThat(d.units()).anySatisfy(u -> {
            assertThat(u.owner()).isEqualTo("古城区");
            assertThat(u.behind()).isEqualTo(1);
        });

        // a September disbursement brings the county on track; deleting March's puts it behind again
        long september = fund("古城区学校", "300000", "2019-09-18");
        Dispatch after = reports.report(list, 9, TODAY);
        assertThat(line(after, 1).toDate()).isEqualByComparingTo("800000");
        assertThat(line(after, 1).monthValue()).isEqualByComparingTo("300000");
        assertThat(line(after, 1).standing()).isEqualTo(Progress.Standing.ON_TRACK);
        ledgers.delete(Ledger.FUND, march, ledgers.get(Ledger.FUND, march).version());
        Dispatch later = reports.report(list, 9, TODAY);
        assertThat(line(later, 1).toDate()).isEqualByComparingTo("500000");
        assertThat(line(later, 1).trend().get(2)).isEqualByComparingTo("0");
        assertThat(line(later, 1).standing()).isEqualTo(Progress.Standing.BEHIND);
        // an earlier month knows nothing of September
        assertThat(line(reports.report(list, 8, TODAY), 1).toDate()).isEqualByComparingTo("200000");
        ledgers.delete(Ledger.FUND, september, ledgers.get(Ledger.FUND, september).version());
        march = fund("古城区水厂", "300000", "2019-03-12");
    }

    @Test
    void problemsAndOverdueMilestonesAreThoseOfTheHelpedCityAsTheyStoodThatMonth() {
        Dispatch d = reports.report(list, 9, TODAY);
        assertThat(d.problems().openedInMonth()).isEqualTo(1);
        assertThat(d.problems().open()).isEqualTo(1);
        assertThat(d.problems().overdue()).isEqualTo(1);
        assertThat(d.agreements()).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo("葫芦岛丽江劳务协作协议（测试）");
            assertThat(a.overdue()).isEqualTo(1);
            assertThat(a.overdueTitles()).containsExactly("首批劳务输出");
        });
        // in May the problem was not raised yet and the milestone not yet due
        Dispatch may = reports.report(list, 5, TODAY);
        assertThat(may.problems().openedToDate()).isZero();
        assertThat(may.agreements()).isEmpty();
        // no unit handed September in, and its window closed long ago
        assertThat(d.reports()).extracting(Dispatch.ReportLine::owner, Dispatch.ReportLine::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("古城区", Dispatch.ReportStanding.MISSING),
                        org.assertj.core.groups.Tuple.tuple("龙港区", Dispatch.ReportStanding.MISSING));
        assertThat(d.helpingName()).isEqualTo("葫芦岛市");
        assertThat(d.helpedName()).isEqualTo("丽江市");
    }

    @Test
    void theWorkbookHasASheetPerSectionAndThePdfCarriesTheChineseTextWithItsFontEmbedded() throws Exception {
        Dispatch d = reports.report(list, 9, TODAY);
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        documents.xlsx(d, Locale.SIMPLIFIED_CHINESE, xlsx);
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx.toByteArray()))) {
            List<Sheet> sheets = book.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("任务", "责任单位", "月报", "审核后变动", "问题", "协议");
            List<Row> rows = sheets.get(0).read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("葫芦岛市·丽江市东西部扶贫协作工作月调度（2019年9月）");
            Row gucheng = null;
            for (Row r : rows) {
                if (r.getCellCount() > 3 && "古城区".equals(r.getCellText(3))) {
                    gucheng = r;
                }
            }
            assertThat(gucheng).isNotNull();
            // money in 万元 as on the page
            assertThat(new BigDecimal(gucheng.getCellRawValue(8).orElseThrow())).isEqualByComparingTo("50");
            assertThat(gucheng.getCellText(11)).isEqualTo("落后于进度");
        }
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        documents.pdf(d, Locale.SIMPLIFIED_CHINESE, TODAY, pdf);
        try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("葫芦岛市·丽江市东西部扶贫协作工作月调度（2019年9月）", "拨付财政援助资金", "古城区", "落后于进度",
                    "首批劳务输出", "1 / " + doc.getNumberOfPages());
            assertThat(doc.getPage(0).getResources().getFontNames()).isNotEmpty();
            assertThat(String.valueOf(doc.getPage(0).getResources().getFont(doc.getPage(0).getResources().getFontNames().iterator().next())
                    .getName())).contains("NotoSansSC");
        }
        ByteArrayOutputStream english = new ByteArrayOutputStream();
        documents.pdf(d, Locale.ENGLISH, TODAY, english);
        try (PDDocument doc = Loader.loadPDF(english.toByteArray())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Monthly Dispatch (Sep 2019)", "behind schedule");
        }
    }

    @Test
    void thePageTheWorkbookAndThePdfAnswerOverHttpAndBadMonthsAreRefusedInWords() {
        WebSession office = WebSession.signedIn(port, "huludao.office");
        WebSession.Page page = office.get("/insight/dispatch?list=" + list + "&month=9");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("葫芦岛市·丽江市东西部扶贫协作工作月调度", "拨付财政援助资金", "古城区", "落后于进度",
                "/plan/metrics?metric=funds.disbursed&amp;subject=place:" + GUCHENG);
        assertThat(office.get("/insight/dispatch.xlsx?list=" + list + "&month=9").headers().get("Content-Type").get(0))
                .startsWith("application/vnd.openxmlformats");
        WebSession.Page thirteenth = office.get("/insight/dispatch?list=" + list + "&month=13");
        assertThat(thirteenth.status()).isEqualTo(400);
        assertThat(thirteenth.body()).contains("月份为 1 至 12");
        WebSession.Page pdf = office.get("/insight/dispatch.pdf?list=" + list + "&month=9&lang=en");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(new String(pdf.bytes(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        office.get("/insight/dispatch?list=" + list + "&lang=zh-CN");
        assertThat(office.get("/insight/dispatch?list=99999999&month=9").status()).isEqualTo(404);
        WebSession.Page api = office.get("/api/dispatch?month=2019-13");
        assertThat(api.status()).isEqualTo(400);
    }

    @Test
    void anApprovedMonthThatTheRecordsChangedAfterwardsIsNamedWithItsFiguresAndTheApprovedOneStays() {
        org.counterpart.planning.OwnerUnit gucheng = org.counterpart.planning.OwnerUnit.of(new org.counterpart.geography.RegionCode(GUCHENG));
        long planId = plans.list(list).planId();
        java.time.ZoneId china = java.time.ZoneId.of("Asia/Shanghai");
        long id = monthly.recordedAt(LocalDate.of(YEAR, 9, 3).atStartOfDay(china).toInstant(), "古城区填报员",
                () -> monthly.reportFor(gucheng, planId, YEAR, 8)).id();
        monthly.recordedAt(LocalDate.of(YEAR, 9, 5).atStartOfDay(china).toInstant(), "古城区填报员", () -> {
            monthly.submit(id, monthly.get(id).version());
            return null;
        });
        monthly.recordedAt(LocalDate.of(YEAR, 9, 8).atStartOfDay(china).toInstant(), "丽江市协作办", () -> {
            monthly.approve(id, monthly.get(id).version(), "同意");
            return null;
        });
        assertThat(reports.report(list, 8, TODAY).changed()).isEmpty();

        long august = fund("古城区补录项目", "100000", "2019-08-16");
        Dispatch d = reports.report(list, 8, TODAY);
        assertThat(d.changed()).singleElement().satisfies(c -> {
            assertThat(c.owner()).isEqualTo("古城区");
            assertThat(c.approved()).isEqualByComparingTo("0");
            assertThat(c.now()).isEqualByComparingTo("100000");
            assertThat(c.records()).isEqualTo(1);
            assertThat(c.reportId()).isEqualTo(id);
        });
        // the approved figure is kept as approved
        assertThat(monthly.approvedFigures(planId, YEAR, 8)).singleElement()
                .satisfies(f -> assertThat(f.approved()).isEqualByComparingTo("0"));
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        documents.pdf(d, Locale.SIMPLIFIED_CHINESE, TODAY, pdf);
        try (PDDocument doc = Loader.loadPDF(pdf.toByteArray())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("审核后变动：0.00 → 10.00，1 条记录");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ledgers.delete(Ledger.FUND, august, ledgers.get(Ledger.FUND, august).version());
        assertThat(reports.report(list, 8, TODAY).changed()).isEmpty();
    }

    @Test
    void theCommandWritesTheReportAsAFileOfEitherKind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Command.Context context = new Command.Context() {
            @Override
            public <T> T bean(Class<T> type) {
                return beans.getBean(type);
            }

            @Override
            public String usage() {
                return "";
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.nio.file.Path pdf = dir.resolve("调度-2019-09.pdf");
        int code = new DispatchCommand().run(List.of("--month", "2019-09", "--format", "pdf", "--out", pdf.toString(), "--list", String.valueOf(list)),
                context, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(code).isEqualTo(Command.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote the dispatch report of 2019-09 (2 targets");
        try (PDDocument doc = Loader.loadPDF(java.nio.file.Files.readAllBytes(pdf))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("葫芦岛市·丽江市东西部扶贫协作工作月调度（2019年9月）");
        }
        java.nio.file.Path xlsx = dir.resolve("dispatch.xlsx");
        assertThat(new DispatchCommand().run(List.of("--month", "2019-09", "--format", "xlsx", "--out", xlsx.toString(), "--list",
                String.valueOf(list), "--lang", "en"), context, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(Command.OK);
        try (ReadableWorkbook book = new ReadableWorkbook(java.nio.file.Files.newInputStream(xlsx))) {
            assertThat(book.getSheets().toList()).extracting(Sheet::getName).startsWith("Tasks", "Units");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(new DispatchCommand().run(List.of("--month", "2019-09", "--format", "pdf", "--out", dir.resolve("x.pdf").toString(), "--list",
                "99999999"), context, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(Command.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("there is no responsibility list 99999999").doesNotContain("Exception");
        assertThat(dir.resolve("x.pdf")).doesNotExist();
    }

    @Test
    void theCommandRefusesWhatItCannotDoInOneLine() {
        DispatchCommand command = new DispatchCommand();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(List.of("--month", "2019-9", "--format", "pdf", "--out", "x.pdf"), null, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Command.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a month written as YYYY-MM").doesNotContain("Exception");
        err.reset();
        assertThat(command.run(List.of("--month", "2019-09", "--format", "doc", "--out", "x.doc"), null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Command.USAGE);
    }
}
