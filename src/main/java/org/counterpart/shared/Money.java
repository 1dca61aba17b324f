package org.counterpart.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An exact amount of yuan, to the fen. The one parser of money for forms and files alike, and the one
 * conversion to 万元 for pages and exports. Its rules, decided once:
 * <ul>
 * <li><b>Exact to the fen.</b> At most two decimals that mean something: <i>12.300</i> is 12.30 (the zeros
 * add nothing, spreadsheets write them), <i>12.305</i> is refused — rounding would change what was
 * recorded. Every amount is held with scale 2.</li>
 * <li><b>Thousands separators</b> are the comma, half- or full-width, and only in groups of three
 * (<i>1,234,567.50</i>); <i>12,5</i> is refused, since a comma there could be a decimal comma and reading it
 * as 125 would be a silent error. A leading ¥ or ￥ and a trailing 元 are allowed; exponents, other
 * units and letters are not numbers.</li>
 * <li><b>The limit</b>: the absolute value is below {@link #LIMIT} (ten billion yuan, 100亿元), so
 * every money column of the database (the narrowest holds 12 digits with 2 decimals) takes any
 * amount that passes; a larger figure is a typing mistake in a ledger or a registry.</li>
 * <li><b>Negatives</b> are refused by {@link #parse}; only a field that may record a loss (a
 * household's business or property income) asks {@link #parseSigned}.</li>
 * <li><b>Blank</b> (empty or only spaces) is no amount: both parsers answer empty, and the caller says
 * what that means (a ledger's optional field stays empty; the registry's export writes blank for 0).</li>
 * </ul>
 * Refusals name the field and carry a message key: {@code import.number.invalid},
 * {@code import.money.fen}, {@code import.money.negative}, {@code import.money.tooLarge}.
 */
public record Money(BigDecimal yuan) implements Comparable<Money> {

    /** Every amount is below this in absolute value. */
    public static final BigDecimal LIMIT = new BigDecimal("10000000000");

    public static final Money ZERO = new Money(BigDecimal.ZERO);

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");

    public Money {
        if (yuan == null) {
            throw new IllegalArgumentException("an amount is required");
        }
        if (yuan.abs().compareTo(LIMIT) >= 0) {
            throw new IllegalArgumentException("amount beyond the limit");
        }
        if (yuan.signum() != 0 && yuan.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("more than two decimals: " + yuan.toPlainString());
        }
        yuan = yuan.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static Money of(String yuan) {
        return new Money(new BigDecimal(yuan));
    }

    /** A non-negative amount as typed or read from a file, or empty for blank text. */
    public static Optional<Money> parse(String field, String raw) {
        Optional<Money> money = parseSigned(field, raw);
        if (money.isPresent() && money.get().yuan.signum() < 0) {
            throw new InvalidInputException(field, "import.money.negative");
        }
        return money;
    }

    /** An amount that may be negative (a loss), or empty for blank text. */
    public static Optional<Money> parseSigned(String field, String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.startsWith("¥") || v.startsWith("￥")) {
            v = v.substring(1).strip();
        }
        if (v.endsWith("元")) {
            v = v.substring(0, v.length() - 1).strip();
        }
        if (v.isEmpty()) {
            return Optional.empty();
        }
        v = v.replace('，', ',');
        if (v.indexOf(',') >= 0) {
            if (!GROUPED.matcher(v).matches()) {
                throw new InvalidInputException(field, "import.number.invalid");
            }
            v = v.replace(",", "");
        }
        if (!NUMBER.matcher(v).matches()) {
            throw new InvalidInputException(field, "import.number.invalid");
        }
        BigDecimal amount = new BigDecimal(v);
        if (amount.signum() != 0 && amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException(field, "import.money.fen");
        }
        if (amount.abs().compareTo(LIMIT) >= 0) {
            throw new InvalidInputException(field, "import.money.tooLarge");
        }
        return Optional.of(new Money(amount));
    }

    /** The amount in 万元, two decimals, rounded half up: the unit officials read on pages and in exports. */
    public BigDecimal wan() {
        return wan(yuan);
    }

    /** Yuan in 万元, two decimals, rounded half up; null stays null (an empty cell). */
    public static BigDecimal wan(BigDecimal yuan) {
        return yuan == null ? null : yuan.divide(TEN_THOUSAND, 2, RoundingMode.HALF_UP);
    }

    /** Yuan in 万元 as text with thousands separators, e.g. 1,234.57; empty for null. */
    public static String wanText(BigDecimal yuan) {
        return yuan == null ? "" : grouped(wan(yuan));
    }

    /** Two decimals with thousands separators, the same in both languages (e.g. 3,218.50); empty for null. */
    public static String grouped(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(java.util.Locale.CHINA);
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(amount);
    }

    /** The plain form that {@link #parse} reads back, e.g. 1234.50. */
    @Override
    public String toString() {
        return yuan.toPlainString();
    }

    public Money plus(Money other) {
        return new Money(yuan.add(other.yuan));
    }

    public boolean isNegative() {
        return yuan.signum() < 0;
    }

    @Override
    public int compareTo(Money o) {
        return yuan.compareTo(o.yuan);
    }
}
