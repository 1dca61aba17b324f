package org.counterpart.insight;

import org.counterpart.cooperation.BeneficiariesChanged;
import org.counterpart.cooperation.ReachedPeople;
import org.counterpart.cooperation.Ledger;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Insight's own rows of reach, {@code reach_person} (one per person and year reached by anything) and
 * {@code reach_household} (one per household and year), kept in step with the cooperation's links
 * through {@link BeneficiariesChanged}, in the transaction that changed them. The links are read only
 * through {@link ReachedPeople#reached} and {@link ReachedPeople#forEachReached}, which count
 * registered links only; so a person the registry no longer holds where a measure reached them has no
 * row, and counts again once registered again.
 */
@Component
class ReachRows {

    private static final int CHUNK = 500;
    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ReachedPeople links;
    private final String insert;

    ReachRows(JdbcClient jdbc, JdbcTemplate batch, ReachedPeople links) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.links = links;
        // the kind columns follow the ledgers that reach people, in the order of Reach.KINDS
        StringBuilder columns = new StringBuilder("reg_year, person_id, county_code, household_id, measures");
        StringBuilder marks = new StringBuilder("?, ?, ?, ?, ?");
        for (Ledger k : Reach.KINDS) {
            columns.append(", ").append(k.reachColumn().orElseThrow());
            marks.append(", ?");
        }
        this.insert = "insert into reach_person (" + columns + ") values (" + marks + ")";
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(BeneficiariesChanged event) {
        refresh(event.year(), event.personIds());
    }

    /** Recounts these people's rows of the year, and the rows of the households they were or are in. */
    void refresh(int year, Set<Long> personIds) {
        if (personIds.isEmpty()) {
            return;
        }
        Set<Long> households = new TreeSet<>();
        for (List<Long> chunk : chunks(new ArrayList<>(new TreeSet<>(personIds)))) {
            households.addAll(jdbc.sql("select household_id from reach_person where reg_year = :y and person_id in (:p)")
                    .param("y", year).param("p", chunk).query(Long.class).list());
            jdbc.sql("delete from reach_person where reg_year = :y and person_id in (:p)").param("y", year).param("p", chunk).update();
            List<Object[]> rows = new ArrayList<>();
            for (ReachedPeople.PersonReached r : links.reached(year, chunk)) {
                rows.add(row(year, r));
                households.add(r.householdId());
            }
            batch.batchUpdate(insert, rows);
        }
        for (List<Long> chunk : chunks(new ArrayList<>(households))) {
            jdbc.sql("delete from reach_household where reg_year = :y and household_id in (:h)").param("y", year).param("h", chunk).update();
            jdbc.sql(HOUSEHOLD_INSERT + " where reg_year = :y and household_id in (:h) group by reg_year, household_id")
                    .param("y", year).param("h", chunk).update();
        }
    }

    /** Rebuilds every row of a year from the links: after a bulk load of links, and as a check of the kept rows. */
    @Transactional
    void rebuild(int year) {
        jdbc.sql("delete from reach_person where reg_year = :y").param("y", year).update();
        List<Object[]> rows = new ArrayList<>(BATCH);
        links.forEachReached(year, r -> {
            rows.add(row(year, r));
            if (rows.size() == BATCH) {
                batch.batchUpdate(insert, rows);
                rows.clear();
            }
        });
        batch.batchUpdate(insert, rows);
        jdbc.sql("delete from reach_household where reg_year = :y").param("y", year).update();
        jdbc.sql(HOUSEHOLD_INSERT + " where reg_year = :y group by reg_year, household_id").param("y", year).update();
    }

    private static Object[] row(int year, ReachedPeople.PersonReached r) {
        Object[] row = new Object[5 + Reach.KINDS.size()];
        row[0] = year;
        row[1] = r.personId();
        row[2] = r.county();
        row[3] = r.householdId();
        row[4] = r.measures();
        for (int i = 0; i < Reach.KINDS.size(); i++) {
            row[5 + i] = r.kinds().contains(Reach.KINDS.get(i)) ? 1 : 0;
        }
        return row;
    }

    /** Households from their people: reached by a kind when any member is. */
    private static final String HOUSEHOLD_INSERT = """
            insert into reach_household (reg_year, household_id, county_code, people, by_fund, by_industry, by_labor, by_training,
                                         by_consumption, by_social)
            select reg_year, household_id, min(county_code), count(*), max(by_fund), max(by_industry), max(by_labor), max(by_training),
                   max(by_consumption), max(by_social)
            from reach_person""";

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }
}
