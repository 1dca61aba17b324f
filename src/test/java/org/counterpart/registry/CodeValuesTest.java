package org.counterpart.registry;

import org.counterpart.shared.ImportRunState;
import org.counterpart.audit.AuditLog;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.counterpart.registry.RegistryImportTest.finished;
import static org.counterpart.registry.RegistryImportTest.validId;

/**
 * The values national exports really carry in code columns: other names of a code, older wording,
 * full-width punctuation, stray spaces. This class claims Qianxinan (5223) for the data it creates.
 */
@IntegrationTest
@Claims("522301")
class CodeValuesTest {

    static final String VILLAGE = "522301001001";
    static final String ROW = "%s," + VILLAGE + ",%s,%s,%s,,,,,,%s,%s,,,是,是,,%s,%s,,国家,%s,3000,0,0,0,0,否,是,,,2018";

    @LocalServerPort
    int port;

    @Autowired
    RegistryImport imports;

    @Autowired
    ImportRuns runs;

    @Autowired
    UserAdministration users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @TempDir
    Path dir;

    @BeforeEach
    void qianxinansOfficers() {
        for (var u : List.of(new UserForm("qxn.coordinator", "黔西南州扶贫办", Role.COORDINATOR, "5223", null, "zh-CN", true,
                        "counterpart2018", 0, false),
                new UserForm("qxn.reporter", "兴义市填报员", Role.REPORTER, "522301", null, "zh-CN", true, "counterpart2018", 0, false))) {
            if (jdbc.sql("select count(*) from user_account where username = :u").param("u", u.username()).query(Long.class).single() == 0) {
                users.createDemoAccount(u);
            }
        }
    }

    static String row(String household, String name, String id, String relation, String health, String labor, String attribute,
                      String cause, String status) {
        return ROW.formatted(household, name, id, relation, health, labor, attribute, cause, status);
    }

    Path file(String name, List<String> rows) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", RegistryGenerator.HEADERS));
        lines.addAll(rows);
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void foldingMakesFullWidthHalfAndDropsEverySpace() {
        assertThat(CodeTables.fold(" 低保（全家）贫困户　")).isEqualTo("低保(全家)贫困户");
        assertThat(CodeTables.fold("户 主")).isEqualTo("户主");
        assertThat(CodeTables.fold("ＡＢ１２，；")).isEqualTo("AB12,;");
    }

    @Test
    void theSpellingsOfRealExportsPassWithoutAnyoneMappingThem() throws Exception {
        Path file = file("qxn-spellings.csv", List.of(
                row("QXN-S1", "韦一", validId("522301", "19700101", 11), "户 主", "健康", "普通劳动力", "低保（全家）贫困户", "因病致贫", "已脱贫（享受政策）"),
                row("QXN-S1", "韦二", validId("522301", "19720202", 12), "配偶", "健康", "弱劳动力或半劳动力", "低保（全家）贫困户", "因病致贫", "已脱贫（享受政策）"),
                row("QXN-S2", "岑三", validId("522301", "19650303", 13), "户主", "长期慢性病", "普通劳动力", "特困供养贫困户", "缺技术 ", "未脱贫"),
                row("QXN-S2", "岑四", validId("522301", "20100404", 14), "之外孙女", "健康", "无劳动力", "特困供养贫困户", "缺技术 ", "未脱贫")));
        RegistryImport.Result r = imports.run(file, "qxn-spellings.csv", new RegistryImport.Options(true, OptionalInt.empty()), rows -> { });
        assertThat(r.problems()).isEmpty();
        assertThat(r.householdsNew()).isEqualTo(2);
    }

    @Test
    void aReporterSeesTheUnknownValuesGroupedACoordinatorMapsOneAndAddsOneAndTheRerunPasses() throws Exception {
        Path file = file("qxn-variants.csv", List.of(
                row("QXN-V1", "罗一", validId("522301", "19600101", 21), "户主", "健康", "丧失劳动能力", "一般贫困户", "因病", "未脱贫"),
                row("QXN-V1", "罗二", validId("522301", "19620202", 22), "配偶", "健康", "丧失劳动能力", "一般贫困户", "因病", "未脱贫"),
                row("QXN-V2", "王三", validId("522301", "19580303", 23), "户主", "长期慢性病（高血压）", "普通劳动力", "一般贫困户", "因病", "未脱贫"),
                row("QXN-V3", "杨四", validId("522301", "19800404", 25), "户主", "健康", "丧失劳动能力 ", "一般贫困户", "缺资金", "未脱贫"),
                row("QXN-V4", "陆五", validId("522301", "19810505", 27), "户主", "健康", "普通劳动力", "一般贫困户", "缺资金", "未脱贫")));

        // the reporter's dry run: one household passes, three are held back, and the page says why in groups
        WebSession reporter = WebSession.signedIn(port, "qxn.reporter");
        WebSession.Page checked = finished(reporter, reporter.upload("/registry/imports", file, "qxn-variants.csv"));
        String runId = checked.body().replaceAll("(?s).*?/registry/imports/(\\d+)/codes.*", "$1");
        RegistryImport.Result first = imports.result(Long.parseLong(runId));
        assertThat(first.householdsNew()).isEqualTo(1);
        assertThat(first.rowsRefused()).isEqualTo(4);
        assertThat(first.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo("劳动技能");
            assertThat(p.shownValue()).isEqualTo("丧失劳动能力");
            assertThat(p.messageKey()).isEqualTo("import.code.unknown");
        });
        assertThat(checked.text()).contains("2 个值不在代码表中").contains("4 个单元格");

