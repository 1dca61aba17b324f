package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.ResidentId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers other modules' one question of the registry: is this person, or this household, registered
 * in a given year, and where. The answer names no one: it carries the registry's own numbers, the
 * county and village, and the masked ID number for messages.
 */
@Service
public class RegistryLookup {

    /** A registered member as of one registry year. */
    public record Registered(long personId, long householdId, String householdNo, RegionCode county, RegionCode village,
                             String maskedId) {
    }

    private final JdbcClient jdbc;
    private final PersonalDataProtector protector;

    RegistryLookup(JdbcClient jdbc, PersonalDataProtector protector) {
        this.jdbc = jdbc;
        this.protector = protector;
    }

    /** Whether the registry holds any household for the year. */
    public boolean holdsYear(int year) {
        // the first row is enough: counting the year's rows cost a scan of the year on every call
        return !jdbc.sql("select 1 from household_year hy where reg_year = :y and " + Households.REGISTERED + " fetch first 1 rows only")
                .param("y", year).query(Integer.class).list().isEmpty();
    }

    /** Whether the person with this ID number is registered at all, in any year. */
    public boolean knows(ResidentId id) {
        return jdbc.sql("select count(*) from person where id_hash = :h").param("h", protector.lookupHash(id.value()))
                .query(Long.class).single() > 0;
    }

    /** The person's membership in the year, if registered then. */
    public Optional<Registered> member(ResidentId id, int year) {
        return jdbc.sql(SELECT + " where " + REGISTERED + " and p.id_hash = :h and m.reg_year = :y order by m.household_id")
                .param("h", protector.lookupHash(id.value())).param("y", year)
                .query(RegistryLookup::map).list().stream().findFirst();
    }

    /** The members of a household, by household number, in the year; several households when the number is not unique. */
    public List<Registered> household(String householdNo, int year) {
        return jdbc.sql(SELECT + " where " + REGISTERED + " and h.household_no = :no and m.reg_year = :y order by m.household_id, m.person_id")
                .param("no", householdNo).param("y", year).query(RegistryLookup::map).list();
    }

    /** Whether a household with this number exists in any year. */
    public boolean knowsHousehold(String householdNo) {
        return jdbc.sql("select count(*) from household where household_no = :no").param("no", householdNo)
                .query(Long.class).single() > 0;
    }

    /** One registered person by the registry's own number, as of the year. */
    public Optional<Registered> member(long personId, int year) {
        return jdbc.sql(SELECT + " where " + REGISTERED + " and p.id = :id and m.reg_year = :y").param("id", personId).param("y", year)
                .query(RegistryLookup::map).list().stream().findFirst();
    }

    /** The members of these households in the year, household by household. */
    public List<Registered> members(int year, Collection<Long> householdIds) {
        List<Registered> out = new ArrayList<>();
        for (List<Long> chunk : chunks(householdIds)) {
            out.addAll(jdbc.sql(SELECT + " where " + REGISTERED + " and m.household_id in (:h) and m.reg_year = :y order by m.household_id, m.person_id")
                    .param("h", chunk).param("y", year).query(RegistryLookup::map).list());
        }
        return out;
    }

    /** Where these people are registered in the year; people not registered then are absent from the answer. */
    public List<Registered> memberships(int year, Collection<Long> personIds) {
        List<Registered> out = new ArrayList<>();
        for (List<Long> chunk : chunks(personIds)) {
            out.addAll(jdbc.sql(SELECT + " where " + REGISTERED + " and m.person_id in (:p) and m.reg_year = :y order by m.person_id, m.household_id")
                    .param("p", chunk).param("y", year).query(RegistryLookup::map).list());
        }
        return out;
    }

    /** A household as a list of people names it: its number and its village in a year (or its own village when not registered then). */
    public record HouseholdShown(long householdId, String householdNo, RegionCode village) {
    }

    /** How to show these households as of the year. */
    public Map<Long, HouseholdShown> households(int year, Collection<Long> householdIds) {
        Map<Long, HouseholdShown> out = new HashMap<>();
        for (List<Long> chunk : chunks(householdIds)) {
            jdbc.sql("""
                            select h.id, h.household_no, coalesce(hy.village_code, h.village_code) from household h
                            left join household_year hy on hy.household_id = h.id and hy.reg_year = :y
                            where h.id in (:h)""")
                    .param("y", year).param("h", chunk)
                    .query((rs, i) -> new HouseholdShown(rs.getLong(1), rs.getString(2), new RegionCode(rs.getString(3))))
                    .list().forEach(h -> out.put(h.householdId(), h));
        }
        return out;
    }

    /** The masked ID numbers of these people, for lists that name no one. */
    public Map<Long, String> maskedIds(Collection<Long> personIds) {
        Map<Long, String> out = new HashMap<>();
        for (List<Long> chunk : chunks(personIds)) {
            jdbc.sql("select id, id_masked from person where id in (:p)").param("p", chunk)
                    .query(rs -> {
                        out.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return out;
    }

    /** The names of these people as the registry holds them; callers mask them for who may not see them. */
    public Map<Long, String> names(Collection<Long> personIds) {
        Map<Long, String> out = new HashMap<>();
        for (List<Long> chunk : chunks(personIds)) {
            jdbc.sql("select id, name from person where id in (:p)").param("p", chunk)
                    .query(rs -> {
                        out.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return out;
    }

    /** The person holding this ID number, if registered in any year. */
    public Optional<Long> personId(ResidentId id) {
        return jdbc.sql("select id from person where id_hash = :h").param("h", protector.lookupHash(id.value()))
                .query(Long.class).optional();
    }

    /** Of these households, those whose number contains the text. */
    public java.util.Set<Long> householdsNumbered(Collection<Long> householdIds, String text) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (List<Long> chunk : chunks(householdIds)) {
            out.addAll(jdbc.sql("select id from household where id in (:h) and household_no like :t")
                    .param("h", chunk).param("t", "%" + likeEscaped(text) + "%").query(Long.class).list());
        }
        return out;
    }

    /** Of these people, those whose name contains the text. */
    public java.util.Set<Long> peopleNamed(Collection<Long> personIds, String text) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (List<Long> chunk : chunks(personIds)) {
            out.addAll(jdbc.sql("select id from person where id in (:p) and name like :t")
                    .param("p", chunk).param("t", "%" + likeEscaped(text) + "%").query(Long.class).list());
        }
        return out;
    }

    private static String likeEscaped(String text) {
        // H2 and PostgreSQL both take the backslash as the default escape of like
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 1_000) {
            out.add(all.subList(i, Math.min(all.size(), i + 1_000)));
        }
        return out;
    }

    private static final String SELECT = """
            select p.id as person_id, h.id as household_id, h.household_no, m.county_code, hy.village_code, p.id_masked
            from membership m
            join person p on p.id = m.person_id
            join household h on h.id = m.household_id
            join household_year hy on hy.household_id = m.household_id and hy.reg_year = m.reg_year""";

    /** A membership of a household-year not marked as removed from the registry. */
    private static final String REGISTERED = Households.REGISTERED;

    private static Registered map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Registered(rs.getLong("person_id"), rs.getLong("household_id"), rs.getString("household_no"),
                new RegionCode(rs.getString("county_code")), new RegionCode(rs.getString("village_code")), rs.getString("id_masked"));
    }
}
