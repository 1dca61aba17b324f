package org.counterpart.registry;

/**
 * What an officer may correct in a household's fact of one year. Amounts are text as typed, so a
 * refusal can say exactly what was wrong with them. {@code exitOverride} is the reason an officer gives
 * for recording an exit whose conditions the registry does not show as met.
 */
public record HouseholdYearForm(String status, String attribute, String mainCause, String otherCauses, String standard,
                                String wage, String business, String transfer, String property, String costs,
                                Boolean dangerousHousing, Boolean safeWater, String cadreName, String cadreUnit, int version,
                                String exitOverride) {

    public static HouseholdYearForm of(HouseholdYear y) {
        return new HouseholdYearForm(y.status(), y.attribute(), y.mainCause(), String.join("、", y.otherCauses()), y.standard(),
                y.income().wage().toPlainString(), y.income().business().toPlainString(), y.income().transfer().toPlainString(),
                y.income().property().toPlainString(), y.income().costs().toPlainString(), y.dangerousHousing(), y.safeWater(),
                y.cadreName(), y.cadreUnit(), y.version(), "");
    }
}
