package org.counterpart.planning;

import org.counterpart.shared.Period;

import java.util.Optional;

/** A month a unit has to report on, or a report returned to it (with the reason in the report). */
public record ReportDue(Plan plan, OwnerUnit unit, int year, int month, ReportWindow window, Optional<MonthlyReport> report) {

    public Period period() {
        return Period.month(year, month);
    }

    public boolean returned() {
        return report.map(r -> r.state() == ReportState.RETURNED).orElse(false);
    }
}
