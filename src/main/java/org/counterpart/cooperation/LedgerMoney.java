package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Answers other modules' one question of the ledgers' money: how much each kind of measure put into
 * each place of a year, summed in the database from the ledger's money field. Records are placed at
 * a county, a town or a village, so the answer is per place code as recorded; the asker adds them up
 * to the level it shows.
 */
@Service
public class LedgerMoney {

    /** The money of one kind of measure placed at one place code in the year, in yuan. */
    public record PlacedMoney(Ledger kind, RegionCode place, BigDecimal amount) {
    }

    private final JdbcClient jdbc;
    private final Ledgers ledgers;

    LedgerMoney(JdbcClient jdbc, Ledgers ledgers) {
        this.jdbc = jdbc;
        this.ledgers = ledgers;
    }

    /** Money per kind and place code of the records of the year placed in {@code place} or below it. */
    public List<PlacedMoney> byPlace(int year, RegionCode place, Collection<Ledger> kinds) {
        if (!ledgers.seesPlace(place)) {
            throw new AccessDeniedException("the money of " + place.value() + " is outside the caller's view");
        }
        List<String> parts = new ArrayList<>();
        for (Ledger k : kinds) {
            // the kind's code and its table and field come from the enum, never from the caller
            k.moneyField().ifPresent(f -> parts.add("select '" + k.code() + "' as kind, place_code, coalesce(sum(" + f.name() + "), 0) as amount from "
                    + k.table() + " where reg_year = :year" + (place.equals(RegionCode.NATION) ? "" : " and place_code like :prefix")
                    + " group by place_code"));
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(String.join(" union all ", parts)).param("year", year).param("prefix", place.value() + "%")
                .query((rs, i) -> new PlacedMoney(Ledger.byCode(rs.getString(1)).orElseThrow(), new RegionCode(rs.getString(2)),
                        rs.getBigDecimal(3).setScale(2)))
                .list();
    }
}
