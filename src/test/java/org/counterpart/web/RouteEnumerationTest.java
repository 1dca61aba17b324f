package org.counterpart.web;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the application has, read from Spring's own {@link RequestMappingHandlerMapping} (so a new
 * one is checked the day it is added), called as nobody, as each demo role, and out of scope, reads and
 * writes alike. Writes carry an empty or a bogus body; the audit log shows afterwards that none of them
 * changed anything. A route is either in the short {@link #PUBLIC} list or checked here; a path
 * variable this test has no sample for fails it, so a new kind of address gets its out-of-scope sample.
 */
@IntegrationTest
@Claims(scenario = "calls every route with placeholder, bogus or out-of-scope values as every demo user; creates and changes nothing (the audit log is compared)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteEnumerationTest {

    /** Routes anybody may call; everything else needs a signed-in user. (Static files are no handler method.) */
    static final Set<String> PUBLIC = Set.of("/login", "/error");

    /** Reference data every signed-in user reads (the division tree): not scoped. */
    static final List<String> UNSCOPED = List.of("/regions", "/api/regions", "/language", "/", "/v3/api-docs", "/swagger-ui");

    /** Only administrators may reach these (the security chain); everyone else is refused. */
    static final List<String> ADMINISTRATORS_ONLY = List.of("/admin/");

    /**
     * Actions that need no body: posted here only by users who must be refused them, since an allowed
     * user's empty post would really run them over the scenario.
     */
    static final Set<String> ACTIONS = Set.of("/registry/monitoring/recompute", "/reach/rebuild");

    static final List<String> ROLES = List.of("admin", "dalian.office", "lps.office", "zhongshan.reporter",
            "panzhou.reviewer", "ganjingzi.reporter", "leader", "assessor", "qixing.reporter");

    /** Demo users who only read: every write of theirs is refused, whatever it carries. */
    static final Set<String> READERS = Set.of("leader", "assessor");

    /** Forms only coordinators and administrators may send (a reporter records ledgers, nothing of these). */
    static final List<String> FOR_COORDINATORS = List.of("/institutions/new", "/pairings/new", "/registry/lines",
            "/registry/monitoring/rules", "/registry/duplicates/decide", "/admin/users/new");

    /** The out-of-scope caller: 钟山区's reporter, given ids of 盘州市 and of others. */
    static final String OUT_OF_SCOPE = "zhongshan.reporter";

    static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
    static final String BOGUS = "999999999";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Routes whose POST is a read: a record's beneficiaries searched and exported with the query in the body. */
    static final java.util.Set<String> READS_BY_POST = java.util.Set.of("/ledgers/{slug}/{id}", "/ledgers/{slug}/{id}/beneficiaries.xlsx");

    record Route(RequestMethod method, String pattern) {
        boolean write() {
            return method != RequestMethod.GET && !READS_BY_POST.contains(pattern);
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    List<Route> routes;
    Map<String, Function<String, String>> samples;

    @BeforeAll
    void readRoutesAndSamples() {
        routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    routes.add(new Route(m, pattern));
                }
            }
        }
        routes.sort(java.util.Comparator.comparing(Route::toString));
        assertThat(routes).hasSizeGreaterThan(60);

        String household = one("select min(household_id) from household_year where county_code = '520281' and reg_year = 2018");
        String person = one("select min(person_id) from membership m join household_year h on h.household_id = m.household_id"
                + " and h.reg_year = m.reg_year where h.county_code = '520281' and m.reg_year = 2018");
        String agreement = one("select min(id) from ledger_agreement where place_code like '520281%'"
                + " and (owner_region is null or owner_region not like '520201%')");
        String fund = one("select min(id) from ledger_fund where place_code like '520281%'"
                + " and (owner_region is null or owner_region not like '520201%')");
        String institution = one("select min(id) from institution where region_code like '520281%'");
        String pairing = one("select min(id) from pairing where helped_region like '520281%' or helper_region like '520281%'");
        String user = one("select id from user_account where username = 'lps.office'");
        samples = new HashMap<>();
        samples.put("id", path -> path.startsWith("/registry/households") || path.startsWith("/api/registry/households") ? household
                : path.startsWith("/ledgers/agreements/") ? agreement
                : path.startsWith("/ledgers/{slug}") || path.startsWith("/api/ledgers/{slug}") ? fund
                : path.startsWith("/institutions") || path.startsWith("/api/institutions") ? institution
                : path.startsWith("/pairings") ? pairing
                : path.startsWith("/admin/users") ? user
                : BOGUS); // imports, cross-check flags: no such run or flag
        samples.put("slug", path -> "funds");
        samples.put("year", path -> "2018");
        samples.put("personId", path -> person);
        samples.put("milestone", path -> BOGUS);
        samples.put("document", path -> BOGUS);
        samples.put("job", path -> "no-such-job");
        samples.put("token", path -> "no-such-import"); // a kept list import of the plan pages
        samples.put("evidenceId", path -> BOGUS); // a file of a report's evidence
        samples.put("code", path -> "520281");
        samples.put("group", path -> "no-such-group"); // the API documentation's groups
    }

    String one(String sql) {
        Object value = jdbc.sql(sql).query().singleValue();
        assertThat(value).as(sql).isNotNull();
        return String.valueOf(value);
    }

    /** The route's address with each variable filled by its sample; a variable without one fails the test. */
    String address(Route route) {
        return address(route, true);
    }

    /**
     * With {@code real} false every record's id is one that does not exist: how a user who may write is
     * sent a write here, so that nothing of the scenario is changed even where the write would be allowed.
     */
    String address(Route route, boolean real) {
        Matcher m = VARIABLE.matcher(route.pattern().replace("/**", "/anything"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Function<String, String> sample = samples.get(m.group(1));
            assertThat(sample).as("no sample for {%s} in %s: add one (an id outside %s's scope)", m.group(1), route, OUT_OF_SCOPE).isNotNull();
            boolean record = m.group(1).equals("id") || m.group(1).endsWith("Id") || m.group(1).equals("milestone")
                    || m.group(1).equals("document");
            m.appendReplacement(out, Matcher.quoteReplacement(real || !record ? sample.apply(route.pattern()) : BOGUS));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean starts(Route route, List<String> prefixes) {
        return prefixes.stream().anyMatch(p -> route.pattern().equals(p) || route.pattern().startsWith(p.endsWith("/") ? p : p + "/")
                || route.pattern().startsWith(p + "."));
    }

    WebSession.Page call(WebSession s, Route route, Map<String, String> body) {
        return call(s, route, body, true);
    }

    WebSession.Page call(WebSession s, Route route, Map<String, String> body, boolean real) {
        String address = address(route, real);
        return route.write() ? s.post(address, body) : s.get(address);
    }

    // a NUL is refused before the security filters by design (reading such a request is what fails); HostileInputTest covers it
    static final List<Map<String, String>> BODIES = List.of(Map.of(), Map.of(
            "id", "-1", "version", "abc", "year", "99999999999", "title", "<script>x</script>", "place", "0000",
            "region", "../../", "kind", "NOPE", "status", " ", "page", "2147483648", "nameZh", "'; drop table x; --"));

    /** Collects every finding of a run, so one run names them all. */
    org.assertj.core.api.SoftAssertions soft;

    void assertNoFailure(WebSession.Page page, Route route, String who) {
        soft.assertThat(page.status()).as("%s as %s", route, who).isLessThan(500);
        soft.assertThat(page.body()).as("%s as %s", route, who).doesNotContain("Exception", "at org.counterpart.");
        soft.assertThat(page.headers().get("referrer-policy")).as("%s as %s", route, who).isNotNull();
    }

    @org.junit.jupiter.api.BeforeEach
    void collect() {
        soft = new org.assertj.core.api.SoftAssertions();
    }

    @org.junit.jupiter.api.AfterEach
    void report() {
        soft.assertAll();
    }

    @Test
    void everyRouteIsPublicOrRefusesNobody() {
        Set<String> checked = new TreeSet<>();
        for (Route route : routes) {
            if (PUBLIC.contains(route.pattern())) {
                continue;
            }
            WebSession nobody = new WebSession(port);
            nobody.get("/login"); // a CSRF token, so a write is refused for the missing user, not for the token
            WebSession.Page page = call(nobody, route, BODIES.get(1));
            assertNoFailure(page, route, "nobody");
            if (route.pattern().startsWith("/api/")) {
                soft.assertThat(page.status()).as("%s as nobody", route).isEqualTo(401);
            } else {
                soft.assertThat(page.status()).as("%s as nobody", route).isEqualTo(302);
                soft.assertThat(page.location()).as("%s as nobody", route).endsWith("/login");
            }
            checked.add(route.toString());
        }
        assertThat(checked).hasSizeGreaterThan(50);
    }

    @Test
    void everyRouteAnswersEachRoleWithoutFailingAndReadersWriteNothing() {
        for (String username : ROLES) {
            WebSession user = WebSession.signedIn(port, username);
            for (Route route : routes) {
                if (route.pattern().equals("/error")) {
                    continue;
                }
                boolean action = ACTIONS.contains(route.pattern());
                boolean refused = READERS.contains(username) && route.write()
                        || starts(route, ADMINISTRATORS_ONLY) && !username.equals("admin");
                if (action && !refused) {
                    continue;
                }
                for (Map<String, String> body : route.write() ? BODIES : List.of(Map.<String, String>of())) {
                    user.get("/"); // a fresh CSRF token of this session
                    // a write that may be allowed goes to records that do not exist; a refused one to real ones
                    WebSession.Page page = call(user, route, body, refused || !route.write());
                    assertNoFailure(page, route, username);
                    if (refused) {
                        // the API has no writes at all: its fallback answers 405 to every method but GET
                        soft.assertThat(page.status()).as("%s as %s with %s", route, username, body)
                                .isIn(route.pattern().startsWith("/api/") ? List.of(403, 405) : List.of(403));
                    }
                }
            }
        }
        assertNothingChanged();
    }

    @Test
    void aCountyReporterIsRefusedEveryRecordOfAnotherCounty() {
        WebSession reporter = WebSession.signedIn(port, OUT_OF_SCOPE);
        Map<String, Integer> answers = new LinkedHashMap<>();
        for (Route route : routes) {
            if (!VARIABLE.matcher(route.pattern()).find() || starts(route, UNSCOPED) || PUBLIC.contains(route.pattern())
                    || route.pattern().equals("/api/**")) {
                continue;
            }
            for (Map<String, String> body : route.write() ? BODIES : List.of(Map.<String, String>of())) {
                reporter.get("/");
                WebSession.Page page = call(reporter, route, body);
                assertNoFailure(page, route, OUT_OF_SCOPE);
                answers.put(route + (body.isEmpty() ? "" : " (bogus body)"), page.status());
            }
        }
        // forms for coordinators and administrators only: a reporter's invalid data is refused, not checked
        for (String form : FOR_COORDINATORS) {
            for (Map<String, String> body : BODIES) {
                reporter.get("/");
                WebSession.Page page = reporter.post(form, body);
                assertNoFailure(page, new Route(RequestMethod.POST, form), OUT_OF_SCOPE);
                soft.assertThat(page.status()).as("POST %s as %s with %s", form, OUT_OF_SCOPE, body).isEqualTo(403);
            }
        }
        // refused (403), or not there for this caller (404), or a parameter refused before anything is read (400)
        answers.forEach((route, status) -> soft.assertThat(status).as(route).isIn(400, 403, 404));
        assertNothingChanged();
    }

    /**
     * Lists and figures filtered to another county's place: every read without a path variable, asked by 钟山区's
     * reporter for 盘州市 (520281) by each name a filter goes by, refuses it or shows none of 盘州市's households.
     */
    @Test
    void aCountyReporterFilteringForAnotherCountySeesNoneOfItsHouseholds() {
        List<String> theirs = jdbc.sql("select h.household_no from household h join household_year y on y.household_id = h.id"
                + " where y.county_code = '520281' and y.reg_year = 2018 order by h.id fetch first 200 rows only").query(String.class).list();
        assertThat(theirs).hasSizeGreaterThan(20);
        WebSession reporter = WebSession.signedIn(port, OUT_OF_SCOPE);
        int asked = 0;
        for (Route route : routes) {
            // the home ("/") is asked too: it takes no filter, and must not show another county for one
            if (route.write() || VARIABLE.matcher(route.pattern()).find() || PUBLIC.contains(route.pattern())
                    || UNSCOPED.stream().anyMatch(p -> !p.equals("/") && route.pattern().startsWith(p))
                    || route.pattern().equals("/api/**") || route.pattern().contains("*")) {
                continue;
            }
            for (String filter : List.of("region=520281", "place=520281", "county=520281", "region=%E7%9B%98%E5%B7%9E%E5%B8%82")) {
                WebSession.Page page = reporter.get(route.pattern() + "?year=2018&" + filter);
                assertNoFailure(page, route, OUT_OF_SCOPE + " with " + filter);
                String body = page.bytes() != null && page.bytes().length > 4 && page.bytes()[0] == 'P' && page.bytes()[1] == 'K'
                        ? unzipped(page.bytes()) : page.body();
                for (String no : theirs) {
                    soft.assertThat(body).as("%s?%s as %s shows household %s of 盘州市", route, filter, OUT_OF_SCOPE, no).doesNotContain(no);
                }
                asked++;
            }
        }
        assertThat(asked).isGreaterThan(40);
    }

    /** The text of every part of an XLSX answer (a zip), so an export is searched as its page is. */
    static String unzipped(byte[] zip) {
        StringBuilder out = new StringBuilder();
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("export-", ".xlsx");
            try {
                java.nio.file.Files.write(file, zip);
                try (var z = new java.util.zip.ZipFile(file.toFile())) {
                    for (var entries = z.entries(); entries.hasMoreElements(); ) {
                        try (var in = z.getInputStream(entries.nextElement())) {
                            out.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                }
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    void assertNothingChanged() {
        List<String> changes = jdbc.sql("select actor || ' ' || action || ' ' || entity_kind || ' #' || entity_id from audit_entry"
                        + " where action <> 'viewed' and seq > :seq order by seq")
                .param("seq", auditBeforeChanges()).query(String.class).list();
        assertThat(changes).as("changes made by the calls (the audit's entries other than views)").isEmpty();
    }

    private Long baseline;

    long auditBeforeChanges() {
        return baseline;
    }

    @BeforeAll
    void baseline() {
        baseline = Long.parseLong(one("select coalesce(max(seq), 0) from audit_entry"));
    }
}
