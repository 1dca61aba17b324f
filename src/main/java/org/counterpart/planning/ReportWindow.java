package org.counterpart.planning;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The days of the month after a report's month when the unit hands the report in, both inclusive
 * ({@code counterpart.reports.window.opens-day}, {@code closes-day}; the 1st to the 10th unless configured).
 */
public record ReportWindow(LocalDate opens, LocalDate closes) {

    public static ReportWindow of(int year, int month, int opensDay, int closesDay) {
        YearMonth next = YearMonth.of(year, month).plusMonths(1);
        int last = next.lengthOfMonth();
        return new ReportWindow(next.atDay(Math.min(opensDay, last)), next.atDay(Math.min(closesDay, last)));
    }

    public boolean open(LocalDate today) {
        return !today.isBefore(opens) && !today.isAfter(closes);
    }

    public boolean closed(LocalDate today) {
        return today.isAfter(closes);
    }
}
