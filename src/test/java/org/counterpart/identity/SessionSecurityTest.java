package org.counterpart.identity;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions follow their account: an administrator's change of a user (permission, scope, enabled) takes
 * effect on that user's next request in every open session; the session id changes at sign-in and is
 * worthless after sign-out; every answer carries the security headers.
 */
@IntegrationTest
@Claims(scenario = "creates accounts of its own (benxi.*) scoped to Liupanshui counties; reads a few Liupanshui households and reveals one member's number")
class SessionSecurityTest {

    private static final String PASSWORD = "benxi-2018-pass";
    private static final String FULL_ID = "520203[0-9]{11}[0-9X]";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long household(String county) {
        return jdbc.sql("select min(household_id) from household_year where county_code = :c and reg_year = 2018")
                .param("c", county).query(Long.class).single();
    }

    long member(long household) {
        return jdbc.sql("select min(person_id) from membership where household_id = :id and reg_year = 2018")
                .param("id", household).query(Long.class).single();
    }

    Map<String, String> form(String username, String region, boolean personalData, boolean enabled) {
        Map<String, String> f = new HashMap<>();
        f.put("username", username);
        f.put("displayName", "本溪 测试");
        f.put("role", "COORDINATOR");
        f.put("scopeRegion", region);
        f.put("locale", "zh-CN");
        if (enabled) {
            f.put("enabled", "true");
        }
        if (personalData) {
            f.put("personalData", "true");
        }
        f.put("password", "");
        f.put("version", "0");
        return f;
    }

    /** The administrator changes the account through the users page, as a person would. */
    void change(WebSession admin, String username, String region, boolean personalData, boolean enabled) {
        long id = jdbc.sql("select id from user_account where username = :u").param("u", username).query(Long.class).single();
        int version = jdbc.sql("select version from user_account where id = :id").param("id", id).query(Integer.class).single();
        admin.get("/admin/users/" + id);
        Map<String, String> f = form(username, region, personalData, enabled);
        f.put("version", String.valueOf(version));
        assertThat(admin.post("/admin/users/" + id, f).status()).isEqualTo(302);
    }

    WebSession signIn(String username) {
        WebSession s = new WebSession(port);
        assertThat(s.login(username, PASSWORD).location()).doesNotContain("error", "locked");
        return s;
    }

    @Test
    void anAdministratorsChangeTakesEffectOnTheNextRequestOfEverySessionOfThatUser() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/admin/users/new");
        Map<String, String> created = form("benxi.officer", "520203", true, true);
        created.put("password", PASSWORD);
        assertThat(admin.post("/admin/users/new", created).status()).isEqualTo(302);

        long liuzhi = household("520203");
        long person = member(liuzhi);
        String reveal = "/registry/households/" + liuzhi + "/members/" + person + "/reveal?year=2018";
        WebSession first = signIn("benxi.officer");
        WebSession second = signIn("benxi.officer");
        for (WebSession s : List.of(first, second)) {
            s.get("/registry/households/" + liuzhi + "?year=2018");
            assertThat(s.post(reveal, Map.of()).body()).containsPattern(FULL_ID);
        }

