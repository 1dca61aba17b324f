package org.counterpart.registry;

import org.counterpart.shared.Masking;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.RecordChanged;
import org.counterpart.shared.ResidentId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Writes checked households into the registry as facts of their year, in bulk: what exists is read
 * with a few set queries, and everything new is written with batched statements, because a
 * registry export holds hundreds of thousands of rows and a round trip per row would take hours.
 * A year's fact is compared by a hash of everything it says, so importing the same file again changes
 * nothing; a changed fact replaces that year only, and the change goes to the audit log with the
 * values before and after.
 */
@Component
class RegistryWriter {

    /** How one import's households came out. */
    record Counts(int created, int updated, int unchanged, int refused) {
    }

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final PersonalDataProtector protector;
    private final ApplicationEventPublisher events;

    RegistryWriter(JdbcClient jdbc, JdbcTemplate batch, PersonalDataProtector protector, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.protector = protector;
        this.events = events;
    }

    /** Writes every group that can be written; conflicts with the stored registry go to {@code problems}. */
    Counts writeAll(List<HouseholdGroup> groups, Map<String, String> idHashes, String actor, Instant at, List<ImportProblem> problems) {
        if (groups.isEmpty()) {
            return new Counts(0, 0, 0, 0);
        }
        Set<String> counties = new TreeSet<>();
        Set<Integer> years = new TreeSet<>();
        groups.forEach(g -> {
            counties.add(g.countyCode);
            years.add(g.year);
        });
        Map<String, long[]> households = households(counties);              // county/no -> id
        Map<String, String[]> villages = new HashMap<>();
        Map<String, String[]> facts = facts(counties, years);                 // householdId/year -> hash, version
        Map<String, String> elsewhere = memberships(idHashes.values(), years); // hash/year -> county/no

        int refused = 0;
        int unchanged = 0;
        List<HouseholdGroup> toWrite = new ArrayList<>();
        Map<HouseholdGroup, String> hashes = new HashMap<>();
        for (HouseholdGroup g : groups) {
            Optional<ImportProblem> conflict = g.rows.stream().map(r -> {
                String held = elsewhere.get(idHashes.get(r.id().value()) + "/" + g.year);
                return held != null && !held.equals(g.countyCode + "/" + g.householdNo)
                        ? new ImportProblem(r.line(), RegistryColumns.header(RegistryColumns.ID_NUMBER), r.id().masked(),
                        "import.id.registeredElsewhere", List.of(held.substring(held.indexOf('/') + 1), String.valueOf(g.year)))
                        : null;
            }).filter(java.util.Objects::nonNull).findFirst();
            if (conflict.isPresent()) {
                problems.add(conflict.get());
                refused++;
                continue;
            }
            String hash = factHash(g, idHashes);
            long[] household = households.get(g.countyCode + "/" + g.householdNo);
            String[] fact = household == null ? null : facts.get(household[0] + "/" + g.year);
            if (fact != null && fact[0].equals(hash)) {
                unchanged++;
                continue;
            }
            hashes.put(g, hash);
            toWrite.add(g);
        }

        // households that are new to the registry, and those that moved to another village
        List<Object[]> newHouseholds = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (HouseholdGroup g : toWrite) {
            String key = g.countyCode + "/" + g.householdNo;
            if (!households.containsKey(key) && seen.putIfAbsent(key, "") == null) {
                newHouseholds.add(new Object[]{g.countyCode, g.householdNo, g.first().village().value()});
            }
        }
        batch.batchUpdate("insert into household (county_code, household_no, village_code) values (?, ?, ?)", newHouseholds);
        if (!newHouseholds.isEmpty()) {
            households = households(counties);
        }
        List<Object[]> moved = new ArrayList<>();
        for (HouseholdGroup g : toWrite) {
            moved.add(new Object[]{g.first().village().value(), households.get(g.countyCode + "/" + g.householdNo)[0], g.first().village().value()});
        }
        batch.batchUpdate("update household set village_code = ? where id = ? and village_code <> ?", moved);

        // people: the latest year's row says the current name and phone
        Map<String, ImportRow> people = new LinkedHashMap<>();
        toWrite.stream().sorted(Comparator.comparingInt(g -> g.year))
                .forEach(g -> g.rows.forEach(r -> people.put(idHashes.get(r.id().value()), r)));
        Map<String, Long> personIds = persons(people.keySet());
        Batch newPersons = new Batch("""
                insert into person (id_hash, id_cipher, id_masked, name, sex, birth_date, phone_cipher, phone_masked)
                values (?, ?, ?, ?, ?, ?, ?, ?)""");
        Batch changedPersons = new Batch("""
                update person set name = ?, phone_cipher = coalesce(?, phone_cipher), phone_masked = coalesce(?, phone_masked)
                where id = ?""");
        List<String> added = new ArrayList<>();
        people.forEach((hash, r) -> {
            String phoneCipher = r.phone() == null ? null : protector.encrypt(r.phone());
            String phoneMasked = r.phone() == null ? null : Masking.phone(r.phone());
            if (personIds.containsKey(hash)) {
                changedPersons.add(new Object[]{r.name(), phoneCipher, phoneMasked, personIds.get(hash)});
            } else {
                added.add(hash);
                newPersons.add(new Object[]{hash, protector.encrypt(r.id().value()), r.id().masked(), r.name(),
                        r.id().sex() == ResidentId.Sex.MALE ? "M" : "F", Date.valueOf(r.id().birthDate()), phoneCipher, phoneMasked});
            }
        });
        newPersons.flush();
        changedPersons.flush();
        refreshStatistics(newHouseholds.size() + added.size(), "household", "person");
        if (!added.isEmpty()) {
            personIds.putAll(persons(added));
        }

        // the facts: a changed year is replaced, its old values kept for the audit log
        int created = 0;
        int updated = 0;
        List<Object[]> deletions = new ArrayList<>();
        Map<Long, Map<String, String>> before = new LinkedHashMap<>();
        for (HouseholdGroup g : toWrite) {
            long householdId = households.get(g.countyCode + "/" + g.householdNo)[0];
            if (facts.containsKey(householdId + "/" + g.year)) {
                before.put(householdId * 10_000 + g.year, fact(householdId, g.year).orElseThrow());
                deletions.add(new Object[]{householdId, g.year});
            }
        }
        batch.batchUpdate("delete from membership where household_id = ? and reg_year = ?", deletions);
        batch.batchUpdate("delete from household_year where household_id = ? and reg_year = ?", deletions);
        // written in slices, so the statements of a large import never sit in memory all at once
        Batch factRows = new Batch("""
                insert into household_year (household_id, reg_year, county_code, village_code, poverty_attribute, main_cause,
                    other_causes, standard, poverty_status, income_wage, income_business, income_transfer, income_property,
                    production_costs, dangerous_housing, safe_water, cadre_name, cadre_unit, member_count, fact_hash,
                    recorded_at, recorded_by, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        Batch memberRows = new Batch("""
                insert into membership (household_id, reg_year, person_id, county_code, relation, ethnicity, education,
                    student_status, health, labor_ability, migrant_work, migrant_months, medical_insurance, pension_insurance)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        for (HouseholdGroup g : toWrite) {
            long householdId = households.get(g.countyCode + "/" + g.householdNo)[0];
            String[] old = facts.get(householdId + "/" + g.year);
            int version = 0;
            if (old != null) {
                version = Integer.parseInt(old[1]) + 1;
                updated++;
            } else {
                created++;
            }
            ImportRow f = g.first();
            factRows.add(new Object[]{householdId, g.year, g.countyCode, f.village().value(), f.attribute(), f.mainCause(),
                    String.join("、", f.otherCauses()), f.standard(), f.status(), f.income().wage(), f.income().business(),
                    f.income().transfer(), f.income().property(), f.income().costs(), f.dangerousHousing(), f.safeWater(),
                    f.cadreName(), f.cadreUnit(), g.rows.size(), hashes.get(g), Timestamp.from(at), actor, version});
            for (ImportRow r : g.rows) {
                memberRows.add(new Object[]{householdId, g.year, personIds.get(idHashes.get(r.id().value())), g.countyCode,
                        r.relation(), r.ethnicity(), r.education(), r.studentStatus(), r.health(), r.laborAbility(),
                        r.migrantWork(), r.migrantMonths(), r.medicalInsurance(), r.pensionInsurance()});
            }
        }
        factRows.flush();
        memberRows.flush();
        refreshStatistics(toWrite.size(), "household_year", "membership");
        before.forEach((key, old) -> {
            long householdId = key / 10_000;
            Map<String, String> after = fact(householdId, (int) (key % 10_000)).orElseThrow();
            old.remove("version");
            after.remove("version");
            events.publishEvent(RecordChanged.updated("household", householdId, old, after));
        });
        return new Counts(created, updated, unchanged, refused);
    }

    /**
     * After a large insert in the running transaction, PostgreSQL still plans with the statistics of the
     * tables as they were (often empty), and would scan the whole table for each look-up that follows;
     * ANALYZE inside the transaction sees the new rows. H2 plans without such statistics.
     */
    private void refreshStatistics(int rowsWritten, String... tables) {
        if (rowsWritten < 5_000 || !postgres()) {
            return;
        }
        for (String table : tables) {
            batch.execute("analyze " + table);
        }
    }

    private Boolean postgres;

    private boolean postgres() {
        if (postgres == null) {
            postgres = Boolean.TRUE.equals(batch.execute((java.sql.Connection c) ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
        }
        return postgres;
    }

    /** Rows for one statement, sent to the database every few thousand. */
    private final class Batch {
        private final String sql;
        private final List<Object[]> rows = new ArrayList<>();

        Batch(String sql) {
            this.sql = sql;
        }

        void add(Object[] row) {
            rows.add(row);
            if (rows.size() == 5_000) {
                flush();
            }
        }

        void flush() {
            if (!rows.isEmpty()) {
                batch.batchUpdate(sql, rows);
                rows.clear();
            }
        }
    }

    private Map<String, long[]> households(Collection<String> counties) {
        Map<String, long[]> map = new HashMap<>();
        jdbc.sql("select id, county_code, household_no from household where county_code in (:c)").param("c", counties)
                .query(rs -> {
                    map.put(rs.getString(2) + "/" + rs.getString(3), new long[]{rs.getLong(1)});
                });
        return map;
    }

    private Map<String, String[]> facts(Collection<String> counties, Collection<Integer> years) {
        Map<String, String[]> map = new HashMap<>();
        jdbc.sql("select household_id, reg_year, fact_hash, version from household_year where county_code in (:c) and reg_year in (:y)")
                .param("c", counties).param("y", years)
                .query(rs -> {
                    map.put(rs.getLong(1) + "/" + rs.getInt(2), new String[]{rs.getString(3), String.valueOf(rs.getInt(4))});
                });
        return map;
    }

    /** Which household holds each of these people in each of these years, wherever it lies. */
    private Map<String, String> memberships(Collection<String> hashes, Collection<Integer> years) {
        Map<String, String> map = new HashMap<>();
        chunks(new ArrayList<>(new TreeSet<>(hashes)), chunk -> jdbc.sql("""
                        select p.id_hash, m.reg_year, h.county_code, h.household_no from membership m
                        join person p on p.id = m.person_id join household h on h.id = m.household_id
                        where m.reg_year in (:y) and p.id_hash in (:h)""")
                .param("y", years).param("h", chunk)
                .query(rs -> {
                    map.put(rs.getString(1) + "/" + rs.getInt(2), rs.getString(3) + "/" + rs.getString(4));
                }));
        return map;
    }

    private Map<String, Long> persons(Collection<String> hashes) {
        Map<String, Long> map = new HashMap<>();
        chunks(new ArrayList<>(hashes), chunk -> jdbc.sql("select id, id_hash from person where id_hash in (:h)").param("h", chunk)
                .query(rs -> {
                    map.put(rs.getString(2), rs.getLong(1));
                }));
        return map;
    }

    private static void chunks(List<String> all, Consumer<List<String>> each) {
        for (int i = 0; i < all.size(); i += CHUNK) {
            each.accept(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
    }

    /** The stored fact of a year as text fields, for the audit log. */
    private Optional<Map<String, String>> fact(long householdId, int year) {
        return jdbc.sql("""
                        select village_code, poverty_attribute, main_cause, other_causes, standard, poverty_status, income_wage,
                               income_business, income_transfer, income_property, production_costs, dangerous_housing, safe_water,
                               cadre_name, cadre_unit, member_count, fact_hash, version
                        from household_year where household_id = :id and reg_year = :y""")
                .param("id", householdId).param("y", year)
                .query((rs, i) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    int n = rs.getMetaData().getColumnCount();
                    for (int c = 1; c <= n; c++) {
                        Object v = rs.getObject(c);
                        String name = rs.getMetaData().getColumnLabel(c).toLowerCase(java.util.Locale.ROOT);
                        m.put(camel(name), v instanceof java.math.BigDecimal d ? d.setScale(2).toPlainString() : v == null ? "" : v.toString());
                    }
                    m.put("year", String.valueOf(year));
                    return m;
                }).optional();
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    /**
     * Everything a year's fact says, members included (by keyed hash, never the number), as one hash.
     * A phone number is a person's contact, not a fact of the year, so it is kept out.
     */
    static String factHash(HouseholdGroup group, Map<String, String> idHashes) {
        StringBuilder sb = new StringBuilder();
        group.first().householdFields().forEach(f -> sb.append(norm(f)).append('\u001f'));
        group.rows.stream().sorted(Comparator.comparing(r -> idHashes.get(r.id().value()))).forEach(r -> {
            for (Object f : List.of(idHashes.get(r.id().value()), r.name(), nz(r.relation()), nz(r.ethnicity()), nz(r.education()),
                    nz(r.studentStatus()), nz(r.health()), nz(r.laborAbility()), nz(r.migrantWork()), nz(r.migrantMonths()),
                    nz(r.medicalInsurance()), nz(r.pensionInsurance()))) {
                sb.append(norm(f)).append('\u001f');
            }
            sb.append('\u001e');
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object nz(Object o) {
        return o == null ? "" : o;
    }

    private static String norm(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof java.math.BigDecimal d) {
            return d.setScale(2).toPlainString();
        }
        return o.toString();
    }
}
