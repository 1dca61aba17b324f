package org.counterpart.shared;

import java.math.BigDecimal;

/** Money in yuan as people type it or bring it in a file: exact to the fen, thousands separators allowed. */
public final class Yuan {

    private static final BigDecimal LIMIT = new BigDecimal("1000000000000");

    private Yuan() {
    }

    /**
     * The amount, or empty for blank input; refusals name the field and say why (not a number, more
     * than two decimals, negative, too large).
     */
    public static java.util.Optional<BigDecimal> parse(String field, String raw) {
        String v = raw == null ? "" : raw.strip().replace(",", "").replace("，", "").replace("¥", "").replace("元", "");
        if (v.isEmpty()) {
            return java.util.Optional.empty();
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "import.number.invalid");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException(field, "import.money.fen");
        }
        if (amount.signum() < 0) {
            throw new InvalidInputException(field, "import.money.negative");
        }
        if (amount.compareTo(LIMIT) >= 0) {
            throw new InvalidInputException(field, "import.money.tooLarge");
        }
        return java.util.Optional.of(amount.setScale(2, java.math.RoundingMode.UNNECESSARY));
    }
}
