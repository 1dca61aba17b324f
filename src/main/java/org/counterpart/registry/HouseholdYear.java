package org.counterpart.registry;

import org.counterpart.geography.RegionCode;

import java.time.Instant;
import java.util.List;

/** What the registry says of one household in one year: the yearly fact, never overwritten by another year. */
public record HouseholdYear(long householdId, String householdNo, int year, String countyCode, RegionCode village,
                            String attribute, String mainCause, List<String> otherCauses, String standard, String status,
                            Income income, Boolean dangerousHousing, Boolean safeWater, String cadreName, String cadreUnit,
                            int memberCount, Instant recordedAt, String recordedBy, int version) {

    public java.math.BigDecimal netPerCapita() {
        return income.netPerCapita(memberCount);
    }
}
