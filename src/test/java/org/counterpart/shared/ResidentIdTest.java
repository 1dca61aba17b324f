package org.counterpart.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.counterpart.shared.ResidentId.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ResidentIdTest {

    /** The example printed in GB 11643-1999 itself. */
    private static final String STANDARD_EXAMPLE = "11010519491231002X";

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * An independent reference of the check (ISO 7064 MOD 11-2 as the standard states it): weight
     * of position i is 2^(18-i) mod 11, computed rather than copied from a table, and the check value
     * c is the one that makes the weighted sum including c (weight 1) congruent to 1 mod 11; 10 is X.
     */
    private static char referenceCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int weight = 1;
            for (int k = 0; k < 17 - i; k++) {
                weight = weight * 2 % 11;
            }
            sum += Character.digit(first17.charAt(i), 10) * weight;
        }
        int c = ((1 - sum) % 11 + 11) % 11;
        return c == 10 ? 'X' : (char) ('0' + c);
    }

    private static String number(String address, LocalDate born, int sequence) {
        String first17 = address + born.format(YYYYMMDD) + String.format("%03d", sequence);
        return first17 + referenceCheck(first17);
    }

    private static LocalDate todayInChina() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    private static InvalidInputException refusalOf(String raw) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ResidentId.parse(raw));
        assertThat(e).as("refusal of %s", raw).isNotNull();
        assertThat(e.field()).isEqualTo("idNumber");
        return e;
    }

    // --- the standard's example and the check ------------------------------------------------

    @Test
    void theStandardsOwnExampleIsValidAndSaysWhoItIs() {
        assertThat(referenceCheck(STANDARD_EXAMPLE.substring(0, 17))).isEqualTo('X');
        assertThat(ResidentId.checkCharacter(STANDARD_EXAMPLE.substring(0, 17))).isEqualTo('X');

        ResidentId.Parsed parsed = ResidentId.parse(STANDARD_EXAMPLE);
        ResidentId id = parsed.id();

        assertThat(parsed.upgradedFrom15()).isFalse();
        assertThat(id.value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(id.addressCode()).isEqualTo("110105");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.sex()).isEqualTo(Sex.FEMALE);
        assertThat(id.masked()).isEqualTo("110105********002X");
    }

    @Test
    void theWeightsAreThePowersOfTwoModuloEleven() {
        // a number with a single 1 at position i and zeros elsewhere has weighted sum 2^(17-i) mod 11
        for (int i = 0; i < 17; i++) {
            StringBuilder first17 = new StringBuilder("0".repeat(17));
            first17.setCharAt(i, '1');
            assertThat(ResidentId.checkCharacter(first17.toString()))
                    .as("position %d", i + 1)
                    .isEqualTo(referenceCheck(first17.toString()));
        }
    }

    @Test
    void everyRemainderFromZeroToTenMapsToTheCharacterTheStandardTabulates() {
        // position 8 weighs 1 and position 7 weighs 2, so these two digits reach every remainder
        String table = "10X98765432";
        for (int r = 0; r <= 10; r++) {
            StringBuilder first17 = new StringBuilder("0".repeat(17));
            first17.setCharAt(6, r == 10 ? '5' : '0');
            first17.setCharAt(7, r == 10 ? '0' : (char) ('0' + r));
            assertThat(ResidentId.checkCharacter(first17.toString())).as("remainder %d", r).isEqualTo(table.charAt(r));
            assertThat(referenceCheck(first17.toString())).as("reference, remainder %d", r).isEqualTo(table.charAt(r));
        }
    }

    @Test
    void theCheckCharacterHelperWantsExactlySeventeenDigitsAndNeverEchoesThem() {
        assertThatThrownBy(() -> ResidentId.checkCharacter("1101051949123100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1101051949123100");
        assertThatThrownBy(() -> ResidentId.checkCharacter("11010519491231A02"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("11010519491231A02");
        assertThatThrownBy(() -> ResidentId.checkCharacter(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- refusals -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u3000\u3000", "\t", "\u00A0"})
    void aMissingNumberIsRefusedAsMissing(String blank) {
        InvalidInputException e = refusalOf(blank);
        assertThat(e.messageKey()).isEqualTo("residentId.missing");
        assertThat(e.arguments()).isEmpty();

        assertThat(refusalOf(null).messageKey()).isEqualTo("residentId.missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.20201E+17", "5.20201199001011E17", "5.20201e+17", " 5.20201E+17 ", "５．２０２０１Ｅ＋１７", "5E+17"})
    void aNumberThatASpreadsheetTurnedIntoScientificNotationIsRefusedWithAHint(String raw) {
        InvalidInputException e = refusalOf(raw);

        assertThat(e.messageKey()).isEqualTo("residentId.scientific");
        assertThat(e.arguments()).containsExactly(raw.strip());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 14, 16, 17, 19, 20})
    void aNumberOfAnyLengthButFifteenOrEighteenIsRefusedWithItsLength(int length) {
        String raw = (STANDARD_EXAMPLE.substring(0, 17) + "0123").substring(0, Math.min(length, 21));

        InvalidInputException e = refusalOf(raw);

        assertThat(e.messageKey()).isEqualTo("residentId.length");
        assertThat(e.arguments()).containsExactly(length);
    }

    @Test
    void theLengthIsCountedAfterSpacesAreTakenOut() {
        InvalidInputException e = refusalOf(" 110105 19491231 002 ");
        assertThat(e.messageKey()).isEqualTo("residentId.length");
        assertThat(e.arguments()).containsExactly(17);
    }

    @Test
    void aLetterAmongTheFirstSeventeenIsRefusedWithItsPositionAndTheLetter() {
        InvalidInputException e = refusalOf("110105194912310O2X");

        assertThat(e.messageKey()).isEqualTo("residentId.characters");
        assertThat(e.arguments()).containsExactly(16, "O");
    }

    @Test
    void anXAnywhereButTheLastPlaceIsRefused() {
        InvalidInputException e = refusalOf("1101051949123100XX");

        assertThat(e.messageKey()).isEqualTo("residentId.characters");
        assertThat(e.arguments()).containsExactly(17, "X");
    }

    @Test
    void aLastCharacterThatIsNeitherADigitNorXIsRefused() {
        InvalidInputException e = refusalOf("11010519491231002Y");

        assertThat(e.messageKey()).isEqualTo("residentId.characters");
        assertThat(e.arguments()).containsExactly(18, "Y");
    }

    @Test
    void punctuationIsRefusedAtItsPosition() {
        InvalidInputException e = refusalOf("110105-19491231-02");

        assertThat(e.messageKey()).isEqualTo("residentId.characters");
        assertThat(e.arguments()).containsExactly(7, "-");
    }

    @Test
    void anOldFifteenDigitNumberHasNoCheckCharacterSoAnXThereIsRefused() {
        InvalidInputException e = refusalOf("11010549123100X");

        assertThat(e.messageKey()).isEqualTo("residentId.characters");
        assertThat(e.arguments()).containsExactly(15, "X");
    }

    @ParameterizedTest
    @ValueSource(strings = {"19900230", "19900431", "19901301", "19900001", "19900100", "18991231", "00000000"})
    void aBirthDateThatDoesNotExistOrLiesBefore1900IsRefusedWithTheEightDigits(String birth) {
        String first17 = "520201" + birth + "123";
        InvalidInputException e = refusalOf(first17 + referenceCheck(first17));

        assertThat(e.messageKey()).isEqualTo("residentId.birthDate");
        assertThat(e.arguments()).containsExactly(birth);
    }

    @Test
    void aBirthDateInTheFutureIsRefused() {
        LocalDate tomorrow = todayInChina().plusDays(1);
        InvalidInputException e = refusalOf(number("520201", tomorrow, 123));

        assertThat(e.messageKey()).isEqualTo("residentId.birthDate");
        assertThat(e.arguments()).containsExactly(tomorrow.format(YYYYMMDD));
    }

    @Test
    void aChildBornTodayOrOnTheFirstDayOf1900IsAccepted() {
        assertThat(ResidentId.parse(number("520201", todayInChina(), 1)).id().birthDate()).isBeforeOrEqualTo(todayInChina());
        assertThat(ResidentId.parse(number("520201", LocalDate.of(1900, 1, 1), 1)).id().birthDate())
                .isEqualTo(LocalDate.of(1900, 1, 1));
    }

    @Test
    void aWrongCheckCharacterIsRefusedWithTheActualAndTheExpectedCharacter() {
        InvalidInputException e = refusalOf("110105194912310027");

        assertThat(e.messageKey()).isEqualTo("residentId.check");
        assertThat(e.arguments()).containsExactly("7", "X");

        InvalidInputException x = refusalOf("52020119900101123X");
        assertThat(x.messageKey()).isEqualTo("residentId.check");
        assertThat(x.arguments()).containsExactly("X", String.valueOf(referenceCheck("52020119900101123")));
    }

    @Test
    void theCanonicalConstructorChecksAsStrictlyAsParse() {
        assertThatThrownBy(() -> new ResidentId("110105194912310027"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("residentId.check"));
        assertThatThrownBy(() -> new ResidentId(null))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("residentId.missing"));
    }

    // --- old numbers and the way people type --------------------------------------------------

    @Test
    void theOldFifteenDigitFormOfTheStandardsExampleIsUpgradedToTheExampleAndSaysSo() {
        ResidentId.Parsed parsed = ResidentId.parse("110105491231002");

        assertThat(parsed.upgradedFrom15()).isTrue();
        assertThat(parsed.id().value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(parsed.id()).isEqualTo(ResidentId.parse(STANDARD_EXAMPLE).id());
    }

    @Test
    void anOldFifteenDigitNumberGetsTheCenturyAndACheckComputedByTheReference() {
        // 520201 900101 123: Zhongshan district, born 1 January 1990, sequence 123 (a man)
        String upgraded17 = "520201" + "19" + "900101" + "123";
        char check = referenceCheck(upgraded17);

        ResidentId.Parsed parsed = ResidentId.parse("520201900101123");

        assertThat(parsed.upgradedFrom15()).isTrue();
        assertThat(parsed.id().value()).isEqualTo(upgraded17 + check);
        assertThat(parsed.id().birthDate()).isEqualTo(LocalDate.of(1990, 1, 1));
        assertThat(parsed.id().sex()).isEqualTo(Sex.MALE);
        assertThat(parsed.id().addressCode()).isEqualTo("520201");
    }

    @Test
    void anOldNumberWithADayThatDoesNotExistIsRefusedWithTheUpgradedDate() {
        InvalidInputException e = refusalOf("520201900230123");

        assertThat(e.messageKey()).isEqualTo("residentId.birthDate");
        assertThat(e.arguments()).containsExactly("19900230");
    }

    @Test
    void fullWidthDigitsAndLettersAreReadAsHalfWidth() {
        assertThat(ResidentId.parse("１１０１０５１９４９１２３１００２Ｘ").id().value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(ResidentId.parse("１１０１０５１９４９１２３１００２ｘ").id().value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(ResidentId.parse("１１０１０５４９１２３１００２").upgradedFrom15()).isTrue();
    }

    @Test
    void spacesOfEveryKindAreIgnoredAndALowerCaseXIsTheCheckCharacter() {
        assertThat(ResidentId.parse(" 110105 19491231 002x ").id().value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(ResidentId.parse("110105\u300019491231\u3000002X").id().value()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(ResidentId.parse("\t110105\u00A019491231002X\r\n").id().value()).isEqualTo(STANDARD_EXAMPLE);
    }

    @Test
    void theTwentyNinthOfFebruaryExistsOnlyInLeapYears() {
        assertThat(ResidentId.parse(number("520201", LocalDate.of(2000, 2, 29), 2)).id().birthDate())
                .isEqualTo(LocalDate.of(2000, 2, 29));
        assertThat(ResidentId.parse(number("520201", LocalDate.of(1996, 2, 29), 2)).id().birthDate())
                .isEqualTo(LocalDate.of(1996, 2, 29));

        for (String notLeap : new String[] {"19000229", "19990229", "20230229"}) {
            String first17 = "520201" + notLeap + "002";
            InvalidInputException e = refusalOf(first17 + referenceCheck(first17));
            assertThat(e.messageKey()).as(notLeap).isEqualTo("residentId.birthDate");
            assertThat(e.arguments()).containsExactly(notLeap);
        }
    }

    // --- what the number says -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void theSexIsTheParityOfTheSeventeenthDigit(int digit) {
        ResidentId id = ResidentId.parse(number("520201", LocalDate.of(1990, 1, 1), 120 + digit)).id();

        assertThat(id.sex()).isEqualTo(digit % 2 == 1 ? Sex.MALE : Sex.FEMALE);
    }

    @Test
    void theAgeIsInCompletedYears() {
        ResidentId id = ResidentId.parse(STANDARD_EXAMPLE).id();

        assertThat(id.age(LocalDate.of(1949, 12, 31))).isZero();
        assertThat(id.age(LocalDate.of(2018, 12, 30))).isEqualTo(68);
        assertThat(id.age(LocalDate.of(2018, 12, 31))).isEqualTo(69);
        assertThatThrownBy(() -> id.age(LocalDate.of(1949, 12, 30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(STANDARD_EXAMPLE);
    }

    @Test
    void someoneBornOnTheTwentyNinthOfFebruaryCompletesAYearOnTheFirstOfMarchInOtherYears() {
        ResidentId id = ResidentId.parse(number("520201", LocalDate.of(2000, 2, 29), 2)).id();

        assertThat(id.age(LocalDate.of(2001, 2, 28))).isZero();
        assertThat(id.age(LocalDate.of(2001, 3, 1))).isEqualTo(1);
        assertThat(id.age(LocalDate.of(2004, 2, 29))).isEqualTo(4);
    }

    // --- the number never leaks --------------------------------------------------------------

    @Test
    void theMaskedFormKeepsTheFirstSixAndTheLastFourCharacters() {
        String full = number("520201", LocalDate.of(1990, 1, 1), 123);
        ResidentId id = ResidentId.parse(full).id();

        assertThat(id.masked()).isEqualTo("520201********" + full.substring(14));
        assertThat(id.masked()).hasSize(18).startsWith("520201").contains("********");
        assertThat(ResidentId.parse(STANDARD_EXAMPLE).id().masked()).isEqualTo("110105********002X");
    }

    @Test
    void toStringIsTheMaskedFormSoLogsAndMessagesNeverCarryTheNumber() {
        ResidentId id = ResidentId.parse(STANDARD_EXAMPLE).id();
        String middle = STANDARD_EXAMPLE.substring(6, 14);

        assertThat(id.toString()).isEqualTo(id.masked()).doesNotContain(middle);
        assertThat(String.valueOf(id)).doesNotContain(middle);
        assertThat("member " + id + " imported").doesNotContain(middle);
        assertThat(String.format("%s", id)).doesNotContain(middle);
        assertThat(ResidentId.parse(STANDARD_EXAMPLE).toString()).doesNotContain(middle);
        assertThat(List.of(id).toString()).doesNotContain(middle);
    }

    @Test
    void aRefusalsMessageDoesNotCarryTheNumber() {
        InvalidInputException e = refusalOf("110105194912310027");
        assertThat(e.getMessage()).doesNotContain("19491231");
    }

    @Test
    void twoIdsAreEqualWhenTheirFullNumbersAreEqual() {
        ResidentId typed = ResidentId.parse("１１０１０５ １９４９１２３１ ００２ｘ").id();
        ResidentId old = ResidentId.parse("110105491231002").id();
        ResidentId other = ResidentId.parse(number("110105", LocalDate.of(1949, 12, 31), 4)).id();

        assertThat(typed).isEqualTo(new ResidentId(STANDARD_EXAMPLE)).isEqualTo(old).hasSameHashCodeAs(old);
        // same masked form, different people
        assertThat(other.masked().substring(0, 14)).isEqualTo(typed.masked().substring(0, 14));
        assertThat(other).isNotEqualTo(typed);
    }

    // --- properties -----------------------------------------------------------------------------

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.strings().numeric().ofLength(6);
    }

    @Provide
    Arbitrary<LocalDate> birthDates() {
        return Arbitraries.longs()
                .between(LocalDate.of(1900, 1, 1).toEpochDay(), todayInChina().minusDays(1).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<LocalDate> birthDatesOfTheTwentiethCentury() {
        return Arbitraries.longs()
                .between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(1999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<String> validNumbers() {
        return Combinators.combine(addresses(), birthDates(), Arbitraries.integers().between(0, 999))
                .as(ResidentIdTest::number);
    }

    @Property
    void anyAddressBirthDateAndSequenceMakeANumberThatParsesAndRoundTrips(@ForAll("addresses") String address,
                                                                           @ForAll("birthDates") LocalDate born,
                                                                           @ForAll @IntRange(min = 0, max = 999) int sequence) {
        String full = number(address, born, sequence);

        ResidentId.Parsed parsed = ResidentId.parse(full);
        ResidentId id = parsed.id();

        assertThat(parsed.upgradedFrom15()).isFalse();
        assertThat(id.value()).isEqualTo(full);
        assertThat(ResidentId.checkCharacter(full.substring(0, 17))).isEqualTo(full.charAt(17));
        assertThat(id.addressCode()).isEqualTo(address);
        assertThat(id.birthDate()).isEqualTo(born);
        assertThat(id.sex()).isEqualTo(sequence % 2 == 1 ? Sex.MALE : Sex.FEMALE);
        assertThat(ResidentId.parse(id.value()).id()).isEqualTo(id);
        assertThat(new ResidentId(id.value())).isEqualTo(id);
        assertThat(id.toString()).doesNotContain(full.substring(6, 14));
    }

    @Property
    void anyOldNumberOfTheTwentiethCenturyUpgradesToTheNumberWithTheCentury(@ForAll("addresses") String address,
                                                                             @ForAll("birthDatesOfTheTwentiethCentury") LocalDate born,
                                                                             @ForAll @IntRange(min = 0, max = 999) int sequence) {
        String old = address + born.format(DateTimeFormatter.ofPattern("yyMMdd")) + String.format("%03d", sequence);

        ResidentId.Parsed parsed = ResidentId.parse(old);

        assertThat(parsed.upgradedFrom15()).isTrue();
        assertThat(parsed.id().value()).isEqualTo(number(address, born, sequence));
    }

    @Property
    void changingAnyOneOfTheFirstSeventeenDigitsIsAlwaysDetected(@ForAll("validNumbers") String valid,
                                                                 @ForAll @IntRange(min = 0, max = 16) int position,
                                                                 @ForAll @IntRange(min = 1, max = 9) int shift) {
        char original = valid.charAt(position);
        char replacement = (char) ('0' + (original - '0' + shift) % 10);
        String changed = valid.substring(0, position) + replacement + valid.substring(position + 1);

        // the checksum alone catches it (every weight is nonzero mod 11 and the change is below 11) ...
        assertThat(ResidentId.checkCharacter(changed.substring(0, 17))).isNotEqualTo(valid.charAt(17));
        // ... and the number is refused, by the check or earlier by an impossible birth date
        assertThatThrownBy(() -> ResidentId.parse(changed))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isIn("residentId.check", "residentId.birthDate"));
    }

    @Property
    void swappingTwoNeighbouringDifferentDigitsAmongTheFirstSeventeenIsAlwaysDetected(
            @ForAll("validNumbers") String valid, @ForAll @IntRange(min = 0, max = 15) int position) {
        char a = valid.charAt(position);
        char b = valid.charAt(position + 1);
        Assume.that(a != b);
        String swapped = valid.substring(0, position) + b + a + valid.substring(position + 2);

        assertThat(ResidentId.checkCharacter(swapped.substring(0, 17))).isNotEqualTo(valid.charAt(17));
        assertThatThrownBy(() -> ResidentId.parse(swapped))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isIn("residentId.check", "residentId.birthDate"));
    }

    @Property
    void swappingTheSeventeenthDigitWithADifferentCheckCharacterIsAlwaysDetected(@ForAll("validNumbers") String valid) {
        char seventeenth = valid.charAt(16);
        char check = valid.charAt(17);
        Assume.that(seventeenth != check);
        String swapped = valid.substring(0, 16) + check + seventeenth;

        // an X moved into position 17 is refused as a character; a digit fails the check
        assertThatThrownBy(() -> ResidentId.parse(swapped))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isIn("residentId.check", "residentId.characters"));
    }

    /**
     * Why the transposition property can hold for every number: swapping digits a and b at positions
     * i and i+1 changes the weighted sum by (a - b)(w(i) - w(i+1)), and with 11 prime that is zero
     * mod 11 only if a = b or the two weights are equal mod 11. Neighbouring weights never are. The
     * weights repeat with period 10, though (positions 1 and 11 both weigh 7), so swapping digits ten
     * places apart is not always caught; this test pins that limit down too.
     */
    @Test
    void neighbouringWeightsDifferButWeightsTenPlacesApartAreEqual() {
        int[] weights = new int[17];
        for (int i = 0; i < 17; i++) {
            StringBuilder unit = new StringBuilder("0".repeat(17));
            unit.setCharAt(i, '1');
            // recover the weight from the helper: check for a lone 1 is "10X98765432"[w]
            weights[i] = "10X98765432".indexOf(ResidentId.checkCharacter(unit.toString()));
        }
        assertThat(weights).containsExactly(7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);
        for (int i = 0; i < 16; i++) {
            assertThat(weights[i]).as("positions %d and %d", i + 1, i + 2).isNotEqualTo(weights[i + 1]);
        }

        String valid = number("520201", LocalDate.of(1990, 1, 1), 123);
        String farSwap = valid.charAt(10) + valid.substring(1, 10) + valid.charAt(0) + valid.substring(11);
        assertThat(valid.charAt(0)).isNotEqualTo(valid.charAt(10));
        assertThat(ResidentId.checkCharacter(farSwap.substring(0, 17))).isEqualTo(valid.charAt(17));
    }
}
