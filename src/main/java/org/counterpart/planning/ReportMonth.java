package org.counterpart.planning;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Every unit's report for one month of a plan, with completeness (units that handed the month in, of all
 * units with targets) and timeliness (of those, the share handed in before the window closed), and the
 * units overdue: no report handed in although the window has closed.
 */
public record ReportMonth(Plan plan, int year, int month, ReportWindow window, List<Row> rows, List<OwnerUnit> overdue) {

    /** One unit: its report if it has one (a unit that never opened the month has none). */
    public record Row(OwnerUnit unit, Optional<MonthlyReport> report) {
        public boolean handedIn() {
            return report.map(r -> r.state().handedIn()).orElse(false);
        }

        public boolean onTime() {
            return handedIn() && !report.get().late();
        }
    }

    public long handedIn() {
        return rows.stream().filter(Row::handedIn).count();
    }

    public long onTime() {
        return rows.stream().filter(Row::onTime).count();
    }

    /** Share of units that handed the month in, 0–100 with one decimal. */
    public BigDecimal completeness() {
        return share(handedIn(), rows.size());
    }

    /** Share of the handed-in reports that came in on time, 0–100 with one decimal. */
    public BigDecimal timeliness() {
        return share(onTime(), handedIn());
    }

    private static BigDecimal share(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(1)
                : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
