package org.counterpart.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PeriodTest {

    @Provide
    Arbitrary<Period> periods() {
        Arbitrary<Integer> years = Arbitraries.integers().between(2000, 2100);
        return Arbitraries.oneOf(
                Combinators.combine(years, Arbitraries.integers().between(1, 12)).as(Period::month),
                Combinators.combine(years, Arbitraries.integers().between(1, 4)).as(Period::quarter),
                years.map(Period::year),
                Combinators.combine(years, Arbitraries.integers().between(1, 12)).as(Period::yearToDate));
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.integers().between(0, 40_000).map(d -> LocalDate.of(1999, 1, 1).plusDays(d));
    }

    @Property
    void theWrittenFormReadsBack(@ForAll("periods") Period p) {
        assertThat(Period.parse("period", p.toString())).isEqualTo(p);
    }

    @Property
    void aPeriodContainsExactlyTheDaysFromItsStartToItsEnd(@ForAll("periods") Period p, @ForAll("dates") LocalDate d) {
        assertThat(p.contains(d)).isEqualTo(!d.isBefore(p.start()) && !d.isAfter(p.end()));
        assertThat(p.contains(p.start())).isTrue();
        assertThat(p.contains(p.end())).isTrue();
        assertThat(p.contains(p.start().minusDays(1))).isFalse();
        assertThat(p.contains(p.end().plusDays(1))).isFalse();
    }

    @Property
    void theShareElapsedGrowsFromNothingToAll(@ForAll("periods") Period p, @ForAll("dates") LocalDate d) {
        BigDecimal share = p.shareElapsed(d);
        assertThat(share).isBetween(BigDecimal.ZERO, BigDecimal.ONE);
        assertThat(p.shareElapsed(d.plusDays(1))).isGreaterThanOrEqualTo(share);
        assertThat(p.shareElapsed(p.start().minusDays(1))).isEqualByComparingTo("0");
        assertThat(p.shareElapsed(p.end())).isEqualByComparingTo("1");
    }

    @Property
    void monthsAndQuartersLieInsideTheirYear(@ForAll("periods") Period p) {
        Period year = Period.year(p.year());
        assertThat(year.contains(p.start()) && year.contains(p.end())).isTrue();
        assertThat(p.label(Locale.CHINA)).startsWith(p.year() + "年");
        assertThat(p.label(Locale.ENGLISH)).endsWith(Integer.toString(p.year()));
    }

    @Test
    void labelsInBothLanguages() {
        assertThat(Period.month(2018, 9).label(Locale.SIMPLIFIED_CHINESE)).isEqualTo("2018年9月");
        assertThat(Period.month(2018, 9).label(Locale.ENGLISH)).isEqualTo("Sep 2018");
        assertThat(Period.quarter(2018, 3).label(Locale.SIMPLIFIED_CHINESE)).isEqualTo("2018年第三季度");
        assertThat(Period.quarter(2018, 3).label(Locale.ENGLISH)).isEqualTo("Q3 2018");
        assertThat(Period.year(2018).label(Locale.SIMPLIFIED_CHINESE)).isEqualTo("2018年");
        assertThat(Period.yearToDate(2018, 9).label(Locale.SIMPLIFIED_CHINESE)).isEqualTo("2018年1—9月");
        assertThat(Period.yearToDate(2018, 9).label(Locale.ENGLISH)).isEqualTo("Jan–Sep 2018");
    }

    @Test
    void startsEndsAndShares() {
        Period q3 = Period.parse("period", "2018Q3");
        assertThat(q3.start()).isEqualTo(LocalDate.of(2018, 7, 1));
        assertThat(q3.end()).isEqualTo(LocalDate.of(2018, 9, 30));
        assertThat(q3.days()).isEqualTo(92);
        assertThat(Period.month(2016, 2).end()).isEqualTo(LocalDate.of(2016, 2, 29));
        assertThat(q3.shareElapsed(LocalDate.of(2018, 8, 15))).isEqualByComparingTo("0.5000");
        assertThat(Period.parse("period", "2018-01/2018-09").end()).isEqualTo(LocalDate.of(2018, 9, 30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2018-13", "2018-00", "2018Q5", "1999", "2101-01", "2018-9", "2018-02/2018-09", "2017-01/2018-09", "Q3 2018", "2018年"})
    void otherTextIsRefused(String raw) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Period.parse("period", raw));
        assertThat(e).as(raw).isNotNull();
        assertThat(e.field()).isEqualTo("period");
        assertThat(e.messageKey()).isEqualTo("period.invalid");
    }
}
