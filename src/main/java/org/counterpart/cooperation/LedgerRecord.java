package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One row of a ledger with its values by field name: text and codes as strings, dates as
 * {@link LocalDate}, years and counts as integers, money as {@link BigDecimal} yuan, places as
 * {@link RegionCode}, the recording side and partners as {@link Party}, ID numbers masked, agreement
 * references as their number.
 */
public record LedgerRecord(Ledger ledger, long id, int version, int year, RegionCode place, Map<String, Object> values,
                           String recordedBy, Instant recordedAt, int peopleReached, int householdsReached) {

    public LedgerRecord {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String field) {
        return values.get(field);
    }

    public String title() {
        return (String) values.get("title");
    }

    public Party owner() {
        return (Party) values.get("owner");
    }

    public Optional<BigDecimal> money() {
        return ledger.moneyField().map(f -> (BigDecimal) values.get(f));
    }

    public Optional<LocalDate> date(String field) {
        return Optional.ofNullable((LocalDate) values.get(field));
    }

    /** A problem still open after its due date; a milestone-free record is never overdue. */
    public boolean overdue(LocalDate today) {
        return ledger == Ledger.PROBLEM && values.get("resolved_on") == null
                && date("due_on").map(d -> d.isBefore(today)).orElse(false);
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
        values.forEach((k, v) -> {
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
