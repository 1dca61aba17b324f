package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Likely duplicates in 务川县 (520326): the same name and birth date in one town, ID numbers one digit
 * apart or with two neighbouring digits swapped; other people of the same name are left alone, the
 * numbers never leave the service, and a dismissed pair stays dismissed.
 */
@IntegrationTest
@Claims("520326")
class DuplicatesTest {

    static final String ROW = "%s,%s,%s,%s,户主,,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018";

    // same name and birth date in town 520326001, numbers far apart (registered in two places)
    static final String SAME_BIRTH_1 = RegistryImportTest.validId("520326", "19660101", 21);
    static final String SAME_BIRTH_2 = RegistryImportTest.validId("530302", "19660101", 35);
    // one digit of the birth date mistyped (05 → 06), in two towns
    static final String ONE_DIGIT_1 = RegistryImportTest.validId("520326", "19700505", 41);
    static final String ONE_DIGIT_2 = RegistryImportTest.validId("520326", "19700605", 41);
    // month digits swapped (01 ↔ 10)
    static final String SWAPPED_1 = RegistryImportTest.validId("520326", "19800102", 51);
    static final String SWAPPED_2 = RegistryImportTest.validId("520326", "19801002", 51);
    // same name, nothing else alike
    static final String OTHER_1 = RegistryImportTest.validId("520326", "19550303", 61);
    static final String OTHER_2 = RegistryImportTest.validId("520326", "19880808", 72);
    // same name and birth date, but in different towns and with distant numbers
    static final String APART_1 = RegistryImportTest.validId("520326", "19721111", 83);
    static final String APART_2 = RegistryImportTest.validId("530303", "19721111", 94);

    static final List<String> NUMBERS = List.of(SAME_BIRTH_1, SAME_BIRTH_2, ONE_DIGIT_1, ONE_DIGIT_2, SWAPPED_1, SWAPPED_2,
            OTHER_1, OTHER_2, APART_1, APART_2);

    @LocalServerPort
    int port;

    @Autowired
    RegistryImport imports;

    @Autowired
    Duplicates duplicates;

    @TempDir
    Path dir;

    void registered() throws IOException {
        Path file = dir.resolve("registry-520326.csv");
        Files.write(file, List.of(String.join(",", RegistryGenerator.HEADERS),
                ROW.formatted("WC-001", "520326001001", "李双全", SAME_BIRTH_1),
                ROW.formatted("WC-002", "520326001002", "李双全", SAME_BIRTH_2),
                ROW.formatted("WC-003", "520326001003", "周一位", ONE_DIGIT_1),
                ROW.formatted("WC-004", "520326101001", "周一位", ONE_DIGIT_2),
                ROW.formatted("WC-005", "520326101002", "吴换位", SWAPPED_1),
                ROW.formatted("WC-006", "520326002004", "吴换位", SWAPPED_2),
                ROW.formatted("WC-007", "520326001004", "郑不同", OTHER_1),
                ROW.formatted("WC-008", "520326001005", "郑不同", OTHER_2),
                ROW.formatted("WC-009", "520326001006", "孙两地", APART_1),
                ROW.formatted("WC-010", "520326101201", "孙两地", APART_2)), StandardCharsets.UTF_8);
        RegistryImport.Result r = imports.run(file, file.getFileName().toString(), new RegistryImport.Options(false, OptionalInt.empty()), n -> { });
        assertThat(r.rowsRefused()).as(String.valueOf(r.problems())).isZero();
    }

    List<Duplicates.Pair> pairs(Optional<Duplicates.Decision> decision) {
        return duplicates.pairs(decision, Optional.of(new RegionCode("520326")), 0, 1000).items();
    }

    static Optional<Duplicates.Pair> named(List<Duplicates.Pair> pairs, String name) {
        return pairs.stream().filter(p -> p.a().name().equals(name)).findFirst();
    }

