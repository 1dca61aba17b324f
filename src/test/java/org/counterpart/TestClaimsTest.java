package org.counterpart;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The written rule that keeps test classes apart on one database (docs/architecture.md, Tests): every
 * integration test class claims its places or says what it does to the demo scenario; claims do not
 * overlap and stay out of the scenario's Liupanshui; and no class names, as a code in its source, a
 * place that another class claims (a simple scan of string literals of 4, 6, 9 or 12 digits).
 */
class TestClaimsTest {

    private static final Path SOURCES = Path.of("src/test/java");
    private static final String SCENARIO = "5202";
    private static final Pattern CODE = Pattern.compile("\"(\\d{4}|\\d{6}|\\d{9}|\\d{12})\"");

    record Claimant(String name, boolean integration, List<String> places, String scenario, String source) {
    }

    private static List<Claimant> claimants() throws IOException, ClassNotFoundException {
        List<Claimant> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).sorted().toList()) {
                String source = Files.readString(file);
                String name = SOURCES.relativize(file).toString().replace('/', '.').replace('\\', '.').replaceAll("\\.java$", "");
                Class<?> type = Class.forName(name);
                if (!type.isAnnotationPresent(IntegrationTest.class)) {
                    out.add(new Claimant(name, false, List.of(), "", source));
                    continue;
                }
                Claims claims = type.getAnnotation(Claims.class);
                assertThat(claims).as(name + " is an integration test and claims nothing: add @Claims").isNotNull();
                out.add(new Claimant(name, true, List.of(claims.value()), claims.scenario(), source));
            }
        }
        return out;
    }

    @Test
    void everyIntegrationTestClassClaimsPlacesOrSaysWhatItDoesToTheScenario() throws Exception {
        for (Claimant c : claimants()) {
            if (c.integration()) {
                assertThat(c.places().isEmpty() && c.scenario().isBlank()).as(c.name() + " claims nothing").isFalse();
                assertThat(c.places().isEmpty() || c.scenario().isBlank()).as(c.name() + ": places or the scenario, not both").isTrue();
                c.places().forEach(p -> assertThat(p).as(c.name() + " claims a prefecture or a county").matches("\\d{4}|\\d{6}"));
            }
        }
    }

    @Test
    void claimsDoNotOverlapAndStayOutOfTheScenario() throws Exception {
        Map<String, String> owner = new LinkedHashMap<>();
        for (Claimant c : claimants()) {
            for (String place : c.places()) {
                assertThat(place.startsWith(SCENARIO)).as(c.name() + " claims " + place + " in the demo scenario's Liupanshui").isFalse();
                owner.forEach((other, by) -> assertThat(place.startsWith(other) || other.startsWith(place))
                        .as(c.name() + " claims " + place + ", which overlaps " + other + " of " + by).isFalse());
                owner.put(place, c.name());
            }
        }
    }

    @Test
    void noClassNamesAPlaceAnotherClassClaims() throws Exception {
        List<Claimant> all = claimants();
        List<String> trespasses = new ArrayList<>();
        for (Claimant c : all) {
            Matcher m = CODE.matcher(c.source());
            while (m.find()) {
                String code = m.group(1);
                for (Claimant other : all) {
                    if (other != c && other.places().stream().anyMatch(code::startsWith)) {
                        trespasses.add(c.name() + " names " + code + ", claimed by " + other.name());
                    }
                }
            }
        }
        assertThat(trespasses).isEmpty();
    }
}
