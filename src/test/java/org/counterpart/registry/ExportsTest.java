package org.counterpart.registry;

import org.counterpart.geography.Regions;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports ready for a report, read over real HTTP with fastexcel's reader: monitoring and likely duplicates
 * (title, filters, date, place columns, totals, ID numbers masked for a reader without the personal-data
 * permission) and how they follow a change; the household list and the gap with their number formats and
 * totals; the registry import template, which filled with a row and uploaded checks without a problem in
 * both languages; the home page's import status in words. The registry is 2019's in 波罗赤镇 of 朝阳县 (朝阳市).
 */
@IntegrationTest
@Claims("2113")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportsTest {

    static final String TOWN = "211321102";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RegistryGenerator generator;
    @Autowired
    RegistryImport imports;
    @Autowired
    Regions regions;
    @Autowired
    UserAdministration users;

    List<String[]> people;

    @BeforeAll
    void aRegistryWithLikelyDuplicates() throws IOException {
        users.createDemoAccount(new UserForm("chaoyang.office", "朝阳市 协作办", Role.COORDINATOR, "2113", null, "zh-CN", true,
                "counterpart2018", 0, true));
        users.createDemoAccount(new UserForm("chaoyang.viewer", "朝阳市 查看", Role.VIEWER, "2113", null, "zh-CN", true,
                "counterpart2018", 0, false));
        Path file = Files.createTempFile("chaoyang", ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(40, List.of(2019), regions.code(TOWN), 2113, 0), file);
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            // three likely duplicates: two one-person households each, the same name and birth date in the town, two ID numbers
            String[] head = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).filter(c -> c[4].equals("户主"))
                    .findFirst().orElseThrow();
            for (int k = 0; k < 3; k++) {
                for (int i = 1; i <= 2; i++) {
                    String[] c = head.clone();
                    c[0] = c[1] + "8" + k + i;
                    c[2] = "重复" + "甲乙丙".charAt(k) + "某";
                    String first17 = "211321" + "1966030" + (k + 1) + "0" + k + i;
                    c[3] = first17 + org.counterpart.shared.ResidentId.checkCharacter(first17);
                    c[5] = "";
                    c[6] = "";
                    lines.add(String.join(",", c));
                }
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
            people = lines.subList(1, lines.size()).stream().map(l -> l.replace("\uFEFF", "").split(",", -1)).toList();
            RegistryImport.Result result = imports.run(file, "chaoyang.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).as(result.toString()).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void monitoringExportsItsFlagsWithFiltersPlacesAndTotalsAndFollowsACorrection() throws IOException {
        WebSession viewer = WebSession.signedIn(port, "chaoyang.viewer");
        WebSession.Page page = viewer.get("/registry/monitoring?year=2019&region=2113");
        assertThat(page.status()).isEqualTo(200);
        long before = flags();
        if (before > 0) {
            assertThat(page.text()).contains("/registry/monitoring/export.xlsx?year=2019&region=2113");
        } else {
            assertThat(page.text()).doesNotContain("/registry/monitoring/export.xlsx"); // nothing to export
        }
        List<Row> rows = read(viewer, "/registry/monitoring/export.xlsx?year=2019&region=2113");
        assertThat(rows.get(0).getCell(0).getText()).isEqualTo("2019年防止返贫监测对象");
        assertThat(head(rows)).contains("年度：2019").contains("所在地区：辽宁省 › 朝阳市").contains("数据截至 " + LocalDate.now());
        int header = headerRow(rows, "户编号");
        assertThat(text(rows.get(header))).startsWith("户编号", "省", "市", "县（区）", "乡镇（街道）", "村（社区）", "户主");
        assertThat(rows.size() - header - 2).isEqualTo(before);
        assertThat(last(rows)).isEqualTo("合计：" + before + " 条监测记录，涉及 " + flaggedHouseholds() + " 户");

        // a correction that makes one more household meet a trigger: its costs far above its income
        WebSession office = WebSession.signedIn(port, "chaoyang.office");
        long household = jdbc.sql("""
                        select min(hy.household_id) from household_year hy where hy.reg_year = 2019 and hy.village_code like '2113%'
                          and not exists (select 1 from monitoring_flag f where f.household_id = hy.household_id and f.reg_year = 2019)""")
                .query(Long.class).single();
        Map<String, Object> y = jdbc.sql("select * from household_year where household_id = :id and reg_year = 2019").param("id", household)
                .query().singleRow();
        Map<String, String> form = new HashMap<>();
        form.put("status", "已脱贫"); // only exited households are monitored; the exit is recorded with a reason
        form.put("attribute", string(y.get("poverty_attribute")));
        form.put("mainCause", string(y.get("main_cause")));
        form.put("otherCauses", string(y.get("other_causes")));
        form.put("standard", string(y.get("standard")));
        form.put("wage", string(y.get("income_wage")));
        form.put("business", string(y.get("income_business")));
        form.put("transfer", string(y.get("income_transfer")));
        form.put("property", string(y.get("income_property")));
        form.put("costs", "9000000");
        form.put("dangerousHousing", string(y.get("dangerous_housing")));
        form.put("safeWater", string(y.get("safe_water")));
        form.put("cadreName", string(y.get("cadre_name")));
        form.put("cadreUnit", string(y.get("cadre_unit")));
        form.put("version", string(y.get("version")));
        form.put("exitOverride", "导出测试：脱贫由县里核定");
        office.get("/registry/households/" + household + "/2019/edit");
        WebSession.Page saved = office.post("/registry/households/" + household + "/2019/edit", form);
        assertThat(saved.status()).as(saved.text()).isEqualTo(302);
        office.get("/registry/monitoring?year=2019");
        assertThat(office.post("/registry/monitoring/recompute?year=2019", Map.of()).status()).isEqualTo(302);

        List<Row> after = read(viewer, "/registry/monitoring/export.xlsx?year=2019&region=2113&rule=rigid_spending");
        assertThat(head(after)).contains("触发条件：刚性支出超过收入");
        String number = jdbc.sql("select household_no from household where id = :id").param("id", household).query(String.class).single();
        int h = headerRow(after, "户编号");
        assertThat(after.subList(h + 1, after.size() - 1).stream().map(r -> r.getCell(0).getText())).contains(number);
        assertThat(flags()).isGreaterThan(before);
        List<Row> all = read(viewer, "/registry/monitoring/export.xlsx?year=2019&region=2113");
        assertThat(all.size() - headerRow(all, "户编号") - 2).isEqualTo(flags());
    }

    @Test
    void likelyDuplicatesExportMaskedWithPlacesAndTheirCountAndADecisionTakesAPairOut() throws IOException {
        WebSession viewer = WebSession.signedIn(port, "chaoyang.viewer");
        WebSession.Page page = viewer.get("/registry/duplicates?region=2113");
        Matcher shown = Pattern.compile("共 (\\d+) 条").matcher(page.text());
        assertThat(shown.find()).as(page.text()).isTrue();
        int listed = Integer.parseInt(shown.group(1));
        assertThat(listed).isPositive();
        assertThat(page.text()).contains("/registry/duplicates/export.xlsx?").contains("region=2113");

        byte[] bytes = viewer.get("/registry/duplicates/export.xlsx?region=2113").bytes();
        List<Row> rows = read(bytes);
        assertThat(rows.get(0).getCell(0).getText()).isEqualTo("疑似重复");
        assertThat(head(rows)).contains("显示：未处理").contains("所在地区：辽宁省 › 朝阳市").contains("数据截至 " + LocalDate.now());
        int header = headerRow(rows, "姓名");
        List<String> headers = text(rows.get(header));
        assertThat(headers.subList(3, 8)).containsExactly("省", "市", "县（区）", "乡镇（街道）", "村（社区）");
        assertThat(rows.size() - header - 2).isEqualTo(listed);
        Row first = rows.get(header + 1);
        assertThat(first.getCell(1).getText()).matches("\\d{6}\\*{8}[0-9X]{4}");
        assertThat(first.getCell(4).getText()).isEqualTo("朝阳市");
        assertThat(first.getCell(6).getText()).isEqualTo("波罗赤镇");
        assertThat(last(rows)).isEqualTo("合计：" + listed + " 对");
        String inside = allText(bytes);
        for (String[] p : people) {
            assertThat(inside).doesNotContain(p[3]);
        }

        // a reviewer's decision takes the pair out of the undecided export and into the dismissed one
        WebSession office = WebSession.signedIn(port, "chaoyang.office");
        String pairId = Pattern.compile("id=\"pair-(\\d+)-(\\d+)\"").matcher(office.get("/registry/duplicates?region=2113").text())
                .results().findFirst().orElseThrow().group();
        Matcher ids = Pattern.compile("(\\d+)-(\\d+)").matcher(pairId);
        assertThat(ids.find()).isTrue();
        WebSession.Page decided = office.post("/registry/duplicates/decide", Map.of("a", ids.group(1), "b", ids.group(2),
                "decision", "DISMISSED", "note", "不同的人（导出测试）", "back", "/registry/duplicates"));
        assertThat(decided.status()).isEqualTo(302);
        List<Row> undecided = read(viewer, "/registry/duplicates/export.xlsx?region=2113");
        assertThat(undecided.size() - headerRow(undecided, "姓名") - 2).isEqualTo(listed - 1);
        assertThat(last(undecided)).isEqualTo("合计：" + (listed - 1) + " 对");
        List<Row> dismissed = read(viewer, "/registry/duplicates/export.xlsx?region=2113&decision=DISMISSED");
        assertThat(head(dismissed)).contains("显示：已排除");
        int d = headerRow(dismissed, "姓名");
        assertThat(dismissed.size() - d - 2).isEqualTo(1);
        assertThat(text(dismissed.get(d + 1))).contains("已排除", "chaoyang.office", "不同的人（导出测试）");
    }

    @Test
    void theHouseholdListAndTheGapExportWithUnitMoneyFormatPlacesAndTotals() throws IOException {
        WebSession viewer = WebSession.signedIn(port, "chaoyang.viewer");
        List<Row> rows = read(viewer, "/registry/households.xlsx?year=2019&region=2113");
        assertThat(rows.get(0).getCell(0).getText()).isEqualTo("2019年建档立卡贫困户");
        assertThat(head(rows)).contains("年度：2019").contains("所在地区：辽宁省 › 朝阳市").contains("金额单位：元").contains("数据截至 " + LocalDate.now());
        int header = headerRow(rows, "户编号");
        List<String> headers = text(rows.get(header));
        assertThat(headers.subList(1, 6)).containsExactly("省", "市", "县（区）", "乡镇（街道）", "村（社区）");
        int income = indexStarting(headers, "人均纯收入");
        int members = headers.indexOf("人数");
        Row record = rows.get(header + 1);
        assertThat(record.getCell(income).getDataFormatString()).isEqualTo("#,##0.00");
        assertThat(record.getCell(3).getText()).isEqualTo("朝阳县");
        assertThat(rows.size() - header - 2).isEqualTo(46);
        Row totals = rows.get(rows.size() - 1);
        assertThat(totals.getCell(0).getText()).isEqualTo("合计：46 户");
        assertThat(totals.getCell(members).asNumber().intValue()).isEqualTo(people.size());
        assertThat(totals.getCell(members).getDataFormatString()).isEqualTo("#,##0");

        // nothing reaches this registry, so every household is in the gap
        List<Row> gap = read(viewer, "/reach/gap.xlsx?year=2019&place=2113");
        assertThat(gap.get(0).getCell(0).getText()).isEqualTo("辽宁省朝阳市2019年未受益贫困户");
        int g = headerRow(gap, "户编号");
        assertThat(gap.size() - g - 2).isEqualTo(46);
        assertThat(last(gap)).isEqualTo("合计：46 户");
        int headId = text(gap.get(g)).indexOf("户主身份证号");
        assertThat(gap.subList(g + 1, gap.size() - 1)).allSatisfy(r -> assertThat(r.getCell(headId).getText()).matches("\\d{6}\\*{8}[0-9X]{4}"));
    }

    @Test
    void theRegistryTemplateOffersWordsExplainsItsColumnsAndFilledImportsWithoutProblemsInBothLanguages() throws IOException {
        WebSession office = WebSession.signedIn(port, "chaoyang.office");
        assertThat(office.get("/registry/imports").text()).contains("/registry/imports/template.xlsx");
        byte[] zh = office.get("/registry/imports/template.xlsx").bytes();
        String sheet = unzip(zh).get("xl/worksheets/sheet1.xml");
        assertThat(sheet).contains("type=\"list\"");
        Map<String, List<String>> lists = lists(zh, "选项");
        assertThat(lists.get("与户主关系")).contains("户主");
        assertThat(lists.get("脱贫属性")).contains("已脱贫");
        List<Row> notes = sheet(zh, 1);
        assertThat(text(notes.get(0))).containsExactly("列名", "必填", "填写要求", "示例");
        String explained = String.join("\n", notes.stream().map(r -> r.getCellCount() < 3 || r.getCell(2) == null ? "" : r.getCell(2).getText()).toList());
        assertThat(explained).contains("12 位代码").contains("请从列表中选择：");
        List<String> headers = text(sheet(zh, 0).get(0));
        assertThat(headers).startsWith("户编号", "行政村代码", "姓名", "证件号码", "与户主关系");

        long run = upload(office, zh, headers, lists, "211321102200", "0001");
        assertThat(run(run)).containsEntry("rows_refused", 0).containsEntry("households_new", 1).containsEntry("status", "checked");

        // in English the lists offer English words, and the import reads them
        office.get("/language?to=en");
        try {
            byte[] en = office.get("/registry/imports/template.xlsx").bytes();
            Map<String, List<String>> english = lists(en, "Lists");
            assertThat(english.get("脱贫属性")).doesNotContain("已脱贫");
            assertThat(text(sheet(en, 1).get(0))).containsExactly("Column", "Required", "What it takes", "Example");
            long second = upload(office, en, text(sheet(en, 0).get(0)), english, "211321102200", "0002");
            assertThat(run(second)).containsEntry("rows_refused", 0).containsEntry("households_new", 1);
            assertThat(office.get("/").text()).contains("Checked (dry run)");
        } finally {
            office.get("/language?to=zh_CN");
        }
        // the home page says where the imports are in words
        String home = office.get("/").text();
        assertThat(home).contains("已检查（试导入）").doesNotContain(">checked<");
    }

    /** Fills the template's columns with one head of household in words the lists offer, uploads it as a dry run, answers the run. */
    long upload(WebSession office, byte[] template, List<String> headers, Map<String, List<String>> lists, String village, String suffix)
            throws IOException {
        String first17 = "211321" + "19750607" + "03" + suffix.charAt(3);
        String id = first17 + org.counterpart.shared.ResidentId.checkCharacter(first17);
        Map<String, String> values = new HashMap<>();
        values.put("户编号", village + "9" + suffix);
        values.put("行政村代码", village);
        values.put("姓名", "模板" + suffix);
        values.put("证件号码", id);
        values.put("年度", "2019");
        values.put("工资性收入", "8,000.50");
        Path file = Files.createTempFile("template", ".xlsx");
        try {
            try (OutputStream out = Files.newOutputStream(file); Workbook workbook = new Workbook(out, "test", "1.0")) {
                Worksheet ws = workbook.newWorksheet("sheet");
                for (int c = 0; c < headers.size(); c++) {
                    String h = headers.get(c);
                    ws.value(0, c, h);
                    String v = values.get(h);
                    if (v == null && lists.containsKey(h) && !h.equals("性别") && !h.equals("在校生状况")) {
                        v = lists.get(h).get(0); // the head of household comes first among the relations
                    }
                    if (v != null) {
                        ws.value(1, c, v);
                    }
                }
            }
            WebSession.Page done = office.afterJob(office.upload("/registry/imports", file, "template.xlsx"));
            assertThat(done.status()).as(done.text()).isEqualTo(200);
        } finally {
            Files.deleteIfExists(file);
        }
        return jdbc.sql("select max(id) from import_run where actor = 'chaoyang.office'").query(Long.class).single();
    }

    Map<String, Object> run(long id) {
        return jdbc.sql("select status, rows_refused, households_new from import_run where id = :id").param("id", id).query().singleRow()
                .entrySet().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey().toLowerCase(),
                        e -> e.getValue() instanceof Number n ? (Object) n.intValue() : e.getValue()));
    }

    long flags() {
        return jdbc.sql("select count(*) from monitoring_flag where reg_year = 2019 and village_code like '2113%'").query(Long.class).single();
    }

    long flaggedHouseholds() {
        return jdbc.sql("select count(distinct household_id) from monitoring_flag where reg_year = 2019 and village_code like '2113%'")
                .query(Long.class).single();
    }

    static String string(Object value) {
        return value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    static List<Row> read(WebSession s, String path) throws IOException {
        WebSession.Page file = s.get(path);
        assertThat(file.status()).as(path).isEqualTo(200);
        return read(file.bytes());
    }

    static List<Row> read(byte[] bytes) throws IOException {
        return sheet(bytes, 0);
    }

    static List<Row> sheet(byte[] bytes, int index) throws IOException {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes), new ReadingOptions(true, false))) {
            return workbook.getSheets().toList().get(index).read();
        }
    }

    /** The lists sheet: each column's header and the values under it. */
    static Map<String, List<String>> lists(byte[] bytes, String name) throws IOException {
        List<Row> rows;
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes), new ReadingOptions(true, false))) {
            rows = workbook.findSheet(name).orElseThrow().read();
        }
        Map<String, List<String>> out = new HashMap<>();
        Row head = rows.get(0);
        for (int c = 0; c < head.getCellCount(); c++) {
            List<String> values = new ArrayList<>();
            for (Row r : rows.subList(1, rows.size())) {
                if (c < r.getCellCount() && r.getCell(c) != null && !r.getCell(c).getText().isEmpty()) {
                    values.add(r.getCell(c).getText());
                }
            }
            out.put(head.getCell(c).getText(), values);
        }
        return out;
    }

    /** The lines between the title and the header row. */
    static String head(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        for (Row r : rows.subList(1, Math.min(rows.size(), 8))) {
            lines.add(r.getCell(0) == null ? "" : r.getCell(0).getText());
        }
        return String.join("\n", lines);
    }

    static String last(List<Row> rows) {
        return rows.get(rows.size() - 1).getCell(0).getText();
    }

    static int headerRow(List<Row> rows, String first) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).getCell(0) != null && first.equals(rows.get(i).getCell(0).getText())) {
                return i;
            }
        }
        throw new AssertionError("no header row starting " + first);
    }

    static List<String> text(Row row) {
        List<String> out = new ArrayList<>();
        for (Cell c : row) {
            out.add(c == null ? "" : c.getText());
        }
        return out;
    }

    static int indexStarting(List<String> headers, String start) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError(start + " not in " + headers);
    }

    static String allText(byte[] xlsx) throws IOException {
        return String.join("\n", unzip(xlsx).values());
    }

    static Map<String, String> unzip(byte[] xlsx) throws IOException {
        Map<String, String> parts = new HashMap<>();
        Path file = Files.createTempFile("exports", ".xlsx");
        try {
            Files.write(file, xlsx);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    try (var in = zip.getInputStream(e)) {
                        parts.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return parts;
    }
}
