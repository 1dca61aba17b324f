package org.counterpart.shared;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A date in a cell of a file people bring, as offices write it (2018-09-12, 2018/9/12, 20180912,
 * 2018.9.12, 2018年9月12日) or as Excel stores a real date cell: the number of days since its epoch,
 * which {@link XlsxSource} passes on as the cell's number. Every import reads dates here, so the
 * registry and the ledgers accept the same cells.
 */
public final class CellDates {

    private static final List<DateTimeFormatter> SHAPES = List.of(
            DateTimeFormatter.ofPattern("uuuu-M-d"), DateTimeFormatter.ofPattern("uuuu/M/d"),
            DateTimeFormatter.ofPattern("uuuuMMdd"), DateTimeFormatter.ofPattern("uuuu.M.d"),
            DateTimeFormatter.ofPattern("uuuu年M月d日"));

    /** Excel's day numbers of 1910 to 2173; a time of day after the point is ignored. */
    private static final Pattern SERIAL = Pattern.compile("[0-9]{4,5}(\\.[0-9]+)?");

    /** Day 0 of Excel's 1900 system as it counts (it takes 1900 for a leap year, so day 60 is a date that never was). */
    private static final LocalDate EPOCH = LocalDate.of(1899, 12, 30);

    private CellDates() {
    }

    public static Optional<LocalDate> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        for (DateTimeFormatter f : SHAPES) {
            try {
                return Optional.of(LocalDate.parse(v, f.withResolverStyle(ResolverStyle.STRICT)));
            } catch (DateTimeParseException e) {
                // try the next shape
            }
        }
        if (SERIAL.matcher(v).matches()) {
            return Optional.of(EPOCH.plusDays((long) Double.parseDouble(v)));
        }
        return Optional.empty();
    }
}
