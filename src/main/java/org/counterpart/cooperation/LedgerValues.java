package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.shared.CellDates;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.ResidentId;
import org.counterpart.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns what a person typed, or a row of a file, into a ledger's typed values, and typed values back
 * into text for pages and files. Every field is checked and every refusal kept, so a form shows all
 * its mistakes at once and an import reports every bad cell of a row.
 */
@Component
public class LedgerValues {

    /** The values of one record as entered, with what refused. */
    public record Parsed(FieldValues values, Optional<ResidentId> idNumber, List<InvalidInputException> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    private static final Pattern DIGITS = Pattern.compile("\\d{2,12}");

    private final Regions regions;
    private final org.counterpart.identity.PlaceNames placeNames;
    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final PartyNames names;

    LedgerValues(Regions regions, org.counterpart.identity.PlaceNames placeNames, JdbcClient jdbc, MessageSource messages, PartyNames names) {
        this.regions = regions;
        this.placeNames = placeNames;
        this.jdbc = jdbc;
        this.messages = messages;
        this.names = names;
    }

    /**
     * Every field of the ledger read from {@code input} (a form or a file row, by field name); the
     * checks across fields are the ledger's own and run after ({@link Ledgers#check}).
     */
    public Parsed parse(Ledger ledger, Function<String, String> input) {
        FieldValues values = new FieldValues();
        List<InvalidInputException> errors = new ArrayList<>();
        ResidentId id = null;
        for (LedgerField<?> f : ledger.fields()) {
            String raw = input.apply(f.name());
            String text = raw == null ? "" : raw.strip();
            try {
                if (text.isEmpty()) {
                    if (f.required()) {
                        throw new InvalidInputException(f.name(), "field.required");
                    }
                    values.putChecked(f, null);
                    continue;
                }
                if (f.type() == LedgerField.Type.ID_NUMBER) {
                    id = idNumber(f.name(), text);
                    values.putChecked(f, id.masked());
                } else {
                    values.putChecked(f, value(f, text));
                }
            } catch (InvalidInputException e) {
                errors.add(e);
            }
        }
        return new Parsed(values, Optional.ofNullable(id), errors);
    }

    private Object value(LedgerField<?> f, String text) {
        String name = f.name();
        return switch (f.type()) {
            case TEXT, LONG_TEXT -> {
                if (text.length() > f.max()) {
                    throw new InvalidInputException(name, "field.tooLong", f.max());
                }
                yield text;
            }
            case CODE -> code(f, text);
            case DATE -> date(name, text);
            case YEAR -> {
                int y = whole(name, text);
                if (y < 2000 || y > 2100) {
                    throw new InvalidInputException(name, "ledger.year.range");
                }
                yield y;
            }
            case MONEY -> Money.parse(name, text).map(Money::yuan).orElse(null);
            case COUNT -> whole(name, text);
            case PLACE -> place(name, text);
            case PARTY -> party(name, text);
            case AGREEMENT_REF -> agreement(name, text);
            case ID_NUMBER -> throw new IllegalStateException();
        };
    }

    private String code(LedgerField<?> f, String text) {
        for (String option : f.options()) {
            if (option.equalsIgnoreCase(text)
                    || text.equals(messages.getMessage(f.optionKey(option), null, option, ZH))
                    || text.equalsIgnoreCase(messages.getMessage(f.optionKey(option), null, option, Locale.ENGLISH))) {
                return option;
            }
        }
        throw new InvalidInputException(f.name(), "ledger.code.unknown", text);
    }

    /** A date as the registry reads one too (office shapes and Excel's date cells), within the years a ledger holds. */
    static LocalDate date(String field, String text) {
        String t = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) : text; // "2018-09-12 00:00:00"
        LocalDate d = CellDates.parse(t).orElseThrow(() -> new InvalidInputException(field, "ledger.date.invalid", text));
        if (d.getYear() < 2000 || d.getYear() > 2100) {
            throw new InvalidInputException(field, "ledger.year.range");
        }
        return d;
    }

    private static int whole(String field, String text) {
        String t = text.endsWith(".0") ? text.substring(0, text.length() - 2) : text; // spreadsheet numbers
        try {
            int n = Integer.parseInt(t.replace(",", ""));
            if (n < 0) {
                throw new InvalidInputException(field, "ledger.count.negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "import.number.invalid");
        }
    }

    /** A place by its code or its name (钟山区, 钟山), the caller's own places first. */
    private RegionCode place(String field, String text) {
        return placeNames.read(field, text);
    }

    /** A place code, or an institution by its Chinese or English name or its credit code. */
    Party party(String field, String text) {
        if (DIGITS.matcher(text).matches()) {
            return Party.place(place(field, text));
        }
        List<Long> ids = jdbc.sql("""
                        select id from institution where name_zh = :t or lower(name_en) = lower(:t) or credit_code = upper(:t)""")
                .param("t", text).query(Long.class).list();
        if (ids.size() == 1) {
            return Party.institution(ids.get(0));
        }
        if (ids.isEmpty()) {
            try {
                return Party.place(place(field, text)); // a place by its name: 钟山区
            } catch (InvalidInputException notAPlace) {
                if ("place.ambiguous".equals(notAPlace.messageKey())) {
                    throw notAPlace;
                }
            }
        }
        throw new InvalidInputException(field, "ledger.party.unknown", text);
    }

    private long agreement(String field, String text) {
        long id;
        try {
            id = Long.parseLong(text.replace("#", "").strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "ledger.agreement.unknown", text);
        }
        if (jdbc.sql("select count(*) from " + Ledger.AGREEMENT.table() + " where id = :id").param("id", id).query(Long.class).single() == 0) {
            throw new InvalidInputException(field, "ledger.agreement.unknown", text);
        }
        return id;
    }

    static ResidentId idNumber(String field, String text) {
        try {
            return ResidentId.parse(text).id();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.messageKey(), e.arguments());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "ledger.idNumber.invalid");
        }
    }

    /** A value as shown on a page or written to a file: codes by their label, parties and places by name. */
    public String display(LedgerField<?> f, Object value, Locale locale) {
        if (value == null) {
            return "";
        }
        return switch (f.type()) {
            case CODE -> messages.getMessage(f.optionKey((String) value), null, (String) value, locale);
            case PLACE -> names.region((RegionCode) value);
            case PARTY -> names.of((Party) value);
            case MONEY -> ((BigDecimal) value).toPlainString();
            case AGREEMENT_REF -> "#" + value;
            default -> value.toString();
        };
    }

    /** The value as a form shows it for editing: codes and places as their codes, parties as code or name. */
    public String formValue(LedgerField<?> f, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Party p) {
            return p.region().map(RegionCode::value).orElseGet(() -> names.of(p));
        }
        if (value instanceof RegionCode r) {
            return r.value();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }
}
