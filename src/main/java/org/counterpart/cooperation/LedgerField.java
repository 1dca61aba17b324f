package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One field of a ledger: its column (also its form and import name), its type and the Java type of
 * its value, whether it must be given, its width for text, and for codes the allowed values. Labels
 * come from the messages {@code lf.<name>} (Chinese for import headers and templates, English as the
 * header alias) and {@code lf.<name>.<CODE>} for the values of a code. A record's value is read
 * through its field ({@link FieldValues#get(LedgerField)}), so the type is stated once, here.
 *
 * @param <T> the value's Java type
 */
public record LedgerField<T>(String name, Type type, Class<T> javaType, boolean required, int max, List<String> options) {

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

    /** What the record is (the project, the enterprise, the employer…): every ledger has one. */
    public static final LedgerField<String> TITLE = text("title", true, 300);
    /** The year, entered where no date of the record gives it. */
    public static final LedgerField<Integer> YEAR = new LedgerField<>("reg_year", Type.YEAR, Integer.class, true, 0, List.of());
    /** The helped place, entered where the ledger's place rule does not derive it. */
    public static final LedgerField<RegionCode> PLACE = new LedgerField<>("place_code", Type.PLACE, RegionCode.class, true, 0, List.of());
    /** The side that recorded it: a region or an institution. */
    public static final LedgerField<Party> OWNER = party("owner", true);
    public static final LedgerField<String> NOTE = longText("note", 1000);

    public LedgerField {
        options = List.copyOf(options);
    }

    public static LedgerField<String> text(String name, boolean required, int max) {
        return new LedgerField<>(name, Type.TEXT, String.class, required, max, List.of());
    }

    public static LedgerField<String> longText(String name, int max) {
        return new LedgerField<>(name, Type.LONG_TEXT, String.class, false, max, List.of());
    }

    public static LedgerField<String> choice(String name, String... options) {
        return new LedgerField<>(name, Type.CODE, String.class, true, 40, List.of(options));
    }

    public static LedgerField<LocalDate> date(String name, boolean required) {
        return new LedgerField<>(name, Type.DATE, LocalDate.class, required, 0, List.of());
    }

    public static LedgerField<BigDecimal> money(String name, boolean required) {
        return new LedgerField<>(name, Type.MONEY, BigDecimal.class, required, 0, List.of());
    }

    public static LedgerField<Integer> count(String name, boolean required) {
        return new LedgerField<>(name, Type.COUNT, Integer.class, required, 0, List.of());
    }

    public static LedgerField<Party> party(String name, boolean required) {
        return new LedgerField<>(name, Type.PARTY, Party.class, required, 0, List.of());
    }

    /** A resident ID number; the record holds it masked only. */
    public static LedgerField<String> idNumber(String name) {
        return new LedgerField<>(name, Type.ID_NUMBER, String.class, true, 0, List.of());
    }

    public static LedgerField<Long> agreement(String name, boolean required) {
        return new LedgerField<>(name, Type.AGREEMENT_REF, Long.class, required, 0, List.of());
    }

    /** The same field, required or not in another ledger. */
    public LedgerField<T> required(boolean required) {
        return new LedgerField<>(name, type, javaType, required, max, options);
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

    /** Whether a value is this field's, read back as its own type. */
    T cast(Object value) {
        return javaType.cast(value);
    }
}
