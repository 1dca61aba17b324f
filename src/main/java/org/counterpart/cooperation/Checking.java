package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.ResidentId;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * One entry being checked, as a ledger's rules see it: its parsed values (a rule may complete them,
 * as a fund's unpaid amount becomes zero), the record it would change, the ID number it names, and
 * what a rule may ask of the database. A rule refuses through {@link #refuse}, so every refusal of
 * an entry is kept and shown at once.
 */
public final class Checking {

    private final Ledger ledger;
    private final long recordId;
    private final FieldValues values;
    private final Optional<ResidentId> idNumber;
    private final List<InvalidInputException> errors;
    private final JdbcClient jdbc;
    private final Function<String, String> lookupHash;
    private final Function<Party, Optional<RegionCode>> placeOf;
    private final LongPredicate readable;

    Checking(Ledger ledger, long recordId, FieldValues values, Optional<ResidentId> idNumber, List<InvalidInputException> errors,
             JdbcClient jdbc, Function<String, String> lookupHash, Function<Party, Optional<RegionCode>> placeOf, LongPredicate readable) {
        this.ledger = ledger;
        this.recordId = recordId;
        this.values = values;
        this.idNumber = idNumber;
        this.errors = errors;
        this.jdbc = jdbc;
        this.lookupHash = lookupHash;
        this.placeOf = placeOf;
        this.readable = readable;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The record being changed, or 0 for a new one. */
    public long recordId() {
        return recordId;
    }

    public FieldValues values() {
        return values;
    }

    public Optional<ResidentId> idNumber() {
        return idNumber;
    }

    public void refuse(String field, String messageKey, Object... arguments) {
        errors.add(new InvalidInputException(field, messageKey, arguments));
    }

    public boolean refused() {
        return !errors.isEmpty();
    }

    /** The place of a party given in a field: a region itself, an institution where it sits; refused when unknown. */
    public RegionCode placeOf(LedgerField<Party> field) {
        Party party = values.get(field);
        if (party == null) {
            return null;
        }
        Optional<RegionCode> place = placeOf.apply(party);
        if (place.isEmpty()) {
            refuse(field.name(), "ledger.party.unknown", "#" + party.institutionId().orElse(0L));
        }
        return place.orElse(null);
    }

    /** The installation's keyed hash of an ID number, as the ledger's table keeps it. */
    public String lookupHash(ResidentId id) {
        return lookupHash.apply(id.value());
    }

    /** Whether the caller may read another record of this ledger. */
    public boolean readable(long id) {
        return readable.test(id);
    }

    /** For rules that read their own ledger's table (parameters only, never entered text in the SQL). */
    public JdbcClient jdbc() {
        return jdbc;
    }
}
