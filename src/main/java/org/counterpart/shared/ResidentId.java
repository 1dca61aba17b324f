package org.counterpart.shared;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The resident identity number of GB 11643-1999: a 6-digit address code, the birth date as
 * YYYYMMDD, a 3-digit sequence whose last digit is odd for men and even for women, and a check
 * character. The check is the weighted sum of the first 17 digits (weights 2^(17-i) mod 11, the
 * table 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) taken mod 11 and looked up in "10X98765432".
 *
 * <p>Because every weight is nonzero mod 11 and 11 is prime, any single wrong digit changes the
 * check; because neighbouring weights differ, so does swapping two neighbouring different digits.
 *
 * <p>The number is personal data. {@link #toString()} is the masked form so that a log line, an
 * exception message or a template that prints the object by accident shows no more than the
 * screens do; only {@link #value()} gives the whole number, and asking for it is a decision.
 *
 * <p>Build it with {@link #parse(String)}, which also says whether an old 15-digit number was
 * upgraded: an import must report that. The constructor accepts the same input (so values read
 * back from storage are checked as well) but cannot say so.
 */
public record ResidentId(String value) {

    /** A man or a woman, as the sequence digit records it. */
    public enum Sex { MALE, FEMALE }

    /** The result of reading a number someone typed or imported. */
    public record Parsed(ResidentId id, boolean upgradedFrom15) {
    }

    static final String FIELD = "idNumber";

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";

    /** Nobody registered today was born before this; earlier dates are typing errors. */
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);

    /**
     * "Today" is China's today: a child registered in the morning in Guizhou is born on a date
     * that is still tomorrow in UTC, and must not be refused as born in the future.
     */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /**
     * What Excel or WPS shows when an ID column was stored as a number: 5.20201E+17 or
     * 5.20201199001011E17. The last digits are already lost, so nothing can be recovered.
     */
    private static final Pattern SCIENTIFIC = Pattern.compile("[0-9]+(?:[.,][0-9]*)?E[+]?[0-9]{1,3}", Pattern.CASE_INSENSITIVE);

    public ResidentId {
        value = checked(value);
    }

    /**
     * Reads a number as people type it or spreadsheets export it, and says whether it was an old
     * 15-digit number that had to be upgraded.
     */
    public static Parsed parse(String raw) {
        ResidentId id = new ResidentId(raw);
        return new Parsed(id, normalise(raw).length() == 15);
    }

    /** The check character for the first 17 digits of a number. */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            // never echo the digits: this text may end up in a log
            throw new IllegalArgumentException("the check character is computed over exactly 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("the check character is computed over digits only; position " + (i + 1) + " is not a digit");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /** The place of first registration; people move, so it need not be where they live today. */
    public String addressCode() {
        return value.substring(0, 6);
    }

    public LocalDate birthDate() {
        return dateOf(value.substring(6, 14));
    }

    public Sex sex() {
        return (value.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE;
    }

    /** Completed years on the given day. */
    public int age(LocalDate on) {
        LocalDate born = birthDate();
        if (on.isBefore(born)) {
            throw new IllegalArgumentException("an age was asked for a day before the birth date");
        }
        return Period.between(born, on).getYears();
    }

    /** The first 6 and the last 4 characters: enough to tell people apart on a list, not to copy. */
    public String masked() {
        return value.substring(0, 6) + "********" + value.substring(14);
    }

    /** The masked form, never the number: see the class comment. */
    @Override
    public String toString() {
        return masked();
    }

    private static String checked(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException(FIELD, "residentId.missing");
        }
        String text = normalise(raw);
        if (text.isEmpty()) {
            throw new InvalidInputException(FIELD, "residentId.missing");
        }
        if (SCIENTIFIC.matcher(text).matches()) {
            throw new InvalidInputException(FIELD, "residentId.scientific", raw.strip());
        }
        int length = text.codePointCount(0, text.length());
        if (length != 18 && length != 15) {
            throw new InvalidInputException(FIELD, "residentId.length", length);
        }
        refuseStrayCharacters(text, length);

        boolean old = length == 15;
        String first17 = old ? text.substring(0, 6) + "19" + text.substring(6, 15) : text.substring(0, 17);
        String birth = first17.substring(6, 14);
        LocalDate born = dateOf(birth);
        if (born == null || born.isBefore(EARLIEST_BIRTH) || born.isAfter(LocalDate.now(CHINA))) {
            throw new InvalidInputException(FIELD, "residentId.birthDate", birth);
        }
        char expected = checkCharacter(first17);
        if (!old && text.charAt(17) != expected) {
            throw new InvalidInputException(FIELD, "residentId.check", String.valueOf(text.charAt(17)), String.valueOf(expected));
        }
        return first17 + expected;
    }

    /** Digits everywhere, except that the check character of an 18-character number may be X. */
    private static void refuseStrayCharacters(String text, int length) {
        int position = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int c = text.codePointAt(i);
            position++;
            boolean digit = c >= '0' && c <= '9';
            boolean allowedX = c == 'X' && position == 18 && length == 18;
            if (!digit && !allowedX) {
                throw new InvalidInputException(FIELD, "residentId.characters", position, Character.toString(c));
            }
        }
    }

    /** The date of YYYYMMDD, or null when there is no such day (a 30 February). */
    private static LocalDate dateOf(String yyyymmdd) {
        try {
            return LocalDate.of(Integer.parseInt(yyyymmdd.substring(0, 4)),
                    Integer.parseInt(yyyymmdd.substring(4, 6)),
                    Integer.parseInt(yyyymmdd.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * Without spaces of any kind (copying from Word or a web page brings U+00A0 and U+3000), with
     * full-width digits and letters made half-width (Chinese input methods type them), and with a
     * lower-case x read as the check character X.
     */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0);
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF' || c == '\u200B') {
                continue;
            }
            sb.append(c == 'x' ? 'X' : c);
        }
        return sb.toString();
    }
}
