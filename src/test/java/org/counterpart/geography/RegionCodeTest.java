package org.counterpart.geography;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.counterpart.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RegionCodeTest {

    private static final RegionCode VILLAGE = new RegionCode("520201001001");

    private static RegionCode code(String value) {
        return new RegionCode(value);
    }

    private static InvalidInputException refusalOf(Runnable action) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, action::run);
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("regionCode");
        return e;
    }

    @ParameterizedTest
    @CsvSource({
            "52, PROVINCE",
            "5202, CITY",
            "520201, COUNTY",
            "520201001, TOWN",
            "520201001001, VILLAGE"
    })
    void theLevelOfACodeFollowsFromItsLength(String value, RegionLevel level) {
        assertThat(code(value).level()).isEqualTo(level);
    }

    @Test
    void theEmptyCodeIsTheNation() {
        assertThat(code("")).isEqualTo(RegionCode.NATION);
        assertThat(RegionCode.NATION.level()).isEqualTo(RegionLevel.NATION);
        assertThat(RegionCode.NATION.parent()).isEmpty();
        assertThat(RegionCode.NATION.lineage()).isEmpty();
        assertThat(RegionCode.NATION.county()).isEmpty();
    }

    @Test
    void theParentOfEachLevelIsTheNextLevelUp() {
        assertThat(VILLAGE.parent()).contains(code("520201001"));
        assertThat(code("520201001").parent()).contains(code("520201"));
        assertThat(code("520201").parent()).contains(code("5202"));
        assertThat(code("5202").parent()).contains(code("52"));
        assertThat(code("52").parent()).contains(RegionCode.NATION);
    }

    @Test
    void theLineageRunsFromTheProvinceDownToTheCodeItself() {
        assertThat(VILLAGE.lineage()).containsExactly(
                code("52"), code("5202"), code("520201"), code("520201001"), VILLAGE);
        assertThat(code("52").lineage()).containsExactly(code("52"));
    }

    @Test
    void aVillageLiesInItsTownCountyCityAndProvinceAndInTheNation() {
        for (String ancestor : List.of("520201001", "520201", "5202", "52", "")) {
            assertThat(code(ancestor).covers(VILLAGE)).as("%s covers the village", ancestor).isTrue();
        }
        assertThat(VILLAGE.covers(VILLAGE)).isTrue();
    }

    @Test
    void aVillageDoesNotLieInANeighbouringCounty() {
        assertThat(code("520203").covers(VILLAGE)).isFalse();
        assertThat(code("5203").covers(VILLAGE)).isFalse();
        assertThat(code("520201002").covers(VILLAGE)).isFalse();
    }

    @Test
    void aRegionDoesNotLieInItsOwnDescendants() {
        assertThat(VILLAGE.covers(code("520201"))).isFalse();
        assertThat(code("52").covers(RegionCode.NATION)).isFalse();
    }

    @Test
    void theCountyIsTheFirstSixDigitsAtOrBelowCountyLevel() {
        assertThat(VILLAGE.county()).contains("520201");
        assertThat(code("520201001").county()).contains("520201");
        assertThat(code("520201").county()).contains("520201");
        assertThat(code("5202").county()).isEmpty();
        assertThat(code("52").county()).isEmpty();
    }

    @Test
    void codesAreOrderedAsText() {
        List<RegionCode> codes = new ArrayList<>(List.of(code("5203"), VILLAGE, code("52"), RegionCode.NATION));
        codes.sort(null);
        assertThat(codes).containsExactly(RegionCode.NATION, code("52"), VILLAGE, code("5203"));
        assertThat(VILLAGE).hasToString("520201001001");
    }

    @Test
    void aMissingCodeIsRefused() {
        assertThat(refusalOf(() -> new RegionCode(null)).messageKey()).isEqualTo("region.code.missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"52a2", "52 2", "５２", "-520", "52.0"})
    void aCodeWithAnythingButAsciiDigitsIsRefused(String value) {
        InvalidInputException e = refusalOf(() -> new RegionCode(value));
        assertThat(e.messageKey()).isEqualTo("region.code.notDigits");
        assertThat(e.arguments()).containsExactly(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "520", "52020", "5202010", "52020100", "5202010010", "52020100100", "5202010010010"})
    void aCodeOfALengthNoLevelHasIsRefusedWithItsLength(String value) {
        InvalidInputException e = refusalOf(() -> new RegionCode(value));
        assertThat(e.messageKey()).isEqualTo("region.code.badLength");
        assertThat(e.arguments()).containsExactly(value, value.length());
    }

    @Test
    void parsingMakesFullWidthDigitsHalfWidth() {
        assertThat(RegionCode.parse("５２０２０１")).isEqualTo(code("520201"));
        assertThat(RegionCode.parse("５２０２01００１００１")).isEqualTo(VILLAGE);
    }

    @Test
    void parsingDropsSurroundingAndIdeographicSpaces() {
        assertThat(RegionCode.parse("  520201 ")).isEqualTo(code("520201"));
        assertThat(RegionCode.parse("\u3000520201\u3000")).isEqualTo(code("520201"));
        assertThat(RegionCode.parse("520201\u3000001\u3000001")).isEqualTo(VILLAGE);
    }

    @Test
    void parsingRefusesBlankInputAsMissing() {
        assertThat(refusalOf(() -> RegionCode.parse(null)).messageKey()).isEqualTo("region.code.missing");
        assertThat(refusalOf(() -> RegionCode.parse("   ")).messageKey()).isEqualTo("region.code.missing");
        assertThat(refusalOf(() -> RegionCode.parse("\u3000")).messageKey()).isEqualTo("region.code.missing");
    }

    @Test
    void parsingStillRefusesLettersAndBadLengths() {
        assertThat(refusalOf(() -> RegionCode.parse("52Ａ2")).messageKey()).isEqualTo("region.code.notDigits");
        assertThat(refusalOf(() -> RegionCode.parse("５２０")).messageKey()).isEqualTo("region.code.badLength");
    }

    @Provide
    Arbitrary<String> validCodes() {
        return Arbitraries.of(0, 2, 4, 6, 9, 12)
                .flatMap(n -> Arbitraries.strings().numeric().ofLength(n));
    }

    @Property
    void everyCodeInTheLineageCoversTheCode(@ForAll("validCodes") String value) {
        RegionCode code = code(value);
        List<RegionCode> lineage = code.lineage();

        assertThat(lineage).allSatisfy(ancestor -> assertThat(ancestor.covers(code)).isTrue());
        if (!value.isEmpty()) {
            assertThat(lineage).last().isEqualTo(code);
        }
        assertThat(lineage).hasSize(code.level().ordinal());
    }

    @Property
    void theParentOfAnyCodeButTheNationCoversIt(@ForAll("validCodes") String value) {
        RegionCode code = code(value);
        if (code.level() == RegionLevel.NATION) {
            assertThat(code.parent()).isEmpty();
            return;
        }
        RegionCode parent = code.parent().orElseThrow();

        assertThat(parent.covers(code)).isTrue();
        assertThat(parent.level().ordinal()).isEqualTo(code.level().ordinal() - 1);
        assertThat(code.covers(parent)).isFalse();
    }
}
