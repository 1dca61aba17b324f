package org.counterpart.registry;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a household may exit poverty in a year, condition by condition: per-capita net income above
 * the year's line, food and clothing secure, no school-age child out of school, every member in basic
 * medical insurance, safe housing and safe drinking water (两不愁三保障 and safe water). Every unmet
 * condition is named with the facts behind it, so an officer can act on it and an assessor can check it.
 */
@Component
public class ExitPolicy {

    /** The conditions, in the order officials check them. */
    public enum Condition {
        INCOME_ABOVE_LINE, FOOD_AND_CLOTHING, COMPULSORY_EDUCATION, MEDICAL_INSURANCE, SAFE_HOUSING, SAFE_WATER;

        public String messageKey() {
            return "exit.condition." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One condition's verdict; {@code detailKey} and its arguments say why it is not met. */
    public record Verdict(Condition condition, boolean met, String detailKey, List<Object> arguments) {
    }

    public record Evaluation(int year, List<Verdict> verdicts) {
        public boolean ready() {
            return verdicts.stream().allMatch(Verdict::met);
        }

        public List<Verdict> unmet() {
            return verdicts.stream().filter(v -> !v.met()).toList();
        }
    }

    /** School statuses that mean a child is not at school. */
    static final Set<String> OUT_OF_SCHOOL = Set.of("辍学", "非在校生");

    public Evaluation evaluate(HouseholdYear fact, List<Member> members, Optional<PovertyLines.Line> line) {
        List<Verdict> verdicts = new ArrayList<>();
        BigDecimal net = fact.netPerCapita();
        boolean incomeMet;
        if (line.isEmpty()) {
            incomeMet = false;
            verdicts.add(new Verdict(Condition.INCOME_ABOVE_LINE, false, "exit.detail.noLine", List.of(fact.year())));
        } else {
            incomeMet = net.compareTo(line.get().amount()) > 0;
            verdicts.add(new Verdict(Condition.INCOME_ABOVE_LINE, incomeMet, incomeMet ? "exit.detail.incomeAbove" : "exit.detail.incomeBelow",
                    List.of(net, line.get().amount())));
        }
        // The national export carries no separate food-and-clothing field; income above the line is
        // the evidence the registry has, so this condition follows it and says so.
        verdicts.add(new Verdict(Condition.FOOD_AND_CLOTHING, incomeMet, "exit.detail.foodFollowsIncome", List.of()));

        LocalDate schoolDay = LocalDate.of(fact.year(), 9, 1);
        List<String> outOfSchool = members.stream()
                .filter(m -> {
                    int age = m.ageOn(schoolDay);
                    return age >= 7 && age <= 15 && (m.studentStatus() == null || OUT_OF_SCHOOL.contains(m.studentStatus()));
                })
                .map(Member::name).toList();
        verdicts.add(new Verdict(Condition.COMPULSORY_EDUCATION, outOfSchool.isEmpty(),
                outOfSchool.isEmpty() ? "exit.detail.allAtSchool" : "exit.detail.outOfSchool", List.of(String.join("、", outOfSchool))));

        List<String> uninsured = members.stream().filter(m -> !Boolean.TRUE.equals(m.medicalInsurance())).map(Member::name).toList();
        verdicts.add(new Verdict(Condition.MEDICAL_INSURANCE, uninsured.isEmpty(),
                uninsured.isEmpty() ? "exit.detail.allInsured" : "exit.detail.uninsured", List.of(String.join("、", uninsured))));

        Boolean dangerous = fact.dangerousHousing();
        verdicts.add(new Verdict(Condition.SAFE_HOUSING, Boolean.FALSE.equals(dangerous),
                dangerous == null ? "exit.detail.notRecorded" : dangerous ? "exit.detail.dangerousHousing" : "exit.detail.safeHousing", List.of()));

        Boolean water = fact.safeWater();
        verdicts.add(new Verdict(Condition.SAFE_WATER, Boolean.TRUE.equals(water),
                water == null ? "exit.detail.notRecorded" : water ? "exit.detail.safeWater" : "exit.detail.unsafeWater", List.of()));
        return new Evaluation(fact.year(), verdicts);
    }
}
