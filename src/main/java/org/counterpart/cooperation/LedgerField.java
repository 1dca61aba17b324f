package org.counterpart.cooperation;

import java.util.List;

/**
 * One field of a ledger: its column (also its form and import name), its type, whether it must be
 * given, its width for text, and for codes the allowed values. Labels come from the messages
 * {@code lf.<name>} (Chinese for import headers and templates, English as the header alias) and
 * {@code lf.<name>.<CODE>} for the values of a code.
 */
public record LedgerField(String name, Type type, boolean required, int max, List<String> options) {

    /** How a field is entered, checked, stored and shown. */
    public enum Type {
        /** one line of text up to {@code max} characters */
        TEXT,
        /** several lines of text up to {@code max} characters */
        LONG_TEXT,
        /** one of {@code options}; accepted as the code or as its label in either language */
        CODE,
        DATE,
        /** a calendar year between 2000 and 2100 */
        YEAR,
        /** exact yuan with two decimals, never negative */
        MONEY,
        /** a whole number, never negative */
        COUNT,
        /** a place code that exists (a county, a city) */
        PLACE,
        /** a place code, or an institution by name or unified social credit code */
        PARTY,
        /** a resident ID number: stored as keyed hash, cipher and mask, shown masked */
        ID_NUMBER,
        /** the number of an agreement of this ledger system */
        AGREEMENT_REF
    }

    public LedgerField {
        options = List.copyOf(options);
    }

    static LedgerField text(String name, boolean required, int max) {
        return new LedgerField(name, Type.TEXT, required, max, List.of());
    }

    static LedgerField longText(String name, int max) {
        return new LedgerField(name, Type.LONG_TEXT, false, max, List.of());
    }

    static LedgerField choice(String name, String... options) {
        return new LedgerField(name, Type.CODE, true, 40, List.of(options));
    }

    static LedgerField date(String name, boolean required) {
        return new LedgerField(name, Type.DATE, required, 0, List.of());
    }

    static LedgerField money(String name, boolean required) {
        return new LedgerField(name, Type.MONEY, required, 0, List.of());
    }

    static LedgerField count(String name, boolean required) {
        return new LedgerField(name, Type.COUNT, required, 0, List.of());
    }

    static LedgerField of(String name, Type type, boolean required) {
        return new LedgerField(name, type, required, 0, List.of());
    }

    public String messageKey() {
        return "lf." + name;
    }

    public String optionKey(String option) {
        return "lf." + name + "." + option;
    }

    public boolean isMoney() {
        return type == Type.MONEY;
    }

    public boolean isCount() {
        return type == Type.COUNT;
    }
}
