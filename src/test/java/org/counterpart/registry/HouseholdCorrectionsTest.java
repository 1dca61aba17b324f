package org.counterpart.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.counterpart.geography.Regions;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The household's correction form and the registry's default year, through real HTTP on the build's database:
 * which year a list opens on for whom when a newer year is imported somewhere. Its own registry of Liaoyang
 * (2112): 2019 in 灯塔市 (211281); a year 2020 imported in 辽阳县 (211221) for the default year and removed again.
 */
@IntegrationTest
@Claims("2112")
class HouseholdCorrectionsTest {

    static final int YEAR = 2019;
    static final String CITY = "2112";
    static final String COUNTY = "211281";
    static final String OTHER_COUNTY = "211221";

    /** ID number → household number, as the file gave them. */
    static final Map<String, String> people = new LinkedHashMap<>();
    /** ID number → relation to the head. */
    static final Map<String, String> relations = new LinkedHashMap<>();
    static boolean loaded;

    @LocalServerPort
    int port;

    @Autowired
    RegistryGenerator generator;
    @Autowired
    RegistryImport imports;
    @Autowired
    Regions regions;
    @Autowired
    UserAdministration users;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void registry() throws IOException {
        if (loaded) {
            return;
        }
        importYear(COUNTY, YEAR, 8, 2112, people, relations);
        users.createDemoAccount(new UserForm("liaoyang.office", "辽阳市扶贫办", Role.COORDINATOR, CITY, null, "zh-CN", true,
                "counterpart2018", 0, false));
        users.createDemoAccount(new UserForm("dengta.reporter", "灯塔市扶贫办", Role.REPORTER, COUNTY, null, "zh-CN", true,
                "counterpart2018", 0, false));
        loaded = true;
    }

    void importYear(String county, int year, int households, long seed, Map<String, String> numbers, Map<String, String> relationsOf)
            throws IOException {
        Path file = Files.createTempFile("household-corrections", ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(households, List.of(year), regions.code(county), seed, 0), file);
            RegistryImport.Result result = imports.run(file, "household-corrections-" + year + ".csv",
                    new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).as("%s", result.problems()).isZero();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                numbers.put(cells[3], cells[0]);
                relationsOf.put(cells[3], cells[4]);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- the default year ----

    static final Pattern LIST_YEAR = Pattern.compile("/registry/households\\.xlsx\\?year=([0-9]{4})");
    static final Pattern HOME_YEAR = Pattern.compile("/registry/households\\?year=([0-9]{4})");
    static final Pattern MONITORING_YEAR = Pattern.compile("/registry/monitoring\\?year=([0-9]{4})");

    static int found(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as("a year on the page").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The year each of the lists opens on for this user when no year is asked for. */
    Map<String, Integer> defaults(String user) throws IOException {
        WebSession s = WebSession.signedIn(port, user);
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("households", found(LIST_YEAR, s.get("/registry/households").body()));
        out.put("monitoring", found(MONITORING_YEAR, s.get("/registry/monitoring").body()));
        Matcher home = HOME_YEAR.matcher(s.get("/").body());
        if (home.find()) { // the helping side's home shows no registry figures of its own
            out.put("home", Integer.parseInt(home.group(1)));
        }
        WebSession.Page reach = s.get("/api/reach");
        assertThat(reach.status()).as(reach.body()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(reach.body());
        out.put("reach", json.get("year").asInt());
        return out;
    }

    @Test
    void anImportOfANewerYearElsewhereMovesNobodyElsesDefaultYear() throws IOException {
        Map<String, Integer> liupanshui = defaults("lps.office");
        Map<String, Integer> dalian = defaults("dalian.office");
        assertThat(liupanshui.values()).containsOnly(2018);
        assertThat(dalian.values()).as("the helping side opens on its paired places' year").containsOnly(2018);
        assertThat(defaults("liaoyang.office").values()).containsOnly(YEAR);
        try {
            importYear(OTHER_COUNTY, 2020, 3, 2020, new LinkedHashMap<>(), new LinkedHashMap<>());
            assertThat(defaults("lps.office")).isEqualTo(liupanshui);
            assertThat(defaults("dalian.office")).isEqualTo(dalian);
            assertThat(defaults("liaoyang.office").values()).as("a user of the place imported").containsOnly(2020);
            assertThat(defaults("dengta.reporter").values()).as("a county of the city without 2020").containsOnly(YEAR);
        } finally {
            // the year 2020 is this test's alone: no other class expects it in the registry's years
            jdbc.sql("delete from monitoring_flag where reg_year = 2020").update();
            jdbc.sql("delete from monitoring_run where reg_year = 2020").update();
            jdbc.sql("delete from membership where reg_year = 2020 and county_code = :c").param("c", OTHER_COUNTY).update();
            jdbc.sql("delete from household_year where reg_year = 2020 and county_code = :c").param("c", OTHER_COUNTY).update();
        }
        assertThat(jdbc.sql("select count(*) from household_year where reg_year = 2020").query(Long.class).single()).isZero();
    }
}
