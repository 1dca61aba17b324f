package org.counterpart.cooperation;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.counterpart.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SocialCreditCodeTest {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** Huawei Technologies Co., Ltd., Shenzhen: a published code. */
    private static final String HUAWEI = "914403001922038216";

    /**
     * An independent reference of GB 32100-2015: weights computed as 3^i mod 31 rather than taken from
     * a table, check value (31 - sum mod 31) mod 31.
     */
    private static char referenceCheck(String first17) {
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * weight;
            weight = weight * 3 % 31;
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    private static InvalidInputException refusalOf(String raw) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> new SocialCreditCode(raw));
        assertThat(e).as("refusal of %s", raw).isNotNull();
        assertThat(e.field()).isEqualTo("creditCode");
        return e;
    }

    @Test
    void aPublishedCodeIsAcceptedAndItsCheckCharacterMatchesTheReferenceComputation() {
        assertThat(referenceCheck(HUAWEI.substring(0, 17))).isEqualTo('6');
        assertThat(SocialCreditCode.checkCharacter(HUAWEI.substring(0, 17))).isEqualTo('6');

        SocialCreditCode code = new SocialCreditCode(HUAWEI);

        assertThat(code.value()).isEqualTo(HUAWEI);
        assertThat(code).hasToString(HUAWEI);
        assertThat(code.divisionCode()).isEqualTo("440300");
    }

    @Test
    void aCodeWhoseCheckIsALetterIsAcceptedToo() {
        String first17 = "91110000600037341";
        assertThat(referenceCheck(first17)).isEqualTo('L');
        assertThat(SocialCreditCode.checkCharacter(first17)).isEqualTo('L');
        assertThat(new SocialCreditCode(first17 + "L").divisionCode()).isEqualTo("110000");
    }

    @Test
    void aCheckValueOfZeroIsWrittenAsTheDigitZero() {
        // find a 17-character prefix whose weighted sum is a multiple of 31
        String prefix = null;
        for (char c : ALPHABET.toCharArray()) {
            String candidate = "9144030019220382" + c;
            if (referenceCheck(candidate) == '0') {
                prefix = candidate;
            }
        }
        assertThat(prefix).isNotNull();
        assertThat(SocialCreditCode.checkCharacter(prefix)).isEqualTo('0');
        assertThat(new SocialCreditCode(prefix + "0").value()).endsWith("0");
    }

    @Test
    void theWeightsAreThePowersOfThreeModuloThirtyOne() {
        // a code with a single 1 at position i and zeros elsewhere has check (31 - 3^i mod 31) mod 31
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            StringBuilder first17 = new StringBuilder("0".repeat(17));
            first17.setCharAt(i, '1');
            assertThat(SocialCreditCode.checkCharacter(first17.toString()))
                    .as("position %d", i + 1)
                    .isEqualTo(ALPHABET.charAt((31 - weight) % 31));
            weight = weight * 3 % 31;
        }
    }

    @Test
    void aCodeOfTheWrongLengthIsRefusedWithItsLength() {
        InvalidInputException shortOne = refusalOf(HUAWEI.substring(0, 17));
        assertThat(shortOne.messageKey()).isEqualTo("creditCode.length");
        assertThat(shortOne.arguments()).containsExactly(17);

        InvalidInputException longOne = refusalOf(HUAWEI + "0");
        assertThat(longOne.messageKey()).isEqualTo("creditCode.length");
        assertThat(longOne.arguments()).containsExactly(19);
    }

    @Test
    void aMissingOrBlankCodeIsRefusedAsHavingLengthZero() {
        assertThat(refusalOf(null).arguments()).containsExactly(0);
        assertThat(refusalOf("   ").arguments()).containsExactly(0);
        assertThat(refusalOf("").messageKey()).isEqualTo("creditCode.length");
    }

    @ParameterizedTest
    @ValueSource(chars = {'I', 'O', 'Z', 'S', 'V'})
    void aLetterTheStandardForbidsIsRefusedWithTheLetterAndItsPosition(char forbidden) {
        String code = HUAWEI.substring(0, 9) + forbidden + HUAWEI.substring(10);

        InvalidInputException e = refusalOf(code);

        assertThat(e.messageKey()).isEqualTo("creditCode.character");
        assertThat(e.arguments()).containsExactly(String.valueOf(forbidden), 10);
    }

    @Test
    void aForbiddenLetterInTheCheckPositionIsReportedAsPositionEighteen() {
        InvalidInputException e = refusalOf(HUAWEI.substring(0, 17) + "O");
        assertThat(e.messageKey()).isEqualTo("creditCode.character");
        assertThat(e.arguments()).containsExactly("O", 18);
    }

    @Test
    void punctuationIsRefusedAsAForbiddenCharacterAtItsPosition() {
        InvalidInputException e = refusalOf("9-4403001922038216");
        assertThat(e.messageKey()).isEqualTo("creditCode.character");
        assertThat(e.arguments()).containsExactly("-", 2);
    }

    @Test
    void aWrongCheckCharacterIsRefusedWithTheActualAndTheExpectedCharacter() {
        InvalidInputException e = refusalOf(HUAWEI.substring(0, 17) + "7");

        assertThat(e.messageKey()).isEqualTo("creditCode.check");
        assertThat(e.arguments()).containsExactly("7", "6");
    }

    @Test
    void lowerCaseLettersAreReadAsCapitals() {
        String code = "91110000600037341l";
        assertThat(new SocialCreditCode(code).value()).isEqualTo("91110000600037341L");
    }

    @Test
    void spacesTabsAndIdeographicSpacesAreIgnored() {
        assertThat(new SocialCreditCode(" 9144 0300 1922\t0382 16 ").value()).isEqualTo(HUAWEI);
        assertThat(new SocialCreditCode("914403\u3000001922038216").value()).isEqualTo(HUAWEI);
    }

    @Test
    void fullWidthDigitsAndLettersAreMadeHalfWidth() {
        assertThat(new SocialCreditCode("９１４４０３００１９２２０３８２１６").value()).isEqualTo(HUAWEI);
        assertThat(new SocialCreditCode("９１１１００００６０００３７３４１Ｌ").value()).isEqualTo("91110000600037341L");
        assertThat(new SocialCreditCode("９１１１００００６０００３７３４１ｌ").value()).isEqualTo("91110000600037341L");
    }

    @Test
    void theCheckCharacterOfAPrefixWithAForbiddenLetterIsRefused() {
        assertThatThrownBy(() -> SocialCreditCode.checkCharacter("9144030019220382I"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("creditCode.character");
                    assertThat(e.arguments()).containsExactly("I", 17);
                });
    }

    @Provide
    Arbitrary<String> first17() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofLength(17);
    }

    @Property
    void anySeventeenCharactersWithTheirCheckCharacterMakeAValidCode(@ForAll("first17") String first17) {
        char check = SocialCreditCode.checkCharacter(first17);

        assertThat(check).isEqualTo(referenceCheck(first17));
        assertThat(new SocialCreditCode(first17 + check).value()).isEqualTo(first17 + check);
    }

    @Property
    void changingAnySingleCharacterOfAValidCodeMakesItInvalid(@ForAll("first17") String first17,
                                                              @ForAll @IntRange(min = 0, max = 17) int position,
                                                              @ForAll @IntRange(min = 1, max = 30) int shift) {
        String valid = first17 + SocialCreditCode.checkCharacter(first17);
        char original = valid.charAt(position);
        char replacement = ALPHABET.charAt((ALPHABET.indexOf(original) + shift) % 31);
        String changed = valid.substring(0, position) + replacement + valid.substring(position + 1);

        assertThatThrownBy(() -> new SocialCreditCode(changed))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("creditCode.check"));
    }
}
