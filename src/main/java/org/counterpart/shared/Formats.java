package org.counterpart.shared;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How figures and dates are written on pages: thousands separators, money in 万元 with two
 * decimals, dates as 2018年9月12日 in Chinese and 12 Sep 2018 in English. Used from templates as {@code @fmt}.
 */
@Component("fmt")
public class Formats {

    /** Dates and times are shown in the cooperation's own time zone. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private static boolean english() {
        return "en".equals(locale().getLanguage());
    }

    public String number(Number n) {
        return n == null ? "" : NumberFormat.getIntegerInstance(Locale.CHINA).format(n);
    }

    /** Yuan shown in 万元 (ten thousands) with two decimals, as officials read them. */
    public String wan(BigDecimal yuan) {
        return Money.wanText(yuan);
    }

    /** An amount with thousands separators and two decimals, e.g. 3,218.50. */
    public String decimal(BigDecimal amount) {
        return Money.grouped(amount);
    }

    /** A metric's value as pages show it: money in 万元, shares with a percent sign, counts with separators. */
    public String measure(BigDecimal value, MetricUnit unit) {
        if (value == null) {
            return "—";
        }
        return switch (unit) {
            case YUAN -> Money.wanText(value);
            case PERCENT -> value.setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
            default -> number(value.setScale(0, java.math.RoundingMode.HALF_UP));
        };
    }

    /** The unit a measured value is shown in, in the user's language. */
    public String unitOf(MetricUnit unit) {
        boolean en = english();
        return switch (unit) {
            case YUAN -> en ? "10,000 yuan" : "万元";
            case PEOPLE -> en ? "people" : "人";
            case COUNT -> en ? "count" : "个";
            case PERCENT -> "%";
            case DAYS -> en ? "days" : "天";
        };
    }

    public String date(LocalDate date) {
        if (date == null) {
            return "";
        }
        return english() ? date.format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH))
                : date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    public String dateTime(Instant at) {
        if (at == null) {
            return "";
        }
        var local = at.atZone(CHINA);
        String time = local.format(DateTimeFormatter.ofPattern("HH:mm"));
        return date(local.toLocalDate()) + " " + time;
    }
}