    @Test
    void findsTheSameNameAndBirthDateInOneTownAndOneDigitApartAndADismissedPairStaysDismissed() throws IOException {
        registered();
        List<Duplicates.Pair> open = pairs(Optional.empty());

        Duplicates.Pair sameBirth = named(open, "李双全").orElseThrow();
        assertThat(sameBirth.reasons()).containsExactly(Duplicates.Reason.SAME_NAME_BIRTH_DATE_TOWN);
        assertThat(List.of(sameBirth.a().households().get(0).householdNo(), sameBirth.b().households().get(0).householdNo()))
                .containsExactlyInAnyOrder("WC-001", "WC-002");

        Duplicates.Pair oneDigit = named(open, "周一位").orElseThrow();
        assertThat(oneDigit.reasons()).containsExactly(Duplicates.Reason.ONE_DIGIT_DIFFERENT);
        assertThat(List.of(oneDigit.a().idMasked(), oneDigit.b().idMasked()))
                .containsExactlyInAnyOrder(ONE_DIGIT_1.substring(0, 6) + "********" + ONE_DIGIT_1.substring(14),
                        ONE_DIGIT_2.substring(0, 6) + "********" + ONE_DIGIT_2.substring(14));

        assertThat(named(open, "郑不同")).isEmpty();
        assertThat(named(open, "孙两地")).isEmpty();
        // what leaves the service carries masked numbers only
        assertThat(open.toString()).satisfies(text -> NUMBERS.forEach(n -> assertThat(text).doesNotContain(n)));

        duplicates.decide(sameBirth.b().personId(), sameBirth.a().personId(), Duplicates.Decision.DISMISSED,
                "两人系不同人：同名同日生，经村委会核实", Optional.empty());
        registered(); // importing the registry again brings nothing back
        List<Duplicates.Pair> after = pairs(Optional.empty());
        assertThat(named(after, "李双全")).isEmpty();
        assertThat(named(after, "周一位")).isPresent();
        assertThat(named(pairs(Optional.of(Duplicates.Decision.DISMISSED)), "李双全")).get()
                .satisfies(p -> assertThat(p.decided().orElseThrow().note()).contains("经村委会核实"));

        // deciding again needs the version that was seen
        assertThatThrownBy(() -> duplicates.decide(sameBirth.a().personId(), sameBirth.b().personId(),
                Duplicates.Decision.CONFIRMED_DUPLICATE, "重复", Optional.empty())).isInstanceOf(ConcurrentEditException.class);
        assertThat(named(pairs(Optional.of(Duplicates.Decision.DISMISSED)), "李双全")).isPresent();
    }

    @Test
    void typoHelperFindsOneDigitAndNeighbourSwapsOnly() {
        assertThat(Duplicates.typo(ONE_DIGIT_1, ONE_DIGIT_2)).contains(Duplicates.Reason.ONE_DIGIT_DIFFERENT);
        assertThat(Duplicates.typo(SWAPPED_1, SWAPPED_2)).contains(Duplicates.Reason.NEIGHBOURS_SWAPPED);
        assertThat(Duplicates.typo(OTHER_1, OTHER_2)).isEmpty();
        assertThat(Duplicates.typo(SAME_BIRTH_1, SAME_BIRTH_2)).isEmpty();
    }

    @Test
    void aReviewerConfirmsASwappedPairOnThePageAndItIsListedForCorrection() throws IOException {
        registered();
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page page = admin.get("/registry/duplicates?region=520326");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("WC-005").contains("WC-006").contains(SWAPPED_1.substring(0, 6) + "********" + SWAPPED_1.substring(14));
        NUMBERS.forEach(n -> assertThat(page.body()).doesNotContain(n));

        Duplicates.Pair swapped = named(pairs(Optional.empty()), "吴换位").orElseThrow();
        assertThat(swapped.reasons()).containsExactly(Duplicates.Reason.NEIGHBOURS_SWAPPED);
        WebSession.Page decided = admin.post("/registry/duplicates/decide", Map.of("a", String.valueOf(swapped.a().personId()),
                "b", String.valueOf(swapped.b().personId()), "decision", "CONFIRMED_DUPLICATE", "note", "同一人，出生月份录错",
                "back", "/registry/duplicates?region=520326"));
        assertThat(decided.status()).isEqualTo(302);
        assertThat(decided.location()).endsWith("/registry/duplicates?region=520326");
        assertThat(admin.get("/registry/duplicates?region=520326").body()).doesNotContain("WC-005");
        assertThat(admin.get("/registry/duplicates?region=520326&decision=CONFIRMED_DUPLICATE").body())
                .contains("WC-005").contains("同一人，出生月份录错");

        // a reporter elsewhere sees none of them, and may not decide
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        assertThat(reporter.get("/registry/duplicates?region=520326").body()).doesNotContain("WC-00");
        assertThat(reporter.post("/registry/duplicates/decide", Map.of("a", String.valueOf(swapped.a().personId()),
                "b", String.valueOf(swapped.b().personId()), "decision", "DISMISSED", "note", "x")).status()).isEqualTo(403);
    }
}
