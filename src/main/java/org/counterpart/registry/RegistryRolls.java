package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Answers other modules' questions of the registry's rolls: how many households and people are
 * registered in each county in a year, which households in which order, who lives in them and in
 * which years a person was registered. Like {@link RegistryLookup} it names no one unless asked: a
 * name comes back only where the caller's predicate accepts the village, and ID numbers only masked.
 * <p>
 * Places are given as the counties they cover (the county code is the first column of every index of
 * the registry), so that every read here is a range of one index per county. It checks no scope
 * itself: the asking module decides which counties and villages its caller may see.
 */
@Service
public class RegistryRolls {

    /** Registered households and people of one county in a year. */
    public record CountyRoll(RegionCode county, long households, long people) {
    }

    /** A registered household as the rolls list it: the registry's numbers, no names. */
    public record Listed(long householdId, int members) {
    }

    /** A household of the year with its head; the head's name only where asked. */
    public record HouseholdSummary(long householdId, String householdNo, RegionCode village, int members, String status,
                                   Optional<Long> headPersonId, String headMaskedId, Optional<String> headName) {
    }

    /** A member of a household in the year; the name only where asked. */
    public record MemberSummary(long personId, long householdId, String householdNo, RegionCode village, String relation,
                                String maskedId, Optional<String> name) {
    }

    /** A person as the registry knows them, whatever the year; the name only where asked. */
    public record PersonSummary(long personId, String maskedId, Optional<String> name) {
    }

    /** One year in which a person was registered, in which household and as what. */
    public record Membership(int year, long householdId, String householdNo, RegionCode village, String relation) {
    }

    /** The people of one household in a year, by the registry's numbers. */
    public record HouseholdPeople(long householdId, String householdNo, List<Long> personIds) {
    }

    private static final int CHUNK = 500;
    /** A first page needs a few hundred households; a pass over a city grows to slices of this size. */
    private static final int FIRST_SLICE = 500;
    private static final int LAST_SLICE = 32_000;

    /** A year of a household not marked as removed from the registry. */
    private static final String REGISTERED = "not exists (select 1 from household_removal hr where hr.household_id = household_year.household_id and hr.reg_year = household_year.reg_year)";

    private final JdbcClient jdbc;

