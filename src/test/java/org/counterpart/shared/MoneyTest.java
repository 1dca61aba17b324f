package org.counterpart.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MoneyTest {

    private static String refusal(String raw) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Money.parseSigned("amount", raw));
        assertThat(e).as(raw).isNotNull();
        assertThat(e.field()).isEqualTo("amount");
        return e.messageKey();
    }

    @Provide
    Arbitrary<BigDecimal> amounts() {
        return Arbitraries.bigDecimals().between(Money.LIMIT.negate(), Money.LIMIT).ofScale(2)
                .filter(a -> a.abs().compareTo(Money.LIMIT) < 0)
                .edgeCases(c -> c.add(BigDecimal.ZERO.setScale(2)).add(new BigDecimal("9999999999.99")).add(new BigDecimal("0.01")));
    }

    @Property
    void thePlainFormReadsBackAsTheSameAmount(@ForAll("amounts") BigDecimal yuan) {
        Money m = new Money(yuan);
        assertThat(Money.parseSigned("amount", m.toString())).contains(m);
        assertThat(m.yuan().scale()).isEqualTo(2);
    }

    @Property
    void groupedWithEitherCommaItReadsBackAsTheSameAmount(@ForAll("amounts") BigDecimal yuan) {
        String grouped = Money.grouped(yuan);
        assertThat(Money.parseSigned("amount", grouped)).contains(new Money(yuan));
        assertThat(Money.parseSigned("amount", "¥" + grouped.replace(',', '，') + "元")).contains(new Money(yuan));
    }

    @Property
    void zerosBeyondTheFenChangeNothing(@ForAll("amounts") BigDecimal yuan, @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 4) int zeros) {
        assertThat(Money.parseSigned("amount", yuan.toPlainString() + "0".repeat(zeros))).contains(new Money(yuan));
    }

    @Property
    void aThirdDecimalThatCountsIsRefused(@ForAll("amounts") BigDecimal yuan, @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 9) int digit) {
        assertThat(refusal(yuan.toPlainString() + digit)).isEqualTo("import.money.fen");
    }

    @Property
    void negativesAreRefusedUnlessTheFieldMayRecordALoss(@ForAll("amounts") BigDecimal yuan) {
        if (yuan.signum() < 0) {
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Money.parse("amount", yuan.toPlainString()));
            assertThat(e.messageKey()).isEqualTo("import.money.negative");
        } else {
            assertThat(Money.parse("amount", yuan.toPlainString())).contains(new Money(yuan));
        }
    }

    @Property
    void anythingAtOrBeyondTheLimitIsRefused(@ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = Long.MAX_VALUE / 2) long over) {
        BigDecimal amount = Money.LIMIT.add(BigDecimal.valueOf(over));
        assertThat(refusal(amount.toPlainString())).isEqualTo("import.money.tooLarge");
        assertThat(refusal("-" + amount.toPlainString())).isEqualTo("import.money.tooLarge");
    }

    @Property
    void wanIsTheAmountInTenThousandsRoundedHalfUp(@ForAll("amounts") BigDecimal yuan) {
        BigDecimal wan = new Money(yuan).wan();
        assertThat(wan.scale()).isEqualTo(2);
        // never more than half a hundredth of 万元 (50 yuan) off
        assertThat(wan.movePointRight(4).subtract(yuan).abs()).isLessThanOrEqualTo(new BigDecimal("50"));
        NumberFormat f = NumberFormat.getNumberInstance(Locale.CHINA);
        f.setMinimumFractionDigits(2);
        assertThat(Money.wanText(yuan)).isEqualTo(f.format(wan));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12.300|12.30", "12|12.00", "1,234,567.5|1234567.50", "￥ 88 元|88.00", ".5|0.50", "-0.00|0.00", "  3 |3.00"})
    void whatPeopleWriteIsRead(String raw, String yuan) {
        assertThat(Money.parseSigned("amount", raw)).contains(Money.of(yuan));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12,5", "1,23,456", "1e3", "12元5", "abc", "1.2.3", "--1", "12 000", "NaN", ","})
    void notNumbersAreRefused(String raw) {
        assertThat(refusal(raw)).isEqualTo("import.number.invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "元", "¥"})
    void blankIsNoAmount(String raw) {
        assertThat(Money.parse("amount", raw)).isEmpty();
        assertThat(Money.parseSigned("amount", null)).isEmpty();
    }

    @Test
    void theLimitFitsTheNarrowestMoneyColumn() {
        // numeric(12, 2) holds at most 9,999,999,999.99
        assertThat(Money.parse("amount", "9999999999.99")).contains(Money.of("9999999999.99"));
        assertThat(refusal("10000000000")).isEqualTo("import.money.tooLarge");
    }
}
