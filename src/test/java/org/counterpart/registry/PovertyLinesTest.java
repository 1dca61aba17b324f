package org.counterpart.registry;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Poverty lines are data that administrators keep, with their source and whether it was confirmed. */
@IntegrationTest
@Claims(scenario = "records the 2021 line of Guizhou and the 2018 line of Liaoning, which no other class reads")
class PovertyLinesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PovertyLines lines;

    @Test
    void theShippedLinesSayWhichFiguresWereConfirmed() {
        assertThat(lines.forYear(2016, "52")).get().satisfies(l -> {
            assertThat(l.amount()).isEqualByComparingTo("2952");
            assertThat(l.confirmed()).isTrue();
        });
        assertThat(lines.forYear(2018, "52")).get().satisfies(l -> assertThat(l.confirmed()).isFalse());
        String page = WebSession.signedIn(port, "leader").get("/registry/lines").text();
        assertThat(page).contains("2,995.00").contains("广泛引用，未核实");
    }

    @Test
    void anAdministratorRecordsAProvincialLineAndBadFiguresAreRefused() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/registry/lines");
        WebSession.Page bad = admin.post("/registry/lines", Map.of("year", "2021", "province", "52", "amount", "6000.123", "source", "x"));
        assertThat(bad.text()).contains("最多保留两位小数");
        WebSession.Page ok = admin.post("/registry/lines", Map.of("year", "2021", "province", "52", "amount", "6000",
                "source", "贵州省 2021 年监测标准（示例）"));
        assertThat(ok.status()).isEqualTo(302);
        assertThat(lines.forYear(2021, "52")).get().satisfies(l -> assertThat(l.province()).isEqualTo("52"));
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.poverty-line' and entity_id = '2021/52'")
                .query(Long.class).single()).isOne();

        WebSession coordinator = WebSession.signedIn(port, "lps.office");
        coordinator.get("/registry/lines");
        assertThat(coordinator.post("/registry/lines", Map.of("year", "2021", "amount", "1", "source", "x")).status()).isEqualTo(403);
    }

    @Test
    void theHouseholdListShowsTheLineOfTheProvinceBeingListed() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/registry/lines");
        assertThat(admin.post("/registry/lines", Map.of("year", "2018", "province", "21", "amount", "4321",
                "source", "辽宁省 2018 年标准（测试）")).status()).isEqualTo(302);

        // a Dalian user sees Liaoning's line, not Guizhou's (nor the national one Guizhou falls back to)
        String dalian = WebSession.signedIn(port, "leader").get("/registry/households?year=2018").text();
        assertThat(dalian).contains("4,321").doesNotContain("2,995");
        // the place being listed decides for a user who sees both provinces
        assertThat(admin.get("/registry/households?year=2018&region=2102").text()).contains("4,321");
        assertThat(admin.get("/registry/households?year=2018&region=5202").text()).contains("2,995").doesNotContain("4,321");
        // a Guizhou user is unchanged
        assertThat(WebSession.signedIn(port, "lps.office").get("/registry/households?year=2018").text()).contains("2,995");
    }
}