    RegistryRolls(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The counties holding any household in the year, in code order. */
    public List<RegionCode> counties(int year) {
        return jdbc.sql("select distinct county_code from household_year where reg_year = :y and " + REGISTERED + " order by county_code")
                .param("y", year).query((rs, i) -> new RegionCode(rs.getString(1))).list();
    }

    /**
     * Households and people registered in the year in each county of a place (a county, anything above,
     * or the nation): one range of the index, without first asking which counties hold data.
     */
    public List<CountyRoll> rolls(int year, RegionCode place) {
        String where = switch (place.level()) {
            case NATION -> "";
            case COUNTY -> " and county_code = :p";
            default -> " and county_code like :prefix";
        };
        return jdbc.sql("select county_code, count(*), coalesce(sum(member_count), 0) from household_year where reg_year = :y and " + REGISTERED + where
                        + " group by county_code order by county_code")
                .param("y", year).param("p", place.value()).param("prefix", place.value() + "%")
                .query((rs, i) -> new CountyRoll(new RegionCode(rs.getString(1)), rs.getLong(2), rs.getLong(3))).list();
    }

    /** Households and people registered in the year in each of these counties that holds any. */
    public List<CountyRoll> rolls(int year, Collection<RegionCode> counties) {
        if (counties.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select county_code, count(*), coalesce(sum(member_count), 0) from household_year
                        where reg_year = :y and county_code in (:c) and %s group by county_code order by county_code""".formatted(REGISTERED))
                .param("y", year).param("c", codes(counties))
                .query((rs, i) -> new CountyRoll(new RegionCode(rs.getString(1)), rs.getLong(2), rs.getLong(3))).list();
    }

    /**
     * Every household of the year in these counties, streamed in the order of the registry's lists
     * (village, then household number, then the registry's number for households sharing one), with its
     * number of members. The consumer stops the stream by returning {@code false}.
     */
    public void forEachHousehold(int year, Collection<RegionCode> counties, Predicate<Listed> each) {
        // county by county in code order (a county's villages begin with its code, so this is the order of the whole list),
        // and in each county in slices that go on from the last household read: a slice with a limit lets the database
        // walk the index in order and stop, where one statement for everything would sort a whole city before the first row
        for (RegionCode county : counties.stream().sorted().distinct().toList()) {
            record Row(long householdId, int members, String village, String householdNo) {
            }
            Optional<Row> last = Optional.empty();
            int slice = FIRST_SLICE;
            while (true) {
                Map<String, Object> p = new HashMap<>();
                p.put("y", year);
                p.put("c", county.value());
                p.put("limit", slice);
                last.ifPresent(r -> {
                    p.put("v", r.village());
                    p.put("n", r.householdNo());
                    p.put("id", r.householdId());
                });
                String after = last.isEmpty() ? "" : " and hy.village_code >= :v"
                        + " and (hy.village_code > :v or h.household_no > :n or (h.household_no = :n and hy.household_id > :id))";
                List<Row> rows = jdbc.sql("select hy.household_id, hy.member_count, hy.village_code, h.household_no"
                                + " from household_year hy join household h on h.id = hy.household_id"
                                + " where hy.reg_year = :y and hy.county_code = :c" + after + " and " + Households.REGISTERED
                                + " order by hy.village_code, h.household_no, hy.household_id fetch first :limit rows only")
                        .params(p).query((rs, i) -> new Row(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4))).list();
                for (Row r : rows) {
                    if (!each.test(new Listed(r.householdId(), r.members()))) {
                        return;
                    }
                }
                if (rows.size() < slice) {
                    break;
                }
                last = Optional.of(rows.get(rows.size() - 1));
                slice = Math.min(LAST_SLICE, slice * 4);
            }
        }
    }

    /** These households of the year with their heads, in the order given; names where {@code namesIn} accepts the village. */
    public List<HouseholdSummary> households(int year, List<Long> householdIds, Predicate<RegionCode> namesIn) {
        Map<Long, HouseholdSummary> found = new HashMap<>();
        for (List<Long> chunk : chunks(householdIds)) {
            jdbc.sql("""
                            select g.household_id, g.household_no, g.village_code, g.member_count, g.poverty_status, g.head_id, pe.id_masked, pe.name
                            from (select hy.household_id, h.household_no, hy.village_code, hy.member_count, hy.poverty_status,
                                         (select min(m.person_id) from membership m
                                           where m.household_id = hy.household_id and m.reg_year = hy.reg_year and m.relation = '户主') as head_id
                                  from household_year hy join household h on h.id = hy.household_id
                                  where hy.reg_year = :y and hy.household_id in (:h)) g
                            left join person pe on pe.id = g.head_id""")
                    .param("y", year).param("h", chunk)
                    .query(rs -> {
                        RegionCode village = new RegionCode(rs.getString(3));
                        long head = rs.getLong(6);
                        Optional<Long> headId = rs.wasNull() ? Optional.empty() : Optional.of(head);
                        found.put(rs.getLong(1), new HouseholdSummary(rs.getLong(1), rs.getString(2), village, rs.getInt(4), rs.getString(5),
                                headId, rs.getString(7), namesIn.test(village) ? Optional.ofNullable(rs.getString(8)) : Optional.empty()));
                    });
        }
        return householdIds.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The members of these households in the year: households in the order given, in each the head
     * first and then by the registry's person number; names where {@code namesIn} accepts the village.
     */
    public List<MemberSummary> members(int year, List<Long> householdIds, Predicate<RegionCode> namesIn) {
        Map<Long, List<MemberSummary>> byHousehold = new HashMap<>();
        for (List<Long> chunk : chunks(householdIds)) {
            jdbc.sql("""
                            select m.person_id, m.household_id, h.household_no, hy.village_code, m.relation, p.id_masked, p.name
                            from membership m
                            join household_year hy on hy.household_id = m.household_id and hy.reg_year = m.reg_year
                            join household h on h.id = m.household_id
                            join person p on p.id = m.person_id
                            where m.reg_year = :y and m.household_id in (:h)
                            order by case when m.relation = '户主' then 0 else 1 end, m.person_id""")
                    .param("y", year).param("h", chunk)
                    .query(rs -> {
                        RegionCode village = new RegionCode(rs.getString(4));
                        byHousehold.computeIfAbsent(rs.getLong(2), h -> new ArrayList<>()).add(new MemberSummary(rs.getLong(1), rs.getLong(2),
                                rs.getString(3), village, rs.getString(5), rs.getString(6),
                                namesIn.test(village) ? Optional.ofNullable(rs.getString(7)) : Optional.empty()));
                    });
        }
        List<MemberSummary> out = new ArrayList<>();
        householdIds.forEach(h -> out.addAll(byHousehold.getOrDefault(h, List.of())));
        return out;
    }

    /** A person by the registry's own number; the name only when {@code withName}. */
    public Optional<PersonSummary> person(long personId, boolean withName) {
        return jdbc.sql("select id_masked, name from person where id = :id").param("id", personId)
                .query((rs, i) -> new PersonSummary(personId, rs.getString(1), withName ? Optional.ofNullable(rs.getString(2)) : Optional.empty()))
                .optional();
    }

    /** The years in which a person was registered, newest first. */
    public List<Membership> memberships(long personId) {
        return jdbc.sql("""
                        select m.reg_year, m.household_id, h.household_no, hy.village_code, m.relation
                        from membership m
                        join household h on h.id = m.household_id
                        join household_year hy on hy.household_id = m.household_id and hy.reg_year = m.reg_year
                        where m.person_id = :id order by m.reg_year desc, m.household_id""")
                .param("id", personId)
                .query((rs, i) -> new Membership(rs.getInt(1), rs.getLong(2), rs.getString(3), new RegionCode(rs.getString(4)), rs.getString(5)))
                .list();
    }

    /**
     * The people of each household of a county in a year, households in the registry's order of their
     * numbers and people by the registry's person number: for the demo scenario, which links measures
     * to the registry it generated.
     */
    public List<HouseholdPeople> peopleByHousehold(int year, RegionCode county) {
        Map<Long, List<Long>> people = new java.util.TreeMap<>();
        Map<Long, String> numbers = new HashMap<>();
        jdbc.sql("""
                        select m.household_id, h.household_no, m.person_id from membership m join household h on h.id = m.household_id
                        where m.reg_year = :y and m.county_code = :c order by m.household_id, m.person_id""")
                .param("y", year).param("c", county.value())
                .query(rs -> {
                    people.computeIfAbsent(rs.getLong(1), h -> new ArrayList<>()).add(rs.getLong(3));
                    numbers.put(rs.getLong(1), rs.getString(2));
                });
        return people.entrySet().stream().map(e -> new HouseholdPeople(e.getKey(), numbers.get(e.getKey()), List.copyOf(e.getValue()))).toList();
    }

    private static List<String> codes(Collection<RegionCode> counties) {
        return counties.stream().map(RegionCode::value).toList();
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }
}
