package org.counterpart;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API over real HTTP, signed in as the pages are (or with HTTP Basic): it answers within the
 * caller's scope exactly like the pages, never shows a full ID number, and fails as JSON.
 */
@IntegrationTest
@Claims(scenario = "reads the scenario's Liupanshui households, institutions and pairings through the API")
class ApiTest {

    /** A full resident ID number: 17 digits and a check character, not part of a longer number. */
    static final Pattern FULL_ID = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    static final Pattern MONEY = Pattern.compile("-?[0-9]+\\.[0-9]{2}");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long household(String countyCode) {
        return jdbc.sql("select min(household_id) from household_year where county_code = :c and reg_year = 2018")
                .param("c", countyCode).query(Long.class).single();
    }

    long institution(String name) {
        return jdbc.sql("select id from institution where name_zh = :n").param("n", name).query(Long.class).single();
    }

    static JsonNode json(WebSession.Page page) {
        assertThat(page.headers().getOrDefault("content-type", List.of(""))).anyMatch(t -> t.startsWith("application/json"));
        return JSON.readTree(page.body());
    }

    static List<JsonNode> items(JsonNode array) {
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            all.add(array.get(i));
        }
        return all;
    }

    static void assertError(WebSession.Page page, int status) {
        assertThat(page.status()).as(page.body()).isEqualTo(status);
        JsonNode error = json(page);
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("error").asString()).isNotBlank();
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(page.body()).doesNotContain("Exception", "at org.", "<html", "Whitelabel");
    }

    @Test
    void aZhongshanReporterReadsItsCountysHouseholdsAndNeverPanzhous() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");

        WebSession.Page listPage = reporter.get("/api/registry/households?year=2018&size=500");
        assertThat(listPage.status()).isEqualTo(200);
        JsonNode list = json(listPage);
        assertThat(list.get("total").asLong()).isPositive();
        assertThat(list.get("size").asInt()).isEqualTo(500);
        List<JsonNode> rows = items(list.get("items"));
        assertThat(rows).isNotEmpty().hasSize((int) Math.min(500, list.get("total").asLong()))
                .allSatisfy(r -> {
                    assertThat(r.get("villageCode").asString()).startsWith("520201");
                    assertThat(r.get("netPerCapita").asString()).matches(MONEY);
                });

        // asking for Panzhou's households gives none, and a Panzhou household is refused
        assertThat(json(reporter.get("/api/registry/households?year=2018&region=520281")).get("total").asLong()).isZero();
        assertError(reporter.get("/api/registry/households/" + household("520281")), 403);
        assertError(reporter.get("/api/registry/households/" + household("520281") + "?year=2018"), 403);

        // the national view has both counties
        JsonNode national = json(WebSession.signedIn(port, "admin").get("/api/registry/households?year=2018&region=520281"));
        assertThat(national.get("total").asLong()).isPositive();

        // an institution scope has no business with the registry
        assertThat(json(WebSession.signedIn(port, "qixing.reporter").get("/api/registry/households")).get("total").asLong()).isZero();
    }

    @Test
    void aHouseholdComesWithFactsMaskedMembersAndItsExitEvaluation() {
        long id = household("520201");
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page page = reporter.get("/api/registry/households/" + id + "?year=2018");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode d = json(page);
        assertThat(d.get("householdId").asLong()).isEqualTo(id);
        assertThat(d.get("facts").get("year").asInt()).isEqualTo(2018);
        assertThat(d.get("facts").get("income").get("netPerCapita").asString()).matches(MONEY);
        assertThat(d.get("facts").get("income").get("wage").asString()).matches(MONEY);
        assertThat(d.get("facts").get("recordedAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
        assertThat(items(d.get("years"))).extracting(y -> y.get("year").asInt()).contains(2018);

        List<JsonNode> members = items(d.get("members"));
        assertThat(members).isNotEmpty().allSatisfy(m -> {
            assertThat(m.get("idNumberMasked").asString()).contains("*").hasSize(18);
            assertThat(m.has("idNumber")).isFalse();
        });
        // the full numbers are stored (encrypted) but never leave through the API
        assertThat(FULL_ID.matcher(page.body()).find()).as("a full ID number in " + page.body()).isFalse();

        JsonNode exit = d.get("exit");
        assertThat(exit.get("year").asInt()).isEqualTo(2018);
        assertThat(items(exit.get("conditions"))).extracting(c -> c.get("condition").asString())
                .containsExactly("INCOME_ABOVE_LINE", "FOOD_AND_CLOTHING", "COMPULSORY_EDUCATION", "MEDICAL_INSURANCE",
                        "SAFE_HOUSING", "SAFE_WATER");
        boolean allMet = items(exit.get("conditions")).stream().allMatch(c -> c.get("met").asBoolean());
        assertThat(exit.get("ready").asBoolean()).isEqualTo(allMet);
        assertThat(exit.get("povertyLine").asString()).matches(MONEY);

        // the whole list never carries a full number either
        assertThat(FULL_ID.matcher(reporter.get("/api/registry/households?year=2018&size=500").body()).find()).isFalse();
    }

    @Test
    void institutionsAndPairingsAreFilteredByScope() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        JsonNode list = json(reporter.get("/api/institutions?size=500"));
        List<String> names = items(list.get("items")).stream().map(i -> i.get("nameZh").asString()).toList();
        assertThat(names).contains("钟山区人民政府", "钟山经济开发区").doesNotContain("盘州市人民政府", "红果经济开发区");
        assertThat(list.get("total").asLong()).isEqualTo(names.size());

        assertThat(reporter.get("/api/institutions?region=520281").body()).doesNotContain("盘州市人民政府");
        assertError(reporter.get("/api/institutions/" + institution("盘州市人民政府")), 403);

        long zhongshan = institution("钟山区人民政府");
        JsonNode one = json(reporter.get("/api/institutions/" + zhongshan));
        assertThat(one.get("id").asLong()).isEqualTo(zhongshan);
        assertThat(one.get("kind").asString()).isEqualTo("GOVERNMENT");
        assertThat(one.get("regionCode").asString()).isEqualTo("520201");

        JsonNode kinds = json(reporter.get("/api/institutions?kind=DEVELOPMENT_ZONE"));
        assertThat(items(kinds.get("items"))).isNotEmpty().allSatisfy(i -> assertThat(i.get("kind").asString()).isEqualTo("DEVELOPMENT_ZONE"));

        String pairings = reporter.get("/api/pairings").body();
        assertThat(pairings).contains("钟山区").doesNotContain("\"regionCode\":\"520281\"");
        JsonNode cityPairings = json(reporter.get("/api/pairings?kind=DISTRICT_COUNTY"));
        assertThat(items(cityPairings)).allSatisfy(p -> assertThat(p.get("kind").asString()).isEqualTo("DISTRICT_COUNTY"));

        // an enterprise sees itself, not the city government
        String enterprise = WebSession.signedIn(port, "qixing.reporter").get("/api/institutions?size=500").body();
        assertThat(enterprise).contains("大连七星餐饮管理有限公司").doesNotContain("大连市人民政府");
    }

    @Test
    void regionsAnswerWithTheirChildren() {
        WebSession viewer = WebSession.signedIn(port, "zhongshan.reporter");
        JsonNode zhongshan = json(viewer.get("/api/regions/520201"));
        assertThat(zhongshan.get("name").asString()).isEqualTo("钟山区");
        assertThat(zhongshan.get("level").asString()).isEqualTo("COUNTY");
        assertThat(zhongshan.get("parentCode").asString()).isEqualTo("5202");
        assertThat(items(zhongshan.get("children"))).isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("code").asString()).startsWith("520201").hasSize(9));
        assertThat(items(json(viewer.get("/api/regions?q=" + java.net.URLEncoder.encode("钟山", StandardCharsets.UTF_8)))))
                .extracting(r -> r.get("code").asString()).contains("520201");
        assertThat(items(json(viewer.get("/api/regions?q=5202&limit=3")))).hasSize(3);
    }

    @Test
    void badParametersAnswer400AndUnknownRecords404AsJson() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        for (String path : List.of("/api/institutions?kind=NO_SUCH_KIND", "/api/institutions?size=501", "/api/institutions?page=-1",
                "/api/institutions/not-a-number", "/api/institutions?region=12x", "/api/pairings?kind=NOPE",
                "/api/registry/households?size=501", "/api/registry/households?size=0", "/api/registry/households?year=abc",
                "/api/registry/households?region=12x", "/api/registry/households?status=NOPE", "/api/registry/households?ready=maybe",
                "/api/registry/households/abc", "/api/regions/12x", "/api/regions?limit=0")) {
            assertError(reporter.get(path), 400);
        }
        for (String path : List.of("/api/institutions/999999", "/api/registry/households/999999999", "/api/regions/999999",
                "/api/registry/households/" + household("520201") + "?year=1999", "/api/no/such/thing")) {
            assertError(reporter.get(path), 404);
        }
    }

    @Test
    void withoutASignInTheApiAnswers401NotARedirect() {
        WebSession anonymous = new WebSession(port);
        for (String path : List.of("/api/regions/52", "/api/institutions", "/api/pairings", "/api/registry/households",
                "/api/registry/households/1", "/api/no/such/thing")) {
            WebSession.Page page = anonymous.get(path);
            assertError(page, 401);
            assertThat(page.location()).as(path).isEmpty();
        }
        // the pages keep their redirect to the sign-in page
        assertThat(anonymous.get("/institutions").status()).isEqualTo(302);
    }

    @Test
    void programsMaySendHttpBasicWithTheSameAccount() {
        WebSession program = new WebSession(port);
        assertError(program.getWithHeader("/api/institutions", "Authorization", basic("leader", "wrong password")), 401);
        WebSession.Page page = program.getWithHeader("/api/institutions?size=500", "Authorization", basic("leader", "counterpart2018"));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(json(page).get("total").asLong()).isPositive();
        // Basic is checked on every request: nothing is kept for the next one
        assertThat(program.get("/api/institutions").status()).isEqualTo(401);
    }

    @Test
    void theApiIsDescribedForSignedInUsers() {
        assertThat(new WebSession(port).get("/v3/api-docs").status()).isEqualTo(302);

        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        for (String docs : List.of("/v3/api-docs", "/v3/api-docs/counterpart")) {
            WebSession.Page page = reporter.get(docs);
            assertThat(page.status()).as(docs + " " + page.body()).isEqualTo(200);
            JsonNode paths = json(page).get("paths");
            List<String> names = new ArrayList<>(paths.propertyNames());
            assertThat(names).as(docs).contains("/api/regions", "/api/regions/{code}", "/api/institutions", "/api/institutions/{id}",
                    "/api/pairings", "/api/registry/households", "/api/registry/households/{id}")
                    .allMatch(p -> p.startsWith("/api/"));
            assertThat(paths.get("/api/registry/households").get("get").get("summary").asString()).isNotBlank();
        }
        assertThat(reporter.get("/swagger-ui").location()).endsWith("/swagger-ui/index.html");
        assertThat(reporter.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
