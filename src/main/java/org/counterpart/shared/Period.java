package org.counterpart.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period of the cooperation: a month, a quarter, a year, or a year to date (January to the
 * end of a month), as monthly reports, plans and assessments speak of them. Written as <i>2018-09</i>,
 * <i>2018Q3</i>, <i>2018</i> and <i>2018-01/2018-09</i> (the ISO 8601 form of an interval of months; a year to date
 * always starts in January), and labelled <i>2018年9月</i> / <i>Sep 2018</i>, <i>2018年第三季度</i> / <i>Q3 2018</i>,
 * <i>2018年</i> / <i>2018</i>, <i>2018年1—9月</i> / <i>Jan–Sep 2018</i>. Years run from 2000 to 2100, as everywhere in the
 * system. The period is closed: it contains its first and its last day.
 *
 * @param number the month (1–12) of a month, the quarter (1–4) of a quarter, the last month of a year
 *               to date, and 0 for a year
 */
public record Period(Kind kind, int year, int number) implements Comparable<Period> {

    public enum Kind { MONTH, QUARTER, YEAR, YEAR_TO_DATE }

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})[Qq]([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern TO_DATE = Pattern.compile("(\\d{4})-01/(\\d{4})-(\\d{2})");
    private static final String[] CHINESE_QUARTERS = {"一", "二", "三", "四"};

    public Period {
        if (kind == null || year < 2000 || year > 2100) {
            throw new IllegalArgumentException("period: year " + year + " outside 2000–2100");
        }
        int max = switch (kind) {
            case MONTH, YEAR_TO_DATE -> 12;
            case QUARTER -> 4;
            case YEAR -> 0;
        };
        if ((kind == Kind.YEAR ? number != 0 : number < 1 || number > max)) {
            throw new IllegalArgumentException("period: " + kind + " " + number + " does not exist");
        }
    }

    public static Period month(int year, int month) {
        return new Period(Kind.MONTH, year, month);
    }

    public static Period quarter(int year, int quarter) {
        return new Period(Kind.QUARTER, year, quarter);
    }

    public static Period year(int year) {
        return new Period(Kind.YEAR, year, 0);
    }

    /** January to the end of the given month. */
    public static Period yearToDate(int year, int lastMonth) {
        return new Period(Kind.YEAR_TO_DATE, year, lastMonth);
    }

    /** Reads the written form; anything else is refused for the field with {@code period.invalid}. */
    public static Period parse(String field, String raw) {
        String v = raw == null ? "" : raw.strip();
        try {
            Matcher m;
            if ((m = MONTH.matcher(v)).matches()) {
                return month(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            if ((m = QUARTER.matcher(v)).matches()) {
                return quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            if ((m = YEAR.matcher(v)).matches()) {
                return year(Integer.parseInt(m.group(1)));
            }
            if ((m = TO_DATE.matcher(v)).matches() && m.group(1).equals(m.group(2))) {
                return yearToDate(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)));
            }
        } catch (IllegalArgumentException e) {
            // a month 13 or a year 1999 is as invalid as any other text
        }
        throw new InvalidInputException(field, "period.invalid");
    }

    /** The written form that {@link #parse} reads back. */
    @Override
    public String toString() {
        return switch (kind) {
            case MONTH -> String.format("%d-%02d", year, number);
            case QUARTER -> year + "Q" + number;
            case YEAR -> Integer.toString(year);
            case YEAR_TO_DATE -> String.format("%d-01/%d-%02d", year, year, number);
        };
    }

    /** The label people read: English for an English locale, Chinese otherwise. */
    public String label(Locale locale) {
        boolean english = locale != null && "en".equals(locale.getLanguage());
        return switch (kind) {
            case MONTH -> english ? monthName(number) + " " + year : year + "年" + number + "月";
            case QUARTER -> english ? "Q" + number + " " + year : year + "年第" + CHINESE_QUARTERS[number - 1] + "季度";
            case YEAR -> english ? Integer.toString(year) : year + "年";
            case YEAR_TO_DATE -> number == 1
                    ? (english ? "Jan " + year : year + "年1月")
                    : english ? "Jan–" + monthName(number) + " " + year : year + "年1—" + number + "月";
        };
    }

    private static String monthName(int month) {
        return Month.of(month).getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    public LocalDate start() {
        return switch (kind) {
            case MONTH -> LocalDate.of(year, number, 1);
            case QUARTER -> LocalDate.of(year, (number - 1) * 3 + 1, 1);
            case YEAR, YEAR_TO_DATE -> LocalDate.of(year, 1, 1);
        };
    }

    /** The last day, inclusive. */
    public LocalDate end() {
        return switch (kind) {
            case MONTH, YEAR_TO_DATE -> YearMonth.of(year, number).atEndOfMonth();
            case QUARTER -> YearMonth.of(year, number * 3).atEndOfMonth();
            case YEAR -> LocalDate.of(year, 12, 31);
        };
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(start()) && !date.isAfter(end());
    }

    /** Days in the period. */
    public long days() {
        return ChronoUnit.DAYS.between(start(), end()) + 1;
    }

    /** Days of the period up to and including the date: 0 before it starts, all of them after it ends. */
    public long daysElapsed(LocalDate date) {
        if (date.isBefore(start())) {
            return 0;
        }
        if (date.isAfter(end())) {
            return days();
        }
        return ChronoUnit.DAYS.between(start(), date) + 1;
    }

    /**
     * The share of the period elapsed at the end of the date, from 0 to 1 with four decimals (rounded
     * half up), as a plan compares what is done with what the time gone by would expect.
     */
    public BigDecimal shareElapsed(LocalDate date) {
        return BigDecimal.valueOf(daysElapsed(date)).divide(BigDecimal.valueOf(days()), 4, RoundingMode.HALF_UP);
    }

    /** Earlier start first; of two periods starting together, the shorter first (then by kind, so only equal periods compare as 0). */
    @Override
    public int compareTo(Period o) {
        int c = start().compareTo(o.start());
        c = c != 0 ? c : end().compareTo(o.end());
        return c != 0 ? c : kind.compareTo(o.kind);
    }
}
