package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.ResidentId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExitPolicyTest {

    static final PovertyLines.Line LINE_2018 = new PovertyLines.Line(2018, "", new BigDecimal("2995.00"), false, "test");

    static HouseholdYear fact(String wage, int members, Boolean dangerous, Boolean water) {
        return new HouseholdYear(1, "H1", 2018, "520201", new RegionCode("520201011001"), "一般贫困户", "因病", List.of(), "国家",
                "未脱贫", new Income(new BigDecimal(wage), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO),
                dangerous, water, null, null, members, Instant.now(), "test", 0);
    }

    static Member member(String name, LocalDate born, String school, Boolean insured) {
        return new Member(1, name, "520201********0011", ResidentId.Sex.MALE, born, "之子", null, null, school, null, null, null,
                null, insured, null, null);
    }

    final ExitPolicy policy = new ExitPolicy();

    @Test
    void aHouseholdAboveTheLineWithAllGuaranteesMayExit() {
        var e = policy.evaluate(fact("9000", 2, false, true),
                List.of(member("张一", LocalDate.of(1980, 1, 1), null, true), member("张二", LocalDate.of(2008, 3, 1), "小学", true)),
                Optional.of(LINE_2018));
        assertThat(e.ready()).isTrue();
        assertThat(e.unmet()).isEmpty();
    }

    @Test
    void everyUnmetConditionIsNamedWithItsFacts() {
        var e = policy.evaluate(fact("5000", 2, true, false),
                List.of(member("李父", LocalDate.of(1975, 1, 1), null, false), member("李娃", LocalDate.of(2006, 5, 5), "辍学", true)),
                Optional.of(LINE_2018));
        assertThat(e.ready()).isFalse();
        assertThat(e.unmet()).extracting(ExitPolicy.Verdict::condition).containsExactly(
                ExitPolicy.Condition.INCOME_ABOVE_LINE, ExitPolicy.Condition.FOOD_AND_CLOTHING,
                ExitPolicy.Condition.COMPULSORY_EDUCATION, ExitPolicy.Condition.MEDICAL_INSURANCE,
                ExitPolicy.Condition.SAFE_HOUSING, ExitPolicy.Condition.SAFE_WATER);
        assertThat(e.unmet().get(0).arguments()).containsExactly(new BigDecimal("2500.00"), new BigDecimal("2995.00"));
        assertThat(e.unmet().get(2).arguments()).containsExactly("李娃");
        assertThat(e.unmet().get(3).arguments()).containsExactly("李父");
    }

    @Test
    void incomeExactlyOnTheLineIsNotAbove() {
        var e = policy.evaluate(fact("2995", 1, false, true), List.of(member("王", LocalDate.of(1960, 1, 1), null, true)), Optional.of(LINE_2018));
        assertThat(e.unmet()).extracting(ExitPolicy.Verdict::condition).contains(ExitPolicy.Condition.INCOME_ABOVE_LINE);
    }

    @Test
    void unrecordedHousingOrWaterIsNotTakenAsSafe() {
        var e = policy.evaluate(fact("9000", 1, null, null), List.of(member("王", LocalDate.of(1960, 1, 1), null, true)), Optional.of(LINE_2018));
        assertThat(e.unmet()).extracting(ExitPolicy.Verdict::detailKey).containsOnly("exit.detail.notRecorded");
    }

    @Test
    void withoutALineForTheYearIncomeCannotBeJudged() {
        var e = policy.evaluate(fact("9000", 1, false, true), List.of(member("王", LocalDate.of(1960, 1, 1), null, true)), Optional.empty());
        assertThat(e.unmet().get(0).detailKey()).isEqualTo("exit.detail.noLine");
    }
}
