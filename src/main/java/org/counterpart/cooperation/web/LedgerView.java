package org.counterpart.cooperation.web;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerField;
import org.counterpart.cooperation.LedgerImport;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.LedgerValues;
import org.counterpart.shared.Formats;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** How ledger pages show fields and values in the reader's language; used from templates as {@code lv}. */
@Component("lv")
class LedgerView {

    private final LedgerImport imports;
    private final LedgerValues values;
    private final MessageSource messages;
    private final Formats formats;
    private final org.counterpart.cooperation.PartyNames names;

    LedgerView(LedgerImport imports, LedgerValues values, MessageSource messages, Formats formats, org.counterpart.cooperation.PartyNames names) {
        this.names = names;
        this.formats = formats;
        this.imports = imports;
        this.values = values;
        this.messages = messages;
    }

    public String label(Ledger ledger, String field) {
        return imports.label(ledger, field, LocaleContextHolder.getLocale());
    }

    /** The list's columns, as the ledger defines them. */
    public List<LedgerField<?>> listed(Ledger ledger) {
        return ledger.listed();
    }

    public List<LedgerField<?>> codes(Ledger ledger) {
        return ledger.fields(LedgerField.Type.CODE);
    }

    public String option(LedgerField<?> field, String option) {
        return messages.getMessage(field.optionKey(option), null, option, LocaleContextHolder.getLocale());
    }

    /** A record's value for reading: dates and money in the reader's format, codes by label, sides by name. */
    public String show(LedgerRecord record, LedgerField<?> field) {
        Object v = record.get(field.name());
        if (v == null) {
            return "";
        }
        if (v instanceof LocalDate d) {
            return formats.date(d);
        }
        if (v instanceof BigDecimal b) {
            return formats.decimal(b);
        }
        return values.display(field, v, LocaleContextHolder.getLocale());
    }

    /** As {@link #show}, with places and sides by their short names, for list columns. */
    public String brief(LedgerRecord record, LedgerField<?> field) {
        Object v = record.get(field.name());
        if (v instanceof org.counterpart.cooperation.Party p) {
            return names.shortName(p);
        }
        return show(record, field);
    }

    public String place(org.counterpart.geography.RegionCode code) {
        return names.shortPlace(code);
    }

    public String formValue(LedgerRecord record, String field) {
        return record == null ? "" : record.ledger().field(field).map(f -> values.formValue(f, record.get(field))).orElse("");
    }

    public String inputType(LedgerField<?> field) {
        return switch (field.type()) {
            case DATE -> "date";
            case YEAR, COUNT -> "number";
            default -> "text";
        };
    }
}
