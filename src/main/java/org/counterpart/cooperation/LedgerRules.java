package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.ResidentId;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The rules a ledger definition is made of, and the ones the shipped ledgers use: where a record
 * lies, what is checked beyond each field, and when a record is overdue. A new ledger picks from
 * these or writes its own; the engine ({@link Ledgers}) only asks them.
 */
public final class LedgerRules {

    private LedgerRules() {
    }

    /** Where a record lies (its helped place), from its checked values and the people it reaches. */
    @FunctionalInterface
    public interface PlaceRule {
        /** The place, or a refusal naming the field that should have given it. */
        RegionCode place(Checking checking, List<BeneficiaryLinks.Target> reached);

        /** Whether the place is entered as a field of its own (the head's {@link LedgerField#PLACE}). */
        default boolean entered() {
            return false;
        }
    }

    /** A check across fields, run once every field parsed; it refuses through {@link Checking#refuse}. */
    @FunctionalInterface
    public interface Check {
        void apply(Checking checking);
    }

    /** A record is overdue while its {@code done} date is empty and its {@code due} date has passed. */
    public record Overdue(LedgerField<LocalDate> due, LedgerField<LocalDate> done) {
        /** The same as a condition on the ledger's table (alias {@code t}), for the list's totals. */
        String sql() {
            return "t." + done.name() + " is null and t." + due.name() + " < current_date";
        }

        boolean test(FieldValues values, LocalDate today) {
            return values.get(done) == null && values.find(due).map(d -> d.isBefore(today)).orElse(false);
        }
    }

    /** The helped place is entered in the record. */
    public static PlaceRule entered() {
        return new PlaceRule() {
            @Override
            public RegionCode place(Checking checking, List<BeneficiaryLinks.Target> reached) {
                return checking.values().get(LedgerField.PLACE);
            }

            @Override
            public boolean entered() {
                return true;
            }
        };
    }

    /** The place of a party of the record (an agreement lies where its partner is). */
    public static PlaceRule placeOf(LedgerField<Party> party) {
        return (checking, reached) -> checking.placeOf(party);
    }

    /** The county where the one person the record reaches is registered (a placement lies where its worker lives). */
    public static PlaceRule whereReachedLives() {
        return (checking, reached) -> reached.isEmpty() ? null : new RegionCode(reached.get(0).county());
    }

    /** A period's end is not before its start. */
    public static Check inOrder(LedgerField<LocalDate> from, LedgerField<LocalDate> to) {
        return c -> {
            LocalDate a = c.values().get(from);
            LocalDate b = c.values().get(to);
            if (a != null && b != null && b.isBefore(a)) {
                c.refuse(to.name(), "ledger.date.beforeStart", a.toString());
            }
        };
    }

    /** A field that must be given once another is (a resolution once a problem is resolved). */
    public static Check requiredWith(LedgerField<?> required, LedgerField<?> once, String messageKey) {
        return c -> {
            if (c.values().has(once.name()) && !c.values().has(required.name())) {
                c.refuse(required.name(), messageKey);
            }
        };
    }

    /** An optional date lies in the record's year when it is given. */
    public static Check inYear(LedgerField<LocalDate> date) {
        return c -> {
            LocalDate on = c.values().get(date);
            Integer year = c.values().get(LedgerField.YEAR);
            if (on != null && year != null && on.getYear() != year) {
                c.refuse(date.name(), "ledger.date.outsideYear", year);
            }
        };
    }

    /** Money paid out stays within what was allocated, unless a reason is given; nothing paid reads as zero. */
    public static Check within(LedgerField<BigDecimal> paid, LedgerField<BigDecimal> allocated, LedgerField<String> reason) {
        return c -> {
            BigDecimal out = c.values().get(paid);
            BigDecimal limit = c.values().get(allocated);
            if (out == null) {
                c.values().put(paid, BigDecimal.ZERO.setScale(2));
            } else if (limit != null && out.compareTo(limit) > 0 && c.values().get(reason) == null) {
                c.refuse(paid.name(), "ledger.fund.overAllocated", limit.toPlainString());
            }
        };
    }

    /**
     * One person's stays in this ledger do not overlap: the stored records of the same ID number (by
     * keyed hash) whose period meets this one. Another side's record is named only as "elsewhere".
     */
    public static Check noOverlappingStays(LedgerField<LocalDate> from, LedgerField<LocalDate> to) {
        return c -> {
            Optional<ResidentId> person = c.idNumber();
            LocalDate start = c.values().get(from);
            LocalDate end = c.values().get(to);
            if (person.isEmpty() || start == null || end == null) {
                return;
            }
            record Stay(long id, String from, String to) {
            }
            c.jdbc().sql("select id, " + from.name() + ", " + to.name() + " from " + c.ledger().table()
                            + " where id_hash = :h and id <> :id and " + from.name() + " <= :to and " + to.name() + " >= :from")
                    .param("h", c.lookupHash(person.get())).param("id", c.recordId())
                    .param("from", Date.valueOf(start)).param("to", Date.valueOf(end))
                    .query((rs, i) -> new Stay(rs.getLong(1), rs.getDate(2).toString(), rs.getDate(3).toString()))
                    .list().stream().findFirst()
                    .ifPresent(s -> {
                        if (c.readable(s.id())) {
                            c.refuse(from.name(), "ledger.personnel.overlap", s.id(), s.from(), s.to());
                        } else {
                            // another side's record: say that the stays overlap, not where or when the other is
                            c.refuse(from.name(), "ledger.personnel.overlapElsewhere");
                        }
                    });
        };
    }
}
