package org.counterpart.registry;

import org.counterpart.shared.InvalidInputException;

import java.math.BigDecimal;

/** Amounts of money in yuan as the registry accepts them, from a file or a form alike. */
final class Amounts {

    private static final BigDecimal LIMIT = new BigDecimal("1000000000");

    private Amounts() {
    }

    /** Yuan to the fen; empty is zero; thousands separators are allowed. Refusals name the field. */
    static BigDecimal yuan(String field, String raw, boolean mayBeNegative) {
        String v = raw == null ? "" : raw.strip().replace(",", "");
        if (v.isEmpty()) {
            return BigDecimal.ZERO.setScale(2);
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "import.number.invalid");
        }
        if (amount.scale() > 2) {
            throw new InvalidInputException(field, "import.money.fen");
        }
        if (!mayBeNegative && amount.signum() < 0) {
            throw new InvalidInputException(field, "import.money.negative");
        }
        if (amount.abs().compareTo(LIMIT) >= 0) {
            throw new InvalidInputException(field, "import.money.tooLarge");
        }
        return amount.setScale(2);
    }
}