        // the permission to see personal data is taken away: both open sessions see numbers masked
        change(admin, "benxi.officer", "520203", false, true);
        for (WebSession s : List.of(first, second)) {
            WebSession.Page refused = s.post(reveal, Map.of());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).doesNotContainPattern(FULL_ID);
        }

        // the scope moves to 盘州市: the old county is refused, on the pages and through the API alike
        change(admin, "benxi.officer", "520281", false, true);
        long panzhou = household("520281");
        for (WebSession s : List.of(first, second)) {
            assertThat(s.get("/registry/households/" + liuzhi + "?year=2018").status()).isEqualTo(403);
            assertThat(s.get("/api/registry/households/" + liuzhi).status()).isEqualTo(403);
            assertThat(s.get("/registry/households/" + panzhou + "?year=2018").status()).isEqualTo(200);
        }

        // disabled: the next request of each session is signed out
        change(admin, "benxi.officer", "520281", false, false);
        assertThat(first.get("/registry/households/" + panzhou + "?year=2018").location()).endsWith("/login");
        assertThat(second.get("/api/registry/households/" + panzhou).status()).isEqualTo(401);
        assertThat(second.get("/").location()).endsWith("/login");
        // and it stays out: enabling it again does not bring an ended session back
        change(admin, "benxi.officer", "520281", false, true);
        assertThat(first.get("/").location()).endsWith("/login");
    }

    @Test
    void anAssessorReadsTheAuditOfItsOwnScopeAndNoUserAdministration() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/admin/users/new");
        Map<String, String> created = form("benxi.audited", "520203", false, true);
        created.put("password", PASSWORD);
        assertThat(admin.post("/admin/users/new", created).status()).isEqualTo(302);
        String userEntry = "/audit?kind=user";
        assertThat(admin.get(userEntry).body()).contains("benxi.audited");

        WebSession assessor = WebSession.signedIn(port, "assessor");
        WebSession.Page users = assessor.get(userEntry);
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body()).doesNotContain("benxi.audited").doesNotContain("<td class=\"code\">admin</td>");
        // Guizhou's assessor: entries made by Guizhou's accounts, none made by Dalian's or by the administrator
        long dalian = jdbc.sql("select count(*) from audit_entry where actor in ('dalian.office', 'admin', 'ganjingzi.reporter')")
                .query(Long.class).single();
        assertThat(dalian).isPositive();
        String all = assessor.get("/audit").body();
        assertThat(all).doesNotContain("<td class=\"code\">admin</td>", "<td class=\"code\">dalian.office</td>",
                "<td class=\"code\">system</td>");
        // and a reader that is not an assessor or administrator reads none of it
        assertThat(WebSession.signedIn(port, "zhongshan.reporter").get("/audit").status()).isEqualTo(403);
    }

    @Test
    void theSessionIdChangesAtSignInAndIsWorthNothingAfterSignOut() throws Exception {
        WebSession s = new WebSession(port);
        s.get("/login");
        String before = s.sessionId().orElseThrow();
        assertThat(s.login("leader", "counterpart2018").location()).doesNotContain("error");
        String after = s.sessionId().orElseThrow();
        assertThat(after).isNotEqualTo(before);
        // the id planted before sign-in does not carry the signed-in user
        assertThat(withCookie(before, "/").statusCode()).isEqualTo(302);
        assertThat(withCookie(after, "/").statusCode()).isEqualTo(200);

        s.get("/"); // the form's token of the signed-in session
        assertThat(s.post("/logout", Map.of()).location()).contains("/login?logout");
        // the signed-out session cannot be used again, by this browser or by anyone holding its id
        assertThat(withCookie(after, "/").statusCode()).isEqualTo(302);
        assertThat(withCookie(after, "/api/regions").statusCode()).isEqualTo(401);
        assertThat(s.get("/").status()).isEqualTo(302);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        WebSession anonymous = new WebSession(port);
        WebSession signedIn = WebSession.signedIn(port, "leader");
        for (WebSession.Page page : List.of(anonymous.get("/login"), anonymous.get("/"), anonymous.get("/css/app.css"),
                anonymous.get("/api/regions"), signedIn.get("/"), signedIn.get("/regions"), signedIn.get("/api/regions"),
                signedIn.get("/no-such-page"))) {
            assertThat(page.headers().get("referrer-policy")).containsExactly("same-origin");
            assertThat(page.headers().get("content-security-policy")).singleElement().asString().contains("frame-ancestors 'none'");
            assertThat(page.headers().get("x-content-type-options")).containsExactly("nosniff");
            assertThat(page.headers().get("x-frame-options")).containsExactly("DENY");
        }
    }

    private HttpResponse<String> withCookie(String sessionId, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Cookie", "JSESSIONID=" + sessionId).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
