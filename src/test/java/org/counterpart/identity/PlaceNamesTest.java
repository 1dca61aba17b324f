package org.counterpart.identity;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Places as people write them (钟山, 钟山区, 六盘水市) in filters and forms, the caller's own places first,
 * an ambiguous name refused with its candidates and an unknown one beside its field, never a full-page 400.
 */
@IntegrationTest
@Claims(scenario = "reads Liupanshui's lists by place name; records one fund of its own in 钟山区 and deletes it")
class PlaceNamesTest {

    @LocalServerPort
    int port;

    @Autowired
    Regions regions;

    @Autowired
    JdbcClient jdbc;

    private static final RegionCode ZHONGSHAN = new RegionCode("520201");

    @Test
    void aNameIsReadAsPeopleWriteItTheNearPlaceFirst() {
        List<RegionCode> liupanshui = List.of(new RegionCode("5202"));
        assertThat(regions.resolve("place", "钟山区", List.of())).isEqualTo(ZHONGSHAN);
        assertThat(regions.resolve("place", " 钟山 ", liupanshui)).isEqualTo(ZHONGSHAN);
        assertThat(regions.resolve("place", "六盘水", List.of())).isEqualTo(new RegionCode("5202"));
        assertThat(regions.resolve("place", "六盘水市", List.of())).isEqualTo(new RegionCode("5202"));
        assertThat(regions.resolve("place", "520201", List.of())).isEqualTo(ZHONGSHAN);
        assertThat(regions.resolve("place", "钟山区 520201", List.of())).isEqualTo(ZHONGSHAN);
        assertThat(regions.resolve("place", "盘州", liupanshui)).isEqualTo(new RegionCode("520281"));
        // a village by its short name: 钟山村 is the village of Panzhou within Liupanshui, not the district
        assertThat(regions.resolve("place", "钟山村", liupanshui).value()).startsWith("520281").hasSize(12);

        // 钟山 is a district of Liupanshui and a county of Guangxi: from the whole country it is a question
        assertThatThrownBy(() -> regions.resolve("place", "钟山", List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("place");
                    assertThat(e.messageKey()).isEqualTo("place.ambiguous");
                    assertThat(e.arguments()[1].toString()).contains("520201").contains("451122");
                });
        assertThatThrownBy(() -> regions.resolve("owner", "无此地方", liupanshui))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("owner");
                    assertThat(e.messageKey()).isEqualTo("place.unknown");
                });
        assertThatThrownBy(() -> regions.resolve("place", "999999", liupanshui))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("place"));
    }

    @Test
    void listsAreFilteredByANameAndAnUnknownNameIsExplainedBesideTheField() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page funds = reporter.get("/ledgers/funds?place=" + enc("钟山"));
        assertThat(funds.status()).isEqualTo(200);
        assertThat(funds.text()).contains("value=\"钟山\"").doesNotContain("is-invalid");

        WebSession.Page unknown = reporter.get("/ledgers/funds?place=" + enc("无此地方"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.text()).contains("没有名为“无此地方”的地区");

        WebSession office = WebSession.signedIn(port, "lps.office");
        for (String list : List.of("/registry/households?region=", "/registry/monitoring?region=", "/registry/duplicates?region=",
                "/registry/crosschecks?region=", "/institutions?region=", "/pairings?region=")) {
            WebSession.Page page = office.get(list + enc("钟山区"));
            assertThat(page.status()).as(list).isEqualTo(200);
            assertThat(page.text()).as(list).contains("value=\"钟山区\"").doesNotContain("is-invalid");
        }
        assertThat(office.get("/registry/households?region=" + enc("钟山区")).text()).contains("钟山区");

        // the national administrator is asked which 钟山 is meant, in the page, with the candidates
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page asked = admin.get("/institutions?region=" + enc("钟山"));
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.text()).contains("名为“钟山”的地区不止一个").contains("520201").contains("451122");

        // the API answers a name too, and refuses an unknown one as a bad request
        assertThat(reporter.get("/api/ledgers/funds?place=" + enc("钟山区")).status()).isEqualTo(200);
        assertThat(reporter.get("/api/ledgers/funds?place=" + enc("无此地方")).status()).isEqualTo(400);
    }

    @Test
    void suggestionsPutTheCallersOwnPlacesFirst() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page suggested = reporter.get("/places/suggest?q=" + enc("钟山"));
        assertThat(suggested.status()).isEqualTo(200);
        assertThat(suggested.body()).startsWith("[{\"code\":\"520201\"").contains("\"value\":\"钟山区 520201\"");
        assertThat(reporter.get("/places/suggest?q=5202").body()).contains("\"code\":\"5202\"");
        assertThat(new WebSession(port).get("/places/suggest?q=" + enc("钟山")).status()).isNotEqualTo(200);
    }

    @Test
    void aFormTakesThePlaceAndTheOwnerByName() {
        String title = "钟山区按名称填写地区的项目";
        try {
            WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
            reporter.get("/ledgers/funds/new");
            Map<String, String> f = new HashMap<>();
            f.put("title", title);
            f.put("reg_year", "2018");
            f.put("place_code", "钟山");
            f.put("owner", "钟山区");
            f.put("source", "DISTRICT");
            f.put("sector", "AGRICULTURE");
            f.put("benefit_kind", "WAGE");
            f.put("allocated", "1000");
            f.put("version", "0");
            WebSession.Page saved = reporter.post("/ledgers/funds/new", f);
            assertThat(saved.status()).as(saved.text()).isEqualTo(302);
            assertThat(jdbc.sql("select place_code from ledger_fund where title = :t").param("t", title).query(String.class).single())
                    .isEqualTo("520201");

            reporter.get("/ledgers/funds/new");
            f.put("title", title + "二");
            f.put("place_code", "无此地方");
            WebSession.Page refused = reporter.post("/ledgers/funds/new", f);
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.text()).contains("没有名为“无此地方”的地区");
        } finally {
            jdbc.sql("delete from ledger_fund where title like :t").param("t", title + "%").update();
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
