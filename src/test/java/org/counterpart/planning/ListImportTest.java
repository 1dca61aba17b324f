package org.counterpart.planning;

import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Problem;
import org.counterpart.shared.XlsxTable;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The responsibility list out to the office's spreadsheet and back: the export reads back as no change at
 * all; a file the office changed adds and changes what it says after a dry run that shows it, and every bad
 * row is named by its row and column and left out. The plan is this class's own between 辽阳市 and 昭通市,
 * its units 鲁甸县 (Zhaotong) and 文圣区 (Liaoyang).
 */
@IntegrationTest
@Claims({"530621", "211003"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListImportTest {

    static final String LUDIAN = "530621";
    static final String WENSHENG = "211003";

    @Autowired
    Plans plans;
    @Autowired
    ListExport export;
    @Autowired
    ListImport imports;

    long list;
    long funds;
    long trained;

    /** A list of its own for each test: a computed task with two units and a hand-reported one. */
    @BeforeEach
    void aListWithAComputedAndAHandReportedTask() {
        long plan = plans.createPlan(new PlanForms.PlanForm("辽阳市·昭通市协作行动计划（清单导入测试）", 2018, 2020, "2110", "5306", null));
        list = plans.createList(plan, 2018, "2018年责任清单（导入测试）");
        funds = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(1, "落实财政帮扶资金", "FUNDS", PlanTestMetrics.FUNDS, "财政帮扶资金",
                "", LocalDate.of(2018, 12, 31), WENSHENG, null, 0));
        plans.saveTarget(funds, new PlanForms.TargetForm(LUDIAN, new BigDecimal("3000000"), 0), List.of());
        plans.saveTarget(funds, new PlanForms.TargetForm(WENSHENG, new BigDecimal("500000.50"), 0), List.of());
        trained = plans.saveTask(list, Optional.empty(), new PlanForms.TaskForm(2, "培训贫困劳动力", "LABOUR", null, "培训人数", "PEOPLE",
                LocalDate.of(2018, 11, 30), "", null, 0));
        plans.saveTarget(trained, new PlanForms.TargetForm(LUDIAN, new BigDecimal("23"), 0), List.of());
    }

    @Test
    void theExportIsTheOfficeShapeAndImportsBackAsNoChangeAtAll() throws IOException {
        Path file = Files.createTempFile("list", ".xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            export.table(list, Locale.SIMPLIFIED_CHINESE).writeTo(out);
        }
        try (InputStream in = Files.newInputStream(file); ReadableWorkbook book = new ReadableWorkbook(in)) {
            List<Row> rows = book.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("2018年责任清单（导入测试）");
            Row header = rows.stream().filter(r -> "序号".equals(r.getCellText(0))).findFirst().orElseThrow();
            assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8).stream().map(header::getCellText).toList())
                    .containsExactly("序号", "任务内容", "类别", "责任单位", "配合单位", "指标", "目标值", "单位", "完成时限");
            Row first = rows.get(header.getRowNum());
            assertThat(first.getCellText(1)).isEqualTo("落实财政帮扶资金");
            assertThat(first.getCellText(2)).isEqualTo("资金支持与使用");
            assertThat(first.getCellText(3)).isEqualTo("鲁甸县");
            assertThat(first.getCellText(4)).isEqualTo("文圣区");
            assertThat(new BigDecimal(first.getCellRawValue(6).orElseThrow())).isEqualByComparingTo("300");
            assertThat(first.getCellText(7)).isEqualTo("万元");
            assertThat(rows.get(rows.size() - 1).getCellText(0)).contains("2").contains("3").doesNotContain("4");
        }
        ListImport.Outcome dry;
        try (InputStream in = Files.newInputStream(file)) {
            dry = imports.check(list, "2018年责任清单.xlsx", in);
        }
        assertThat(dry.problems()).isEmpty();
        assertThat(dry.rows()).isEqualTo(3);
        assertThat(dry.changes()).extracting(ListImport.Change::kind).containsOnly(ListImport.ChangeKind.UNCHANGED).hasSize(3);
        assertThat(dry.anythingToApply()).isFalse();
        ListImport.Outcome applied = imports.apply(dry.token());
        assertThat(applied.applied()).isTrue();
        assertThat(plans.task(funds).version()).isZero();
        assertThat(plans.task(trained).targets().get(0).version()).isZero();
    }

    @Test
    void aListChangedBetweenTheDryRunAndTheApplyIsNotOverwrittenByTheFile() throws IOException {
        Task.Target before = plans.task(trained).targets().get(0);
        XlsxTable sheet = new XlsxTable("2018", List.of("序号", "任务内容", "类别", "责任单位", "配合单位", "指标", "目标值", "单位", "完成时限"));
        sheet.row(2, "培训贫困劳动力", "劳务协作", "鲁甸县", "", "培训人数", before.value().add(BigDecimal.TEN), "人", "2018-11-30");
        Path file = Files.createTempFile("raced", ".xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            sheet.writeTo(out);
        }
        ListImport.Outcome dry;
        try (InputStream in = Files.newInputStream(file)) {
            dry = imports.check(list, "被抢先的清单.xlsx", in);
        }
        assertThat(dry.count(ListImport.ChangeKind.TARGET_CHANGED)).isEqualTo(1);
        // a coordinator sets the target through the form after the dry run was shown
        plans.saveTarget(trained, new PlanForms.TargetForm(before.owner().key(), before.value().add(BigDecimal.ONE), before.version()),
                before.milestones());
        assertThatThrownBy(() -> imports.apply(dry.token())).isInstanceOf(org.counterpart.shared.ConcurrentEditException.class);
        Task.Target after = plans.task(trained).targets().get(0);
        assertThat(after.value()).isEqualByComparingTo(before.value().add(BigDecimal.ONE));
        plans.saveTarget(trained, new PlanForms.TargetForm(before.owner().key(), before.value(), after.version()), before.milestones());
        Files.deleteIfExists(file);
    }

    @Test
    void aChangedFileIsShownInADryRunThenAppliedWithEveryBadRowNamedAndLeftOut() throws IOException {
        XlsxTable sheet = new XlsxTable("2018", List.of("序号", "任务内容", "类别", "责任单位", "配合单位", "指标", "目标值", "单位", "完成时限"));
        sheet.title("2018年责任清单");
        // sheet row 1 is the title, row 2 empty, row 3 the header: the data start at row 4
        sheet.row(2, "培训贫困劳动力", "劳务协作", "鲁甸县", "", "培训人数", 30, "人", "2018-11-30");
        sheet.row(3, "采购贵州特色产品", "消费扶贫", "文圣区", "", "采购金额", 100, "万元", "2018-12-31");
        sheet.row(4, "宣传工作", "宣传", "鲁甸县", "", "宣传次数", 5, "次", "2018-12-31");
        sheet.row(5, "援建学校", "产业合作", "没有这个县", "", "学校", 1, "个", "2018-12-31");
        sheet.row(6, "跨年的任务", "人才交流", "鲁甸县", "", "派驻教师", 7, "人", "2019-01-31");
        sheet.row(7, "称重的任务", "产业合作", "鲁甸县", "", "农产品", 9, "吨", "2018-12-31");
        Path file = Files.createTempFile("changed", ".xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            sheet.writeTo(out);
        }
        ListImport.Outcome dry;
        try (InputStream in = Files.newInputStream(file)) {
            dry = imports.check(list, "改过的清单.xlsx", in);
        }
        assertThat(dry.applied()).isFalse();
        assertThat(dry.problems()).extracting(Problem::line, Problem::column, Problem::messageKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple(6, "类别", "plan.import.category"),
                org.assertj.core.groups.Tuple.tuple(7, "责任单位", "place.unknown"),
                org.assertj.core.groups.Tuple.tuple(8, "完成时限", "task.deadline.outside"),
                org.assertj.core.groups.Tuple.tuple(9, "单位", "plan.import.unit"));
        assertThat(dry.problems().get(0).shownValue()).isEqualTo("宣传");
        assertThat(dry.problems().get(0).arguments().get(0).toString()).contains("劳务协作").contains("消费扶贫");
        assertThat(dry.count(ListImport.ChangeKind.TARGET_CHANGED)).isEqualTo(1);
        assertThat(dry.count(ListImport.ChangeKind.TASK_ADDED)).isEqualTo(1);
        assertThat(dry.count(ListImport.ChangeKind.TARGET_ADDED)).isEqualTo(1);
        assertThat(dry.skippedTasks()).isEqualTo(4);
        assertThat(dry.notInFile()).isEqualTo(1);
        // nothing is written by the dry run
        assertThat(plans.tasks(list)).extracting(Task::seq).containsExactly(1, 2);
        assertThat(plans.task(trained).targets().get(0).value()).isEqualByComparingTo("23");

        ListImport.Outcome applied = imports.apply(dry.token());
        assertThat(applied.applied()).isTrue();
        assertThat(plans.tasks(list)).extracting(Task::seq).containsExactly(1, 2, 3);
        assertThat(plans.task(trained).targets().get(0).value()).isEqualByComparingTo("30");
        Task bought = plans.tasks(list).get(2);
        assertThat(bought.category()).isEqualTo(TaskCategory.CONSUMPTION);
        assertThat(bought.unit()).isEqualTo(org.counterpart.shared.MetricUnit.YUAN);
        assertThat(bought.targets()).singleElement().satisfies(g -> {
            assertThat(g.owner().key()).isEqualTo(WENSHENG);
            assertThat(g.value()).isEqualByComparingTo("1000000"); // 100 万元
        });
        // the task the file did not name is as it was, with its partner
        assertThat(plans.task(funds).partner().map(OwnerUnit::key)).contains(WENSHENG);
        // an applied import is gone: applying it again is refused
        assertThatThrownBy(() -> imports.apply(dry.token())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void brokenBytesAndAnUnsupportedKindOfFileAreRefusedAsAWholeAndChangeNothing() throws IOException {
        for (String name : List.of("坏的清单.xlsx", "清单.pdf")) {
            try (InputStream in = new java.io.ByteArrayInputStream("PK\u0003\u0004 not a workbook at all".getBytes())) {
                assertThatThrownBy(() -> imports.check(list, name, in)).as(name).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("file"));
            }
        }
        assertThat(plans.tasks(list)).extracting(Task::seq).containsExactly(1, 2);
    }

    @Test
    void aFileWithoutTheListsColumnsIsRefusedAsAWhole() throws IOException {
        Path file = Files.createTempFile("other", ".xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            new XlsxTable("x", List.of("姓名", "身份证号")).row("张三", "x").writeTo(out);
        }
        try (InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> imports.check(list, "别的表.xlsx", in)).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("file"));
        }
    }
}
