package org.counterpart.shared;

/**
 * How ID and phone numbers are shown to someone without the 'view personal data' permission, on
 * pages, in exports, logs and error messages. Enough stays visible for a clerk to tell two people
 * apart and for a resident to recognise their own record — the region and birth-date prefix of an
 * ID number, the last digits of a phone — in the familiar layout of bank and railway receipts, but
 * never enough to use the number elsewhere. The length is kept, so columns still line up.
 *
 * <p>A value of an unexpected length (a 15-digit first-generation ID number, a typo, a landline)
 * shows no more than the same few characters, and at most half of a short one, so a mistyped
 * value is never revealed just because it did not match the usual pattern. Both methods work on
 * code points, so a stray non-BMP character can never be cut in half.
 */
public final class Masking {

    private static final int RESIDENT_ID_LENGTH = 18;
    private static final int MOBILE_LENGTH = 11;

    private Masking() {
    }

    /** {@code 520201199001011234} → {@code 520201********1234}; other lengths keep at most 2 + 2. */
    public static String idNumber(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        int[] codePoints = value.strip().codePoints().toArray();
        if (codePoints.length == RESIDENT_ID_LENGTH) {
            return keep(codePoints, 6, 4);
        }
        int each = Math.min(2, codePoints.length / 4);
        return keep(codePoints, each, each);
    }

    /**
     * Text with every run that looks like an ID number (15 or 18 characters of digits, the last
     * possibly X) masked, the rest left as it was: for cells that list several people.
     */
    public static String idNumbersIn(String text) {
        if (text == null) {
            return "";
        }
        return ID_RUN.matcher(text).replaceAll(m -> idNumber(m.group()).replace("$", "\\$"));
    }

    private static final java.util.regex.Pattern ID_RUN = java.util.regex.Pattern.compile("(?<![0-9])(\\d{17}[0-9Xx]|\\d{15})(?![0-9Xx])");

    /** {@code 张三丰} → {@code 张**}: a name for someone without the personal-data permission, its first character kept. */
    public static String name(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String name = value.strip();
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(name.codePointCount(first, name.length()));
    }

    /** {@code 13812345678} → {@code 138****5678}; other lengths keep at most the last 4. */
    public static String phone(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        int[] codePoints = value.strip().codePoints().toArray();
        if (codePoints.length == MOBILE_LENGTH && allAsciiDigits(codePoints)) {
            return keep(codePoints, 3, 4);
        }
        return keep(codePoints, 0, Math.min(4, codePoints.length / 2));
    }

    private static String keep(int[] codePoints, int first, int last) {
        StringBuilder masked = new StringBuilder(codePoints.length);
        for (int i = 0; i < codePoints.length; i++) {
            if (i < first || i >= codePoints.length - last) {
                masked.appendCodePoint(codePoints[i]);
            } else {
                masked.append('*');
            }
        }
        return masked.toString();
    }

    private static boolean allAsciiDigits(int[] codePoints) {
        for (int codePoint : codePoints) {
            if (codePoint < '0' || codePoint > '9') {
                return false;
            }
        }
        return true;
    }
}
