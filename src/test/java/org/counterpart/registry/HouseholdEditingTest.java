package org.counterpart.registry;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Officers correct a year's fact, never over each other's work; personal data is shown only with the permission. */
@IntegrationTest
@Claims(scenario = "corrects the 2018 facts of a few Liupanshui households, which no other class compares")
class HouseholdEditingTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long demoHousehold(String countyCode) {
        return jdbc.sql("select min(household_id) from household_year where county_code = :c and reg_year = 2018")
                .param("c", countyCode).query(Long.class).single();
    }

    Map<String, String> form(long id, String wage) {
        Map<String, String> f = new HashMap<>();
        var row = jdbc.sql("select poverty_status, version from household_year where household_id = :id and reg_year = 2018")
                .param("id", id).query((rs, i) -> new String[]{rs.getString(1), rs.getString(2)}).single();
        f.put("status", row[0]);
        f.put("wage", wage);
        f.put("dangerousHousing", "false");
        f.put("safeWater", "true");
        f.put("version", row[1]);
        return f;
    }

    @Test
    void aCorrectionChangesThatYearAndTwoEditorsNeverOverwriteEachOther() {
        long id = demoHousehold("520201");
        WebSession first = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession second = WebSession.signedIn(port, "lps.office");
        first.get("/registry/households/" + id + "/2018/edit");
        second.get("/registry/households/" + id + "/2018/edit");
        Map<String, String> a = form(id, "12345.60");
        Map<String, String> b = form(id, "99999");
        assertThat(first.post("/registry/households/" + id + "/2018/edit", a).status()).isEqualTo(302);
        WebSession.Page conflict = second.post("/registry/households/" + id + "/2018/edit", b);
        assertThat(conflict.status()).isEqualTo(200);
        assertThat(conflict.text()).contains("已有其他人保存了这条记录").contains("12345.60");
        assertThat(jdbc.sql("select income_wage from household_year where household_id = :id and reg_year = 2018").param("id", id)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("12345.60");
        assertThat(jdbc.sql("select after_state from audit_entry where entity_kind = 'registry.household' and entity_id = :id order by seq desc fetch first 1 rows only")
                .param("id", String.valueOf(id)).query(String.class).single()).contains("12345.60");
    }

    @Test
    void aBadAmountIsRefusedNextToItsField() {
        long id = demoHousehold("520201");
        WebSession s = WebSession.signedIn(port, "zhongshan.reporter");
        s.get("/registry/households/" + id + "/2018/edit");
        WebSession.Page page = s.post("/registry/households/" + id + "/2018/edit", form(id, "12.345"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("最多保留两位小数").contains("is-invalid");
    }

    @Test
    void anExitWhoseConditionsAreUnmetNeedsAReasonAndTheReasonIsAudited() {
        long id = jdbc.sql("""
                        select min(household_id) from household_year
                        where county_code = '520203' and reg_year = 2018 and poverty_status = '未脱贫'""")
                .query(Long.class).single();
        WebSession officer = WebSession.signedIn(port, "lps.office");
        officer.get("/registry/households/" + id + "/2018/edit");
        Map<String, String> f = form(id, "10");
        f.put("status", "已脱贫");
        WebSession.Page refused = officer.post("/registry/households/" + id + "/2018/edit", f);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.text()).contains("项脱贫条件未满足");
        assertThat(jdbc.sql("select poverty_status from household_year where household_id = :id and reg_year = 2018").param("id", id)
                .query(String.class).single()).isEqualTo("未脱贫");

        f.put("exitOverride", "县级核查组实地核实，收入数据待更新");
        assertThat(officer.post("/registry/households/" + id + "/2018/edit", f).status()).isEqualTo(302);
        assertThat(jdbc.sql("select poverty_status from household_year where household_id = :id and reg_year = 2018").param("id", id)
                .query(String.class).single()).isEqualTo("已脱贫");
        assertThat(jdbc.sql("select after_state from audit_entry where entity_kind = 'registry.household' and entity_id = :id order by seq desc fetch first 1 rows only")
                .param("id", String.valueOf(id)).query(String.class).single()).contains("县级核查组实地核实");
    }

    @Test
    void otherCountiesAndReadersCannotCorrect() {
        long panzhou = demoHousehold("520281");
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        assertThat(reporter.get("/registry/households/" + panzhou + "/2018/edit").status()).isEqualTo(403);
        WebSession viewer = WebSession.signedIn(port, "leader");
        assertThat(viewer.get("/registry/households/" + demoHousehold("520201") + "/2018/edit").status()).isEqualTo(403);
    }

    @Test
    void onlyHoldersOfThePermissionSeeFullNumbersAndEveryViewIsAudited() {
        long id = demoHousehold("520203");
        long person = jdbc.sql("select min(person_id) from membership where household_id = :id and reg_year = 2018").param("id", id)
                .query(Long.class).single();
        WebSession officer = WebSession.signedIn(port, "lps.office");
        String page = officer.get("/registry/households/" + id + "?year=2018").body();
        assertThat(page).doesNotContainPattern("520203[0-9]{11}[0-9X]");
        WebSession.Page revealed = officer.post("/registry/households/" + id + "/members/" + person + "/reveal?year=2018", Map.of());
        assertThat(revealed.body()).containsPattern("520203[0-9]{11}[0-9X]");
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.person' and entity_id = :p and action = 'viewed' and actor = 'lps.office'")
                .param("p", String.valueOf(person)).query(Long.class).single()).isOne();

        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        reporter.get("/registry/households/" + demoHousehold("520201"));
        long own = demoHousehold("520201");
        long ownPerson = jdbc.sql("select min(person_id) from membership where household_id = :id and reg_year = 2018").param("id", own)
                .query(Long.class).single();
        assertThat(reporter.post("/registry/households/" + own + "/members/" + ownPerson + "/reveal?year=2018", Map.of()).status()).isEqualTo(403);
    }
}
