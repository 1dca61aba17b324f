package org.counterpart.cooperation;

import org.counterpart.shared.InvalidInputException;

/**
 * The unified social credit code of GB 32100-2015: 18 characters from the 31 the standard allows
 * (digits and capitals without I, O, Z, S and V). Position 1 is the registering authority, 2 the kind
 * of body, 3–8 the division code, 9–17 the organisation code, and 18 a check character: the weighted
 * sum of the first 17 values (weights 3^i mod 31) taken mod 31, subtracted from 31.
 */
public record SocialCreditCode(String value) {

    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public SocialCreditCode {
        value = normalise(value);
        if (value.length() != 18) {
            throw new InvalidInputException("creditCode", "creditCode.length", value.length());
        }
        for (int i = 0; i < 18; i++) {
            char c = value.charAt(i);
            if (ALPHABET.indexOf(c) < 0) {
                throw new InvalidInputException("creditCode", "creditCode.character", String.valueOf(c), i + 1);
            }
        }
        char expected = checkCharacter(value.substring(0, 17));
        if (value.charAt(17) != expected) {
            throw new InvalidInputException("creditCode", "creditCode.check", String.valueOf(value.charAt(17)), String.valueOf(expected));
        }
    }

    /** The check character for the first 17 characters of a code. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new InvalidInputException("creditCode", "creditCode.character", String.valueOf(first17.charAt(i)), i + 1);
            }
            sum += v * WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        return ALPHABET.charAt(check);
    }

    /** Upper-case, without spaces; full-width letters and digits made half-width. */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0);
            }
            if (!Character.isWhitespace(c) && c != '\u3000') {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /** The division code embedded in positions 3–8. */
    public String divisionCode() {
        return value.substring(2, 8);
    }

    @Override
    public String toString() {
        return value;
    }
}
