package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.ResidentId;

import java.util.List;

/** One member row of an import after every field was checked. */
record ImportRow(int line, int year, String householdNo, RegionCode village, String name, ResidentId id,
                 String relation, String ethnicity, String education, String studentStatus, String health,
                 String laborAbility, String migrantWork, Integer migrantMonths, Boolean medicalInsurance,
                 Boolean pensionInsurance, String phone,
                 // household fields, repeated on every member's row; they must agree within a household
                 String attribute, String mainCause, List<String> otherCauses, String standard, String status,
                 Income income, Boolean dangerousHousing, Boolean safeWater, String cadreName, String cadreUnit) {

    String countyCode() {
        return village.value().substring(0, 6);
    }

    /** The household fields in a fixed order, to compare rows of one household. */
    List<Object> householdFields() {
        return java.util.Arrays.asList(village.value(), attribute, mainCause, String.join("、", otherCauses), standard, status,
                income.wage(), income.business(), income.transfer(), income.property(), income.costs(),
                dangerousHousing, safeWater, cadreName, cadreUnit);
    }

    static final List<String> HOUSEHOLD_COLUMNS = List.of(RegistryColumns.VILLAGE, RegistryColumns.ATTRIBUTE,
            RegistryColumns.MAIN_CAUSE, RegistryColumns.OTHER_CAUSES, RegistryColumns.STANDARD, RegistryColumns.STATUS,
            RegistryColumns.WAGE, RegistryColumns.BUSINESS, RegistryColumns.TRANSFER, RegistryColumns.PROPERTY,
            RegistryColumns.COSTS, RegistryColumns.DANGEROUS, RegistryColumns.WATER, RegistryColumns.CADRE,
            RegistryColumns.CADRE_UNIT);
}
