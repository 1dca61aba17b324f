package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One row of a ledger: its head (year, place, version, who recorded it, the people and households it
 * reached) and its values, read through the ledger's field definitions ({@code record.get(Ledger.ALLOCATED)}).
 */
public record LedgerRecord(Ledger ledger, long id, int version, int year, RegionCode place, FieldValues values,
                           String recordedBy, Instant recordedAt, int peopleReached, int householdsReached) {

    public LedgerRecord {
        values = new FieldValues(values);
    }

    public <T> T get(LedgerField<T> field) {
        return values.get(field);
    }

    /** A value by field name, for pages that show every field alike. */
    public Object get(String field) {
        return values.get(field);
    }

    public String title() {
        return values.get(LedgerField.TITLE);
    }

    public Party owner() {
        return values.get(LedgerField.OWNER);
    }

    public Optional<BigDecimal> money() {
        return ledger.moneyField().map(values::get);
    }

    /** Overdue as the ledger says (a problem open after its due date); a ledger without the rule never is. */
    public boolean overdue(LocalDate today) {
        return ledger.overdue().map(o -> o.test(values, today)).orElse(false);
    }

    LedgerRecord withReach(int people, int households) {
        return new LedgerRecord(ledger, id, version, year, place, values, recordedBy, recordedAt, people, households);
    }

    /**
     * The record's values as text, as the audit log keeps them and the API gives them: money with its
     * decimals, dates as ISO dates, a side as its division code or "institution:" and its number; ID
     * numbers appear masked only.
     */
    public Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("year", String.valueOf(year));
        state.put("place", place.value());
        values.asMap().forEach((k, v) -> {
            if (v instanceof Party p) {
                state.put(k, p.region().map(RegionCode::value).orElseGet(() -> "institution:" + p.institutionId().orElseThrow()));
            } else if (v instanceof BigDecimal d) {
                state.put(k, d.toPlainString());
            } else {
                state.put(k, v == null ? "" : v.toString());
            }
        });
        return state;
    }
}
