package org.counterpart.web;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, each side's own view, as the demo users over real HTTP: the helping side (Dalian's office, a
 * Dalian district, the leader) starts from the places its pairings grant, as aggregates; each role's home
 * shows its own work first; a reporter opens, read only, the agreement a measure of its own belongs to.
 */
@IntegrationTest
@Claims(scenario = "reads the demo users' home pages, reach and an agreement of Liupanshui; sets the demo users' language and puts it back")
class OwnViewTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.counterpart.registry.Monitoring monitoring;

    @Test
    void theHelpingSideStartsFromItsPairedPlacesAsAggregates() {
        WebSession office = WebSession.signedIn(port, "dalian.office");
        // reach without a place: Liupanshui's figures, not an empty page about Dalian
        String json = office.get("/api/reach?year=2018").body();
        assertThat(json).contains("\"place\":\"5202\"");
        assertThat(office.get("/reach?year=2018").text()).contains("六盘水市");
        // its home shows the paired city's figures
        String home = office.get("/").body();
        assertThat(home).contains("id=\"figures\"").contains("六盘水市");
        // monitoring: the paired city's counts, none of its flagged households
        String monitored = office.get("/registry/monitoring?year=2018").text();
        long flagged = org.counterpart.identity.CurrentUser.asSystem(() -> monitoring.summary(new org.counterpart.registry.Monitoring.Filter(2018,
                java.util.Optional.of(new org.counterpart.geography.RegionCode("5202")), java.util.Optional.empty(), java.util.Optional.empty())).households());
        assertThat(flagged).as("the scenario's monitoring flags in Liupanshui").isPositive();
        assertThat(monitored).contains(String.format("%,d", flagged));
        List<String> flaggedHouseholds = jdbc.sql("""
                        select distinct h.household_no from monitoring_flag f join household h on h.id = f.household_id where f.reg_year = 2018""")
                .query(String.class).list();
        assertThat(flaggedHouseholds).noneMatch(monitored::contains);
        // while Liupanshui's own office sees them listed
        String own = WebSession.signedIn(port, "lps.office").get("/registry/monitoring?year=2018").text();
        assertThat(flaggedHouseholds).anyMatch(own::contains);
        // a Dalian district starts from the county its district–county pairing grants
        String district = jdbc.sql("select helped_region from pairing where kind = 'DISTRICT_COUNTY' and helper_region = '210211'")
                .query(String.class).list().stream().findFirst().orElseThrow();
        assertThat(WebSession.signedIn(port, "ganjingzi.reporter").get("/api/reach?year=2018").body())
                .contains("\"place\":\"" + district + "\"");
        // the leader's home: the figures first
        assertThat(WebSession.signedIn(port, "leader").get("/").body()).contains("id=\"figures\"").contains("六盘水市");
        // aggregates only: the household list stays with the helped side, and no household number reaches the helping side's home
        String households = office.get("/registry/households?year=2018&region=5202").text();
        String someHousehold = jdbc.sql("select min(household_no) from household where county_code like '5202%'").query(String.class).single();
        assertThat(households).doesNotContain(someHousehold);
        assertThat(home).doesNotContain(someHousehold);
    }

    @Test
    void eachRoleSeesItsOwnWorkFirst() {
        String reporter = WebSession.signedIn(port, "zhongshan.reporter").get("/").body();
        assertThat(reporter).contains("id=\"own-work\"").contains("我的工作").contains("/ledgers/funds");
        assertThat(reporter.indexOf("id=\"own-work\"")).isLessThan(reporter.indexOf("class=\"pair\"") < 0 ? Integer.MAX_VALUE
                : reporter.indexOf("class=\"pair\""));
        String reviewer = WebSession.signedIn(port, "panzhou.reviewer").get("/").body();
        assertThat(reviewer).contains("id=\"own-work\"").contains("待核实的比对疑点").contains("待判定的疑似重复").doesNotContain("/ledgers/funds\"");
        String coordinator = WebSession.signedIn(port, "lps.office").get("/").body();
        assertThat(coordinator).contains("id=\"own-work\"").contains("/registry/conflicts").containsAnyOf("我最近的建档立卡导入", "您还没有导入过建档立卡文件");
        String assessor = WebSession.signedIn(port, "assessor").get("/").body();
        assertThat(assessor).contains("id=\"figures\"");
    }

    @Test
    void aReporterOpensTheAgreementItsOwnMeasureBelongsToReadOnly() {
        List<Long> agreements = jdbc.sql("""
                        select distinct f.agreement_id from ledger_fund f join ledger_agreement a on a.id = f.agreement_id
                        where f.place_code like '520201%' and a.place_code not like '520201%'""")
                .query(Long.class).list();
        assertThat(agreements).as("the scenario has funds of 钟山区 under an agreement placed above it").isNotEmpty();
        long agreement = agreements.get(0);
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page page = reporter.get("/ledgers/agreements/" + agreement);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("/ledgers/agreements/" + agreement + "/edit");
        assertThat(reporter.get("/ledgers/agreements/" + agreement + "/edit").status()).isEqualTo(403);
    }

    /** Each role's home at 1366 x 768 in both languages, saved under target/screenshots/ to be looked at. */
    @Test
    void eachRolesHomeIsCapturedInBothLanguages() {
        org.counterpart.support.Chromium.requireInstalled();
        List<String> users = List.of("zhongshan.reporter", "panzhou.reviewer", "lps.office", "dalian.office", "ganjingzi.reporter", "leader", "assessor");
        Map<String, String> before = new java.util.HashMap<>();
        for (String u : users) {
            before.put(u, jdbc.sql("select locale from user_account where username = :u").param("u", u).query(String.class).single());
        }
        try {
            for (String language : List.of("zh-CN", "en")) {
                for (String u : users) {
                    jdbc.sql("update user_account set locale = :l where username = :u").param("l", language).param("u", u).update();
                    try (var chromium = org.counterpart.support.Chromium.open(port)) {
                        chromium.signIn(u, "counterpart2018");
                        chromium.get("/");
                        chromium.screenshot("home-" + u + "-" + language);
                        assertThat(chromium.consoleProblems()).as(u + " " + language).isEmpty();
                        assertThat(chromium.sidewaysOverflow()).as(u + " " + language).isZero();
                        assertThat(chromium.bodyText()).doesNotContain("??");
                    }
                }
            }
        } finally {
            before.forEach((u, l) -> jdbc.sql("update user_account set locale = :l where username = :u").param("l", l).param("u", u).update());
        }
    }
}
