package org.counterpart.shared;

import java.util.Locale;

/**
 * The text folding every imported cell goes through. Chinese input methods type full-width digits,
 * letters and punctuation (１２３, ＡＢ, （）) and the ideographic space U+3000; they mean the same as
 * their ASCII forms, so codes and numbers compare equal however they were typed.
 */
final class TabularText {

    private static final char FULL_WIDTH_FIRST = '\uFF01';
    private static final char FULL_WIDTH_LAST = '\uFF5E';
    private static final int FULL_WIDTH_OFFSET = 0xFEE0;

    private TabularText() {
    }

    /** Trimmed, full-width forms folded to half-width, U+3000 and no-break spaces made plain spaces. */
    static String normalise(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder folded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char f = fold(c);
            if (f != c && folded == null) {
                folded = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (folded != null) {
                folded.append(f);
            }
        }
        return (folded == null ? text : folded.toString()).strip();
    }

    private static char fold(char c) {
        if (c >= FULL_WIDTH_FIRST && c <= FULL_WIDTH_LAST) {
            return (char) (c - FULL_WIDTH_OFFSET);
        }
        if (c == '\u3000' || c == '\u00A0') {
            return ' ';
        }
        return c;
    }

    /**
     * The form a header is matched in: folded, without any whitespace (offices space out two-character
     * headers as "姓 名" and wrap long ones inside the cell), without the asterisk templates use as a
     * required mark, and in lower case for the English aliases.
     */
    static String headerKey(String text) {
        String folded = normalise(text);
        StringBuilder key = new StringBuilder(folded.length());
        folded.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
                .forEach(key::appendCodePoint);
        int start = 0;
        int end = key.length();
        while (start < end && key.charAt(start) == '*') {
            start++;
        }
        while (end > start && key.charAt(end - 1) == '*') {
            end--;
        }
        return key.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
