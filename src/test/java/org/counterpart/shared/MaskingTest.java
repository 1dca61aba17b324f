package org.counterpart.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTest {

    @Test
    void aResidentIdNumberShowsItsRegionAndItsLastFour() {
        assertThat(Masking.idNumber("52020119900101123X")).isEqualTo("520201********123X");
        assertThat(Masking.idNumber("520201199001011234")).isEqualTo("520201********1234");
    }

    @Test
    void surroundingSpaceIsIgnored() {
        assertThat(Masking.idNumber(" 52020119900101123X ")).isEqualTo("520201********123X");
        assertThat(Masking.phone(" 13812345678\t")).isEqualTo("138****5678");
    }

    @ParameterizedTest
    @CsvSource({
            "520201900101123,   52***********23",
            "5202011990010112345, 52***************45",
            "12345678,          12****78",
            "1234567,           1*****7",
            "1234,              1**4",
            "123,               ***",
            "1,                 *",
    })
    void anIdNumberOfAnotherLengthShowsAtMostTwoAtEachEndAndAtMostHalf(String value, String masked) {
        assertThat(Masking.idNumber(value)).isEqualTo(masked);
    }

    @Test
    void aMobileNumberShowsItsNetworkPrefixAndItsLastFour() {
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    }

    @ParameterizedTest
    @CsvSource({
            "085112345678,      ********5678",
            "0851-1234567,      ********4567",
            "+8613812345678,    **********5678",
            "1381234567a,       *******567a",
            "12345,             ***45",
            "1234,              **34",
            "1,                 *",
    })
    void aPhoneNumberOfAnotherShapeShowsOnlyItsLastFourAndAtMostHalf(String value, String masked) {
        assertThat(Masking.phone(value)).isEqualTo(masked);
    }

    @Test
    void missingOrBlankBecomesEmpty() {
        assertThat(Masking.idNumber(null)).isEmpty();
        assertThat(Masking.idNumber("")).isEmpty();
        assertThat(Masking.idNumber("   ")).isEmpty();
        assertThat(Masking.phone(null)).isEmpty();
        assertThat(Masking.phone("")).isEmpty();
        assertThat(Masking.phone(" \t")).isEmpty();
    }

    @Test
    void charactersOutsideTheBmpAreNeverCutInHalf() {
        String masked = Masking.idNumber("𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇");

        assertThat(masked).isEqualTo("𠀀𠀁****𠀆𠀇");
        assertThat(masked.codePointCount(0, masked.length())).isEqualTo(8);
    }
}
