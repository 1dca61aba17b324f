package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.registry.RegistryLookup;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.ResidentId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registered people each measure reached. A beneficiary is named by ID number (one person) or
 * household number (every member of that registry year); anyone not registered in the measure's year,
 * or outside its place or the caller's scope, is refused with the reason. Every change of links keeps
 * {@code reach_person} in step, in the same transaction, so reach is counted once per person.
 */
@Service
public class BeneficiaryLinks {

    /** One person a measure reaches, and whether named through the household. */
    public record Target(long personId, long householdId, String county, boolean viaHousehold) {
    }

    /** The outcome of naming beneficiaries: who they are, and what refused. */
    public record Resolution(List<Target> targets, List<InvalidInputException> refused) {
    }

    /** One link as a record page lists it (no names: the masked ID and the household number). */
    public record Link(long personId, long householdId, String householdNo, String maskedId, String village, boolean viaHousehold) {
    }

    private static final Pattern ID_SHAPE = Pattern.compile("\\d{15}|\\d{17}[\\dXx]");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;，；、]+");
    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final RegistryLookup registry;
    private final Visibility visibility;

    private final org.springframework.context.ApplicationEventPublisher events;

    BeneficiaryLinks(JdbcClient jdbc, RegistryLookup registry, Visibility visibility, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.registry = registry;
        this.visibility = visibility;
    }

    /** Splits what a person typed or a cell holds into references: ID numbers and household numbers. */
    public static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(SEPARATORS.split(text.strip()));
    }

    /**
     * Finds each reference in the registry of the year. A person must lie in {@code place} (the
     * measure's county or city) when given, and in a place the caller may see.
     */
    public Resolution resolve(int year, Optional<RegionCode> place, String field, List<String> references) {
        List<Target> targets = new ArrayList<>();
        List<InvalidInputException> refused = new ArrayList<>();
        if (references.isEmpty()) {
            return new Resolution(targets, refused);
        }
        if (!registry.holdsYear(year)) {
            refused.add(new InvalidInputException(field, "ledger.link.yearNotLoaded", year));
            return new Resolution(targets, refused);
        }
        Visibility.View view = visibility.forCaller();
        Set<Long> seen = new java.util.HashSet<>();
        for (String ref : references) {
            String r = ref.strip();
            if (r.isEmpty()) {
                continue;
            }
            List<RegistryLookup.Registered> found;
            String shown;
            boolean household;
            if (ID_SHAPE.matcher(r).matches()) {
                household = false;
                ResidentId id;
                try {
                    id = ResidentId.parse(r).id();
                } catch (InvalidInputException e) {
                    refused.add(new InvalidInputException(field, "ledger.link.idInvalid", org.counterpart.shared.Masking.idNumber(r)));
                    continue;
                }
                shown = id.masked();
                Optional<RegistryLookup.Registered> member = registry.member(id, year);
                if (member.isEmpty()) {
                    refused.add(new InvalidInputException(field,
                            registry.knows(id) ? "ledger.link.notInYear" : "ledger.link.notRegistered", shown, year));
                    continue;
                }
                found = List.of(member.get());
            } else {
                household = true;
                shown = r.length() > 40 ? r.substring(0, 40) : r;
                found = registry.household(r, year);
                if (found.isEmpty()) {
                    refused.add(new InvalidInputException(field,
                            registry.knowsHousehold(r) ? "ledger.link.householdNotInYear" : "ledger.link.householdUnknown", shown, year));
                    continue;
                }
                if (found.stream().map(RegistryLookup.Registered::householdId).distinct().count() > 1) {
                    refused.add(new InvalidInputException(field, "ledger.link.householdAmbiguous", shown));
                    continue;
                }
            }
            RegionCode county = found.get(0).county();
            if (place.isPresent() && !place.get().covers(county)) {
                refused.add(new InvalidInputException(field, "ledger.link.outsidePlace", shown, county.value()));
                continue;
            }
            if (!view.seesPlace(found.get(0).village())) {
                refused.add(new InvalidInputException(field, "ledger.link.outsideScope", shown));
                continue;
            }
            for (RegistryLookup.Registered m : found) {
                if (seen.add(m.personId())) {
                    targets.add(new Target(m.personId(), m.householdId(), m.county().value(), household));
                }
            }
        }
        return new Resolution(targets, refused);
    }

    /** Adds people to a measure; people already linked stay as they are. */
    @Transactional
    public void add(Ledger ledger, long recordId, int year, List<Target> targets) {
        if (targets.isEmpty()) {
            return;
        }
        Set<Long> existing = new java.util.HashSet<>(jdbc.sql("select person_id from beneficiary_link where ledger = :l and record_id = :r")
                .param("l", ledger.code()).param("r", recordId).query(Long.class).list());
        List<Object[]> rows = new ArrayList<>();
        Set<Long> touched = new TreeSet<>();
        for (Target t : targets) {
            if (!existing.contains(t.personId()) && touched.add(t.personId())) {
                rows.add(new Object[]{ledger.code(), recordId, t.personId(), t.householdId(), t.county(), year, t.viaHousehold()});
            }
        }
        batchInsert(rows);
        refreshReach(year, touched);
        if (!rows.isEmpty()) {
            audit(ledger, recordId, "linked", rows.stream().map(r -> (Long) r[2]).toList());
        }
    }

    /** Replaces all of a measure's people (a placement names exactly one worker). */
    @Transactional
    public void replace(Ledger ledger, long recordId, int year, List<Target> targets) {
        deleteAll(ledger, recordId);
        add(ledger, recordId, year, targets);
    }

    /** Removes a person, or a whole household when the person came through it. */
    @Transactional
    public int remove(Ledger ledger, long recordId, long personId) {
        List<Object[]> row = jdbc.sql("select household_id, via_household, reg_year from beneficiary_link where ledger = :l and record_id = :r and person_id = :p")
                .param("l", ledger.code()).param("r", recordId).param("p", personId)
                .query((rs, i) -> new Object[]{rs.getLong(1), rs.getBoolean(2), rs.getInt(3)}).list();
        if (row.isEmpty()) {
            return 0;
        }
        long household = (Long) row.get(0)[0];
        boolean whole = (Boolean) row.get(0)[1];
        int year = (Integer) row.get(0)[2];
        List<Long> people = whole
                ? jdbc.sql("select person_id from beneficiary_link where ledger = :l and record_id = :r and household_id = :h and via_household = true")
                .param("l", ledger.code()).param("r", recordId).param("h", household).query(Long.class).list()
                : List.of(personId);
        for (List<Long> chunk : chunks(people)) {
            jdbc.sql("delete from beneficiary_link where ledger = :l and record_id = :r and person_id in (:p)")
                    .param("l", ledger.code()).param("r", recordId).param("p", chunk).update();
        }
        refreshReach(year, people);
        audit(ledger, recordId, "unlinked", people);
        return people.size();
    }

    @Transactional
    public void deleteAll(Ledger ledger, long recordId) {
        Map<Integer, List<Long>> byYear = new HashMap<>();
        jdbc.sql("select reg_year, person_id from beneficiary_link where ledger = :l and record_id = :r")
                .param("l", ledger.code()).param("r", recordId)
                .query(rs -> {
                    byYear.computeIfAbsent(rs.getInt(1), y -> new ArrayList<>()).add(rs.getLong(2));
                });
        jdbc.sql("delete from beneficiary_link where ledger = :l and record_id = :r").param("l", ledger.code()).param("r", recordId).update();
        byYear.forEach(this::refreshReach);
    }

    /**
     * How many of the people a measure reached would be lost if it moved to {@code year}: those not
     * registered then in the household they were reached in. Zero when the year is the measure's own.
     */
    int notRegisteredIn(Ledger ledger, long recordId, int year) {
        return jdbc.sql("""
                        select count(*) from beneficiary_link l where l.ledger = :l and l.record_id = :r and l.reg_year <> :y
                        and not exists (select 1 from membership m where m.person_id = l.person_id and m.household_id = l.household_id
                                        and m.reg_year = :y)""")
                .param("l", ledger.code()).param("r", recordId).param("y", year).query(Integer.class).single();
    }

    /**
     * When a measure's year changes, its links move with it. Checking refuses a year in which any of
     * its people are not registered ({@link #notRegisteredIn}), so nobody is dropped on the way.
     */
    @Transactional
    public void moveYear(Ledger ledger, long recordId, int from, int to) {
        List<Link> old = links(ledger, recordId);
        deleteAll(ledger, recordId);
        List<Target> kept = new ArrayList<>();
        for (Link l : old) {
            jdbc.sql("select county_code from membership where person_id = :p and household_id = :h and reg_year = :y")
                    .param("p", l.personId()).param("h", l.householdId()).param("y", to).query(String.class).optional()
                    .ifPresent(county -> kept.add(new Target(l.personId(), l.householdId(), county, l.viaHousehold())));
        }
        if (kept.size() < old.size()) {
            // the registry changed since the entry was checked: refuse rather than drop anyone
            throw new org.counterpart.shared.InvalidInputException("reg_year", "ledger.link.yearLeavesPeople", old.size() - kept.size(), to);
        }
        add(ledger, recordId, to, kept);
    }

    /** Links are changes of the measure: the audit names the registry's person numbers, never ID numbers. */
    private void audit(Ledger ledger, long recordId, String action, List<Long> people) {
        String shown = people.size() <= 50 ? people.toString() : people.subList(0, 50) + " …";
        events.publishEvent(new org.counterpart.shared.RecordChanged(Ledgers.auditKind(ledger), String.valueOf(recordId), action, null,
                new java.util.TreeMap<>(Map.of("people", String.valueOf(people.size()), "personIds", shown))));
    }

    /** The one worker of a placement. */
    Optional<Target> worker(long laborId) {
        return jdbc.sql("select person_id, household_id, county_code from beneficiary_link where ledger = 'LABOR' and record_id = :r")
                .param("r", laborId).query((rs, i) -> new Target(rs.getLong(1), rs.getLong(2), rs.getString(3), false)).optional();
    }

    /** The people of a measure, by household. */
    public List<Link> links(Ledger ledger, long recordId) {
        return jdbc.sql("""
                        select l.person_id, l.household_id, h.household_no, p.id_masked, hy.village_code, l.via_household
                        from beneficiary_link l
                        join person p on p.id = l.person_id
                        join household h on h.id = l.household_id
                        join household_year hy on hy.household_id = l.household_id and hy.reg_year = l.reg_year
                        where l.ledger = :l and l.record_id = :r
                        order by h.household_no, l.person_id""")
                .param("l", ledger.code()).param("r", recordId)
                .query((rs, i) -> new Link(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6)))
                .list();
    }

    /** People and households reached, per record. */
    Map<Long, int[]> counts(Ledger ledger, Collection<Long> recordIds) {
        Map<Long, int[]> counts = new HashMap<>();
        for (List<Long> chunk : chunks(new ArrayList<>(recordIds))) {
            jdbc.sql("""
                            select record_id, count(*), count(distinct household_id) from beneficiary_link
                            where ledger = :l and record_id in (:ids) group by record_id""")
                    .param("l", ledger.code()).param("ids", chunk)
                    .query(rs -> {
                        counts.put(rs.getLong(1), new int[]{rs.getInt(2), rs.getInt(3)});
                    });
        }
        return counts;
    }

    /** Every measure that reached a person, newest year first: ledger code, record number, year. */
    public List<Object[]> measuresOf(long personId) {
        return jdbc.sql("select ledger, record_id, reg_year, via_household from beneficiary_link where person_id = :p order by reg_year desc, ledger, record_id")
                .param("p", personId).query((rs, i) -> new Object[]{rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4)}).list();
    }

    /**
     * Recomputes the reach rows of these people for the year from their links: one row per person
     * with a mark for each kind of measure and the number of measures.
     */
    void refreshReach(int year, Collection<Long> personIds) {
        if (personIds.isEmpty()) {
            return;
        }
        Set<Long> households = new TreeSet<>();
        for (List<Long> chunk : chunks(new ArrayList<>(personIds))) {
            households.addAll(jdbc.sql("select household_id from reach_person where reg_year = :y and person_id in (:p)")
                    .param("y", year).param("p", chunk).query(Long.class).list());
            jdbc.sql("delete from reach_person where reg_year = :y and person_id in (:p)").param("y", year).param("p", chunk).update();
            jdbc.sql("insert into reach_person (reg_year, person_id, county_code, household_id, by_fund, by_industry, by_labor,"
                            + " by_training, by_consumption, by_social, measures) " + REACH_SELECT
                            + " where reg_year = :y and person_id in (:p) group by reg_year, person_id")
                    .param("y", year).param("p", chunk).update();
            households.addAll(jdbc.sql("select household_id from reach_person where reg_year = :y and person_id in (:p)")
                    .param("y", year).param("p", chunk).query(Long.class).list());
        }
        for (List<Long> chunk : chunks(new ArrayList<>(households))) {
            jdbc.sql("delete from reach_household where reg_year = :y and household_id in (:h)").param("y", year).param("h", chunk).update();
            jdbc.sql(HOUSEHOLD_INSERT + " where reg_year = :y and household_id in (:h) group by reg_year, household_id")
                    .param("y", year).param("h", chunk).update();
        }
    }

    /** Rebuilds all reach rows of a year from the links: for bulk loads and as a check of the kept rows. */
    @Transactional
    public void rebuildReach(int year) {
        jdbc.sql("delete from reach_person where reg_year = :y").param("y", year).update();
        jdbc.sql("insert into reach_person (reg_year, person_id, county_code, household_id, by_fund, by_industry, by_labor,"
                        + " by_training, by_consumption, by_social, measures) " + REACH_SELECT
                        + " where reg_year = :y group by reg_year, person_id")
                .param("y", year).update();
        jdbc.sql("delete from reach_household where reg_year = :y").param("y", year).update();
        jdbc.sql(HOUSEHOLD_INSERT + " where reg_year = :y group by reg_year, household_id").param("y", year).update();
    }

    /** Households from their people: reached by a kind when any member is. */
    private static final String HOUSEHOLD_INSERT = """
            insert into reach_household (reg_year, household_id, county_code, people, by_fund, by_industry, by_labor, by_training,
                                         by_consumption, by_social)
            select reg_year, household_id, min(county_code), count(*), max(by_fund), max(by_industry), max(by_labor), max(by_training),
                   max(by_consumption), max(by_social)
            from reach_person""";

    private static final String REACH_SELECT = """
            select reg_year, person_id, min(county_code), min(household_id),
                   max(case when ledger = 'FUND' then 1 else 0 end), max(case when ledger = 'INDUSTRY' then 1 else 0 end),
                   max(case when ledger = 'LABOR' then 1 else 0 end), max(case when ledger = 'TRAINING' then 1 else 0 end),
                   max(case when ledger = 'CONSUMPTION' then 1 else 0 end), max(case when ledger = 'SOCIAL' then 1 else 0 end),
                   count(*)
            from beneficiary_link""";

    private void batchInsert(List<Object[]> rows) {
        for (List<Object[]> chunk : chunks(rows)) {
            StringBuilder sql = new StringBuilder("insert into beneficiary_link (ledger, record_id, person_id, household_id, county_code, reg_year, via_household) values ");
            Map<String, Object> p = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                Object[] r = chunk.get(i);
                sql.append(i == 0 ? "" : ", ").append("(:l").append(i).append(", :r").append(i).append(", :p").append(i)
                        .append(", :h").append(i).append(", :c").append(i).append(", :y").append(i).append(", :v").append(i).append(')');
                p.put("l" + i, r[0]);
                p.put("r" + i, r[1]);
                p.put("p" + i, r[2]);
                p.put("h" + i, r[3]);
                p.put("c" + i, r[4]);
                p.put("y" + i, r[5]);
                p.put("v" + i, r[6]);
            }
            jdbc.sql(sql.toString()).params(p).update();
        }
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }
}
