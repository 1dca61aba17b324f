package org.counterpart.demo;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The 2018 scenario a newcomer meets on first start. */
@IntegrationTest
@Claims(scenario = "reads the scenario as a first start loads it")
class ReferenceScenarioTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReferenceScenario scenario;

    @Test
    void theLedgersHoldTheThirteenAgreementsAndReachMostButNotAllHouseholds() {
        assertThat(jdbc.sql("select count(*) from ledger_agreement where signed_on = date '2018-09-12' and note like '演示数据%'").query(Long.class).single()).isEqualTo(13);
        assertThat(jdbc.sql("select count(*) from agreement_milestone m join ledger_agreement a on a.id = m.agreement_id where a.note like '演示数据%'")
                .query(Long.class).single()).isEqualTo(52);
        for (String county : List.of("520201", "520203", "520204", "520281")) {
            long households = jdbc.sql("select count(*) from household_year where reg_year = 2018 and county_code = :c").param("c", county)
                    .query(Long.class).single();
            long reached = jdbc.sql("select count(distinct household_id) from reach_person where reg_year = 2018 and county_code = :c")
                    .param("c", county).query(Long.class).single();
            assertThat(reached).as(county).isGreaterThan(households / 2).isLessThan(households);
        }
        // someone is reached by several kinds of measure, and reach counts them once
        assertThat(jdbc.sql("select max(measures) from reach_person").query(Integer.class).single()).isGreaterThanOrEqualTo(2);
        // (people the registry no longer holds where a measure reached them stay linked, marked, and uncounted)
        assertThat(jdbc.sql("select count(*) from reach_person").query(Long.class).single())
                .isEqualTo(jdbc.sql("select count(*) from (select distinct reg_year, person_id from beneficiary_link where standing = 'REGISTERED') d")
                        .query(Long.class).single());
        assertThat(jdbc.sql("select count(*) from ledger_labor").query(Long.class).single()).isPositive();
    }

    @Test
    void everyPartyOfTheAgreementsOfTwelveSeptemberIsThere() {
        List<String> names = jdbc.sql("select name_en from institution").query(String.class).list();
        assertThat(names).contains(
                "Dalian Ecological Science and Technology Innovation City", "Huayuankou Economic Zone",
                "Changxing Island Economic Zone", "Dalian Commodity Exchange", "Liupanshui Municipal People's Government",
                "Dalian Huanjia Group", "Liuzhi Special Zone People's Government", "Dalian Hanwei Group",
                "Panzhou City People's Government", "Dalian Jiuli Investment Co., Ltd.", "Zhongshan District People's Government",
                "Jin Lifang Group", "Zhongshan Economic Development Zone", "Dalian Guoyi Fresh Food Chain Supermarket",
                "Liupanshui Supply and Marketing Co., Ltd.", "Dalian Qixing Restaurant Management Co., Ltd.",
                "Shuicheng County Hongxing Green Agriculture Investment Co., Ltd.", "Dalian Medical University",
                "Liupanshui Vocational and Technical College", "Liaoning Normal University", "Liupanshui Preschool Teachers College");
    }

    @Test
    void theCitiesArePairedSince1996WithDistrictsTownsEnterprisesSchoolsAndHospitals() {
        assertThat(jdbc.sql("select since_year from pairing where kind = 'CITY_CITY' and helper_region = '2102' and helped_region = '5202'")
                .query(Integer.class).single()).isEqualTo(1996);
        assertThat(jdbc.sql("select distinct kind from pairing").query(String.class).list())
                .contains("DISTRICT_COUNTY", "TOWN_VILLAGE", "ENTERPRISE_VILLAGE", "SCHOOL_SCHOOL", "HOSPITAL_HOSPITAL");
    }

    @Test
    void everyDemoAccountCanSignInAndSeesTheOverview() {
        for (String user : List.of("admin", "dalian.office", "lps.office", "zhongshan.reporter", "panzhou.reviewer",
                "ganjingzi.reporter", "leader", "assessor", "qixing.reporter")) {
            WebSession.Page home = WebSession.signedIn(port, user).get("/");
            assertThat(home.status()).as(user).isEqualTo(200);
        }
        assertThat(WebSession.signedIn(port, "leader").get("/").body()).contains("大连市", "六盘水市", "1996年起");
    }

    @Test
    void theScenarioIsLoadedOnlyIntoAnEmptyDatabase() {
        long institutions = jdbc.sql("select count(*) from institution").query(Long.class).single();
        long users = jdbc.sql("select count(*) from user_account").query(Long.class).single();
        scenario.run(new DefaultApplicationArguments());
        assertThat(jdbc.sql("select count(*) from institution").query(Long.class).single()).isEqualTo(institutions);
        assertThat(jdbc.sql("select count(*) from user_account").query(Long.class).single()).isEqualTo(users);
    }

    @Test
    void theLoginPageListsTheDemoAccounts() {
        String login = new WebSession(port).get("/login").body();
        assertThat(login).contains("演示账户", "zhongshan.reporter", "counterpart2018");
    }
}
