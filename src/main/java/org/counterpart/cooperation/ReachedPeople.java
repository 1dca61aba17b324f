package org.counterpart.cooperation;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What the beneficiary links say of each person, for whoever keeps figures from them (insight's reach
 * rows): per person and year, the kinds of measure that reached them, how many measures, and the
 * household and county they were reached in. Only registered links count: a person the registry's
 * adjustment took out of the household a measure reached them in is absent until registered again.
 * Answers name no one: the registry's person and household numbers only.
 */
@Service
public class ReachedPeople {

    private final JdbcClient jdbc;
    /** For reading a whole year's links in one pass: rows come in slices instead of all at once (PostgreSQL's driver holds them otherwise). */
    private final JdbcTemplate streaming;

    ReachedPeople(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(template.getDataSource());
        this.streaming.setFetchSize(5_000);
    }

    /**
     * What reached one person in a year, from the registered links only: the kinds of measure, the
     * number of measures, and the household and county they were reached in.
     */
    public record PersonReached(long personId, long householdId, String county, Set<Ledger> kinds, int measures) {
    }

    /** What reached each of these people in the year; people no registered link names are absent. */
    public List<PersonReached> reached(int year, Collection<Long> personIds) {
        List<PersonReached> out = new ArrayList<>();
        for (List<Long> chunk : BeneficiaryLinks.chunks(new ArrayList<>(new TreeSet<>(personIds)))) {
            Folding folding = new Folding(out::add);
            jdbc.sql(REACHED + " and person_id in (:p) group by person_id, ledger order by person_id")
                    .param("y", year).param("p", chunk).query(folding);
            folding.finish();
        }
        return out;
    }

    /** What reached every person of the year, in order of person: for a rebuild of figures kept from the links. */
    public void forEachReached(int year, Consumer<PersonReached> each) {
        Folding folding = new Folding(each);
        streaming.query(REACHED.replace(":y", "?") + " group by person_id, ledger order by person_id", folding, year);
        folding.finish();
    }

    private static final String REACHED = """
            select person_id, ledger, min(household_id), min(county_code), count(*) from beneficiary_link
            where reg_year = :y and standing = 'REGISTERED'""";

    /** Rows come one per person and kind, in order of person; each person is handed on once their rows are read. */
    private static final class Folding implements org.springframework.jdbc.core.RowCallbackHandler {
        private final Consumer<PersonReached> each;
        private long person = -1;
        private long household;
        private String county;
        private Set<Ledger> kinds = new java.util.LinkedHashSet<>();
        private int measures;

        Folding(Consumer<PersonReached> each) {
            this.each = each;
        }

        @Override
        public void processRow(java.sql.ResultSet rs) throws java.sql.SQLException {
            long p = rs.getLong(1);
            if (p != person) {
                finish();
                person = p;
                household = rs.getLong(3);
                county = rs.getString(4);
            }
            kinds.add(Ledger.byCode(rs.getString(2)).orElseThrow());
            household = Math.min(household, rs.getLong(3));
            county = county.compareTo(rs.getString(4)) <= 0 ? county : rs.getString(4);
            measures += rs.getInt(5);
        }

        void finish() {
            if (person >= 0) {
                each.accept(new PersonReached(person, household, county, Set.copyOf(kinds), measures));
            }
            person = -1;
            kinds = new java.util.LinkedHashSet<>();
            measures = 0;
        }
    }

}