        WebSession.Page values = reporter.get("/registry/imports/" + runId + "/codes");
        assertThat(values.status()).isEqualTo(200);
        assertThat(values.text()).contains("劳动技能").contains("丧失劳动能力").contains("2, 3, 5")
                .contains("健康状况").contains("长期慢性病(高血压)").contains("等待协调员处理")
                .doesNotContain("/codes/map\"");
        // a reporter may not decide, even by posting the form
        WebSession.Page refused = reporter.post("/registry/imports/" + runId + "/codes/map",
                Map.of("table", "labor_ability", "value", "丧失劳动能力", "code", "丧失劳动力"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from code_alias where alias = '丧失劳动能力'").query(Long.class).single()).isZero();

        // the coordinator of the prefecture opens the reporter's run, maps one value and adds the other
        WebSession coordinator = WebSession.signedIn(port, "qxn.coordinator");
        WebSession.Page page = coordinator.get("/registry/imports/" + runId + "/codes");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/codes/map\"").contains("丧失劳动力");
        WebSession.Page mapped = coordinator.post("/registry/imports/" + runId + "/codes/map",
                Map.of("table", "labor_ability", "value", "丧失劳动能力", "code", "丧失劳动力"));
        assertThat(mapped.status()).isEqualTo(302);
        assertThat(coordinator.get("/registry/imports/" + runId + "/codes").text()).contains("“丧失劳动能力”在以后的每次导入中都对应“丧失劳动力”");
        coordinator.post("/registry/imports/" + runId + "/codes/add",
                Map.of("table", "health", "value", "长期慢性病(高血压)", "labelEn", "Chronic illness (hypertension)"));
        WebSession.Page decided = coordinator.get("/registry/imports/" + runId + "/codes");
        assertThat(decided.text()).contains("现对应 丧失劳动力").contains("现对应 长期慢性病(高血压)");
        // once is enough: the same value cannot be decided twice
        coordinator.post("/registry/imports/" + runId + "/codes/map", Map.of("table", "labor_ability", "value", "丧失劳动能力", "code", "无劳动力"));
        assertThat(coordinator.get("/registry/imports/" + runId + "/codes").text()).contains("已在代码表中");
        assertThat(jdbc.sql("select code from code_alias where code_table = 'labor_ability' and alias = '丧失劳动能力'")
                .query(String.class).single()).isEqualTo("丧失劳动力");

        // kept and audited
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.code-alias' and entity_id = 'labor_ability/丧失劳动能力' and actor = 'qxn.coordinator'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.code-item' and entity_id = 'health/长期慢性病(高血压)'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(audit.verify().intact()).isTrue();

        // the reporter checks the same file again: every row passes; then applies it
        WebSession.Page result = reporter.get("/registry/imports/" + runId);
        assertThat(result.text()).contains("未知值已全部处理");
        WebSession.Page again = finished(reporter, reporter.post("/registry/imports/" + runId + "/recheck", Map.of()));
        String againId = again.body().replaceAll("(?s).*?/registry/imports/(\\d+)/apply.*", "$1");
        RegistryImport.Result second = imports.result(Long.parseLong(againId));
        assertThat(second.rowsRefused()).isZero();
        assertThat(second.householdsNew()).isEqualTo(4);
        finished(reporter, reporter.post("/registry/imports/" + againId + "/apply", Map.of()));
        assertThat(jdbc.sql("""
                select m.labor_ability from membership m join household h on h.id = m.household_id
                where h.household_no = 'QXN-V1' and m.reg_year = 2018""").query(String.class).list()).containsOnly("丧失劳动力");
        assertThat(jdbc.sql("""
                select m.health from membership m join household h on h.id = m.household_id where h.household_no = 'QXN-V2'""")
                .query(String.class).single()).isEqualTo("长期慢性病(高血压)");
    }

    @Test
    void aRunMovesFromQueuedThroughCheckingAndWritingToItsEndAndRefusesAnyOtherMove() throws Exception {
        Path file = file("qxn-states.csv", List.of(
                row("QXN-R1", "黄一", validId("522301", "19750101", 31), "户主", "健康", "普通劳动力", "一般贫困户", "因病", "未脱贫")));
        RegistryImport.Result r = imports.run(file, "qxn-states.csv", new RegistryImport.Options(true, OptionalInt.empty()), rows -> { });
        assertThat(runs.state(r.runId())).isEqualTo(ImportRunState.CHECKED);
        assertThat(imports.runOf(r.runId()).status()).isEqualTo("checked");
        // an ended run moves no more, and a move from a state the run is not in is refused
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runs.move(r.runId(), ImportRunState.CHECKED, ImportRunState.WRITING))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runs.move(r.runId(), ImportRunState.CHECKING, ImportRunState.WRITING))
                .isInstanceOf(IllegalStateException.class);
        assertThat(runs.state(r.runId())).isEqualTo(ImportRunState.CHECKED);

        Path broken = dir.resolve("qxn-no-id.csv");
        Files.writeString(broken, "户编号,行政村代码,姓名,与户主关系,年度\nQXN-X," + VILLAGE + ",某,户主,2018\n", StandardCharsets.UTF_8);
        RegistryImport.Result refused = imports.run(broken, "qxn-no-id.csv", new RegistryImport.Options(true, OptionalInt.empty()), rows -> { });
        assertThat(runs.state(refused.runId())).isEqualTo(ImportRunState.REFUSED);
    }
}
