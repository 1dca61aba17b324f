package org.counterpart.cooperation;

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

/** Each kind of pairing says what its two sides must be; the form says what is wrong. */
@IntegrationTest
@Claims(scenario = "creates pairings between Dalian districts and Liupanshui places no other class counts")
class PairingRulesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static Map<String, String> regions(String kind, String helper, String helped, String year) {
        Map<String, String> f = new HashMap<>();
        f.put("kind", kind);
        f.put("helperRegion", helper);
        f.put("helpedRegion", helped);
        f.put("sinceYear", year);
        f.put("note", "");
        f.put("version", "0");
        return f;
    }

    long count() {
        return jdbc.sql("select count(*) from pairing").query(Long.class).single();
    }

    @Test
    void aDistrictCountyPairingNeedsCountyCodesOnBothSides() {
        WebSession s = WebSession.signedIn(port, "admin");
        long before = count();
        s.get("/pairings/new");
        WebSession.Page page = s.post("/pairings/new", regions("DISTRICT_COUNTY", "210202", "520201011", "2018"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("520201011 不是县（区）");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void theSamePairingCannotBeRecordedTwice() {
        WebSession s = WebSession.signedIn(port, "admin");
        s.get("/pairings/new");
        WebSession.Page page = s.post("/pairings/new", regions("CITY_CITY", "2102", "5202", "2018"));
        assertThat(page.body()).contains("该结对关系已存在");
    }

    @Test
    void yearsBeforeTheCooperationBeganAreRefused() {
        WebSession s = WebSession.signedIn(port, "admin");
        s.get("/pairings/new");
        WebSession.Page page = s.post("/pairings/new", regions("DISTRICT_COUNTY", "210212", "520201", "1990"));
        assertThat(page.body()).contains("年份应在 1996 至");
    }

    @Test
    void aSchoolPairingRefusesAnEnterprise() {
        WebSession s = WebSession.signedIn(port, "admin");
        long enterprise = jdbc.sql("select id from institution where name_zh = '大连韩伟集团'").query(Long.class).single();
        long college = jdbc.sql("select id from institution where name_zh = '六盘水职业技术学院'").query(Long.class).single();
        s.get("/pairings/new");
        Map<String, String> f = regions("SCHOOL_SCHOOL", "", "", "2019");
        f.put("helperInstitutionId", String.valueOf(enterprise));
        f.put("helpedInstitutionId", String.valueOf(college));
        WebSession.Page page = s.post("/pairings/new", f);
        assertThat(page.body()).contains("大连韩伟集团 的单位类型不适用于此类结对");
    }

    @Test
    void aCoordinatorRecordsATownVillagePairingOfItsCityAndItIsAudited() {
        WebSession s = WebSession.signedIn(port, "dalian.office");
        s.get("/pairings/new");
        WebSession.Page page = s.post("/pairings/new", regions("TOWN_VILLAGE", "210212001", "520281104001", "2019"));
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        long id = jdbc.sql("select id from pairing where helper_region = '210212001'").query(Long.class).single();
        assertThat(jdbc.sql("select actor from audit_entry where entity_kind = 'cooperation.pairing' and entity_id = :id")
                .param("id", String.valueOf(id)).query(String.class).single()).isEqualTo("dalian.office");
    }
}
