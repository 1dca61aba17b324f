package org.counterpart.cooperation;

import org.counterpart.geography.Regions;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Lists that replace the spreadsheet, read over real HTTP: a measure that reached many people lists them
 * a page at a time, searchable by household number, ID number and (with the permission) name, names masked
 * without it, with their own export; the ledger export is ready for a report (title, filters, unit, date,
 * number formats, place columns, totals); the ledger template offers drop-down lists of words. The registry
 * of these tests is 2019's in 义县 (210727) of 锦州市.
 */
@IntegrationTest
@Claims("2107")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListsTest {

    static final String TOWN = "210727002";
    static final String TITLE = "义县城关街道产业分红";

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
    long fund;

    @BeforeAll
    void aRegistryAndAFundReachingAllOfIt() throws IOException {
        users.createDemoAccount(new UserForm("jinzhou.office", "锦州市 协作办", Role.COORDINATOR, "2107", null, "zh-CN", true,
                "counterpart2018", 0, true));
        users.createDemoAccount(new UserForm("jinzhou.viewer", "锦州市 查看", Role.VIEWER, "2107", null, "zh-CN", true,
                "counterpart2018", 0, false));
        Path file = Files.createTempFile("jinzhou", ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(30, List.of(2019), regions.code(TOWN), 2107, 0), file);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            people = lines.subList(1, lines.size()).stream().map(l -> l.replace("\uFEFF", "").split(",", -1)).toList();
            RegistryImport.Result result = imports.run(file, "jinzhou.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).as(result.toString()).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(people.size()).isGreaterThan(60);
        WebSession office = WebSession.signedIn(port, "jinzhou.office");
        Map<String, String> f = new HashMap<>();
        f.put("title", TITLE);
        f.put("reg_year", "2019");
        f.put("place_code", "210727");
        f.put("owner", "2107");
        f.put("source", "CITY");
        f.put("sector", "AGRICULTURE");
        f.put("benefit_kind", "DIVIDEND");
        f.put("allocated", "1234567.5");
        f.put("disbursed", "1000");
        f.put("beneficiaries", String.join("，", people.stream().map(p -> p[0]).distinct().toList()));
        f.put("version", "0");
        office.get("/ledgers/funds/new");
        WebSession.Page saved = office.post("/ledgers/funds/new", f);
        assertThat(saved.status()).as(saved.text()).isEqualTo(302);
        fund = jdbc.sql("select id from ledger_fund where title = :t").param("t", TITLE).query(Long.class).single();
    }

    static int rowsListed(String html) {
        int table = html.indexOf("id=\"beneficiary-list\"");
        if (table < 0) {
            return 0;
        }
        String body = html.substring(table, html.indexOf("</table>", table));
        return body.split("<tr", -1).length - 2; // the header row
    }

    @Test
    void theRecordPageListsItsPeopleAPageAtATimeAndSmall() {
        WebSession office = WebSession.signedIn(port, "jinzhou.office");
        WebSession.Page first = office.get("/ledgers/funds/" + fund);
        assertThat(first.status()).isEqualTo(200);
        assertThat(rowsListed(first.text())).isEqualTo(50);
        int pages = (people.size() + 49) / 50;
        assertThat(first.text()).contains("第 1 页，共 " + pages + " 页（" + people.size() + " 人）");
        assertThat(first.text()).contains("惠及 30 户 " + people.size() + " 人");
        // 50 rows, whatever the measure reached
        assertThat(first.bytes().length).isLessThan(120_000);

        WebSession.Page last = office.get("/ledgers/funds/" + fund + "?bpage=" + (pages - 1));
        assertThat(rowsListed(last.text())).isEqualTo(people.size() - 50 * (pages - 1));
    }

    @Test
    void searchFindsAHouseholdByNumberAPersonByIdNumberAndByNameOnlyWithThePermission() {
        WebSession office = WebSession.signedIn(port, "jinzhou.office");
        String[] someone = people.get(people.size() - 1);
        long ofHousehold = people.stream().filter(p -> p[0].equals(someone[0])).count();

        WebSession.Page byHousehold = office.get("/ledgers/funds/" + fund + "?bq=" + someone[0]);
        assertThat(rowsListed(byHousehold.text())).isEqualTo((int) ofHousehold);
        assertThat(byHousehold.text()).contains(someone[2]); // the office may see personal data: names in full

        // posted, so the ID number stands in no address; the page links to no address holding it
        office.get("/ledgers/funds/" + fund);
        WebSession.Page byId = office.post("/ledgers/funds/" + fund, Map.of("bq", someone[3]));
        assertThat(byId.status()).isEqualTo(200);
        assertThat(rowsListed(byId.text())).isEqualTo(1);
        assertThat(byId.text()).contains(someone[2]).doesNotContain("bq=" + someone[3]);

        String name = someone[2];
        WebSession.Page byName = office.post("/ledgers/funds/" + fund, Map.of("bq", name));
        long sameName = people.stream().filter(p -> p[2].contains(name)).count();
        assertThat(rowsListed(byName.text())).isEqualTo((int) sameName);

        WebSession viewer = WebSession.signedIn(port, "jinzhou.viewer");
        WebSession.Page masked = viewer.get("/ledgers/funds/" + fund + "?bq=" + someone[0]);
        assertThat(rowsListed(masked.text())).isEqualTo((int) ofHousehold);
        assertThat(masked.text()).doesNotContain(">" + name + "<").contains(">" + name.charAt(0) + "*".repeat(name.length() - 1) + "<");
        WebSession.Page nameWithout = viewer.post("/ledgers/funds/" + fund, Map.of("bq", name));
        assertThat(rowsListed(nameWithout.text())).isZero();
        assertThat(nameWithout.text()).contains("本条记录中没有与查询相符的人员");
    }

    @Test
    void thePeopleOfAMeasureExportWithPlacesInColumnsMaskedIdsAndATotal() throws IOException {
        WebSession viewer = WebSession.signedIn(port, "jinzhou.viewer");
        WebSession.Page file = viewer.get("/ledgers/funds/" + fund + "/beneficiaries.xlsx");
        assertThat(file.status()).isEqualTo(200);
        List<Row> rows = read(file.bytes());
        assertThat(rows.get(0).getCell(0).getText()).contains(TITLE);
        int header = headerRow(rows, "户编号");
        assertThat(text(rows.get(header))).startsWith("户编号", "姓名", "身份证号", "省", "市", "县（区）", "乡镇（街道）", "村（社区）");
        assertThat(rows.size() - header - 2).isEqualTo(people.size());
        Row first = rows.get(header + 1);
        assertThat(first.getCell(3).getText()).isEqualTo("辽宁省");
        assertThat(first.getCell(4).getText()).isEqualTo("锦州市");
        assertThat(first.getCell(5).getText()).isEqualTo("义县");
        assertThat(first.getCell(6).getText()).isEqualTo("城关街道");
        assertThat(first.getCell(2).getText()).contains("****");
        assertThat(rows.get(rows.size() - 1).getCell(0).getText()).contains(people.size() + " 人").contains("30 户");
        String inside = allText(file.bytes());
        for (String[] p : people) {
            assertThat(inside).doesNotContain(p[3]).doesNotContain(">" + p[2] + "<"); // no full ID number, no full name
        }
    }

    @Test
    void theLedgerExportCarriesTitleFiltersUnitDateFormatsPlaceColumnsAndTotals() throws IOException {
        WebSession office = WebSession.signedIn(port, "jinzhou.office");
        WebSession.Page file = office.get("/ledgers/funds/export.xlsx?year=2019&place=2107");
        assertThat(file.status()).isEqualTo(200);
        List<Row> rows = read(file.bytes());
        assertThat(rows.get(0).getCell(0).getText()).isEqualTo("资金项目台账");
        String head = String.join("\n", rows.subList(1, 6).stream().map(r -> r.getCell(0) == null ? "" : r.getCell(0).getText()).toList());
        assertThat(head).contains("年度：2019").contains("锦州市").contains("金额单位：元").contains("数据截至 " + java.time.LocalDate.now());
        int header = headerRow(rows, "编号");
        List<String> headers = text(rows.get(header));
        int allocated = indexStarting(headers, "安排资金");
        assertThat(headers.get(allocated)).endsWith("（元）");
        int province = headers.indexOf("省");
        assertThat(headers.subList(province, province + 5)).containsExactly("省", "市", "县（区）", "乡镇（街道）", "村（社区）");
        Row record = rows.get(header + 1);
        assertThat(record.getCell(allocated).asNumber()).isEqualByComparingTo(new BigDecimal("1234567.50"));
        assertThat(record.getCell(allocated).getDataFormatString()).isEqualTo("#,##0.00");
        assertThat(record.getCell(province).getText()).isEqualTo("辽宁省");
        assertThat(record.getCell(province + 2).getText()).isEqualTo("义县");
        Row totals = rows.get(rows.size() - 1);
        assertThat(totals.getCell(0).getText()).startsWith("合计");
        assertThat(totals.getCell(allocated).asNumber()).isEqualByComparingTo(new BigDecimal("1234567.50"));
        assertThat(totals.getCell(allocated).getDataFormatString()).isEqualTo("#,##0.00");
        assertThat(totals.getCell(headers.indexOf("受益人数")).asNumber().intValue()).isEqualTo(people.size());
    }

    @Test
    void theLedgerTemplateOffersItsCodeValuesAsDropDownListsOfWords() throws IOException {
        WebSession office = WebSession.signedIn(port, "jinzhou.office");
        WebSession.Page file = office.get("/ledgers/funds/template.xlsx");
        assertThat(file.status()).isEqualTo(200);
        Map<String, String> parts = unzip(file.bytes());
        String sheet = parts.get("xl/worksheets/sheet1.xml");
        Matcher validation = Pattern.compile("<dataValidation ([^>]*)><formula1>([^<]*)</formula1>").matcher(sheet);
        List<String> formulas = new ArrayList<>();
        while (validation.find()) {
            assertThat(validation.group(1)).contains("type=\"list\"").contains("showDropDown=\"false\"");
            formulas.add(xmlText(validation.group(2)));
        }
        // 资金来源, 领域, 带贫方式: the fund's code fields
        assertThat(formulas).hasSizeGreaterThanOrEqualTo(3).allSatisfy(f -> assertThat(f).startsWith("'选项'!$"));
        List<Row> lists;
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file.bytes()), new ReadingOptions(true, false))) {
            lists = workbook.findSheet("选项").orElseThrow().read();
        }
        List<String> offered = new ArrayList<>();
        lists.forEach(r -> r.forEach(c -> {
            if (c != null) {
                offered.add(c.getText());
            }
        }));
        assertThat(offered).contains("市级财政").doesNotContain("CITY", "AGRICULTURE");
        List<Row> notes;
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file.bytes()), new ReadingOptions(true, false))) {
            notes = workbook.getSheets().toList().get(1).read();
        }
        String explained = String.join("\n", notes.stream().map(r -> r.getCell(2) == null ? "" : r.getCell(2).getText()).toList());
        assertThat(explained).contains("市级财政").doesNotContain("CITY =").doesNotContain("AGRICULTURE");
    }

    /** XML text with its numeric character references read. */
    static String xmlText(String xml) {
        return Pattern.compile("&#x([0-9a-fA-F]+);").matcher(xml).replaceAll(m -> new String(Character.toChars(Integer.parseInt(m.group(1), 16))));
    }

    static List<Row> read(byte[] bytes) throws IOException {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes), new ReadingOptions(true, false))) {
            return workbook.getFirstSheet().read();
        }
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

    /** The parts of a package; fastexcel writes entry sizes after the data, which only a zip file's directory tells. */
    static Map<String, String> unzip(byte[] xlsx) throws IOException {
        Map<String, String> parts = new HashMap<>();
        Path file = Files.createTempFile("lists", ".xlsx");
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
