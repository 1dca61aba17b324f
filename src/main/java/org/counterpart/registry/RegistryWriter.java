package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Scope;
import org.counterpart.shared.Problem;
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
import java.util.TreeMap;
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
    private static final int ARRAY_CHUNK = 20_000;

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

    /**
     * One import's transaction as the writer sees it. On PostgreSQL, when the database role may set
     * {@code session_replication_role}, the import's own rows are written without PostgreSQL checking
     * their foreign keys row by row (a lookup and a row lock for every member written, most of the
     * time of a large import): the writer makes those references itself, to households and people it
     * has just created or just read, and takes the key-share locks the checks would have taken on the
     * rows it did not create, in a few set statements, so that nobody can remove them before the
     * import commits. Otherwise PostgreSQL checks every row as usual.
     */
    static final class Session {
        final boolean trusted;
        /**
         * The village-code prefix of the importer's scope, empty for the whole country: a person
         * registered in a household outside it is not the importer's to change.
         */
        final Optional<String> scope;
        final ImportedPeople people = new ImportedPeople();
        private long[] createdHouseholds = new long[0];
        /** Whether the people created now are remembered: not in the file's last year, after which nobody asks. */
        private boolean remember = true;
        /**
         * People on record whom this year's earlier slices took out of a household they were in (the
         * household's year replaced without them), by person id: to every later slice of the year they
         * are still in that household, as they were when the year began, as if the year were written at once.
         */
        private final Map<Long, String> leftThisYear = new HashMap<>();
        /** Whether the changes of each household are listed (a dry run's), and those listed so far. */
        private boolean listChanges;
        private final List<HouseholdChange> changes = new ArrayList<>();
        private long changesLeftOut;

        /** Lists what each household's year would change, as a dry run shows it. */
        void listChanges() {
            listChanges = true;
        }

        List<HouseholdChange> changes() {
            return changes;
        }

        /** Changes beyond {@link #MAX_CHANGES}, counted but not listed. */
        long changesLeftOut() {
            return changesLeftOut;
        }

        private void change(HouseholdChange c) {
            if (changes.size() < MAX_CHANGES) {
                changes.add(c);
            } else {
                changesLeftOut++;
            }
        }

        private Session(boolean trusted, Optional<String> scope) {
            this.trusted = trusted;
            this.scope = scope;
        }

        /** A registry year of the file begins; {@code last} when no year follows it. */
        void startYear(boolean last) {
            remember = !last;
            leftThisYear.clear();
        }

        private static long[] plus(long[] sorted, long[] more) {
            long[] all = java.util.Arrays.copyOf(sorted, sorted.length + more.length);
            System.arraycopy(more, 0, all, sorted.length, more.length);
            java.util.Arrays.sort(all);
            return all;
        }

        private static boolean in(long[] sorted, long id) {
            return java.util.Arrays.binarySearch(sorted, id) >= 0;
        }
    }

    /** The most changes a dry run lists (a whole county's re-import stays a page of a few hundred kilobytes per thousand). */
    static final int MAX_CHANGES = 50_000;

    /** A member of a stored year, for the changes a dry run lists. */
    private record OldMember(long personId, String relation, String masked) {
    }

    /** The members of these households' stored year, by household. */
    private Map<Long, List<OldMember>> oldMembers(Collection<Long> householdIds, int year) {
        Map<Long, List<OldMember>> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(householdIds);
        for (int i = 0; i < ids.size(); i += CHUNK) {
            jdbc.sql("""
                            select m.household_id, m.person_id, m.relation, p.id_masked from membership m join person p on p.id = m.person_id
                            where m.reg_year = :y and m.household_id in (:h)""")
                    .param("y", year).param("h", ids.subList(i, Math.min(ids.size(), i + CHUNK)))
                    .query(rs -> {
                        out.computeIfAbsent(rs.getLong(1), h -> new ArrayList<>()).add(new OldMember(rs.getLong(2), rs.getString(3), rs.getString(4)));
                    });
        }
        return out;
    }

    /** The fields of a stored fact that are bookkeeping, not what the registry says. */
    private static final java.util.Set<String> NOT_FACTS = java.util.Set.of("factHash", "version", "year", "recordedAt", "recordedBy");

    /** What one household's year changes: facts field by field, members in and out, a new head. */
    private static void listChanges(Session session, HouseholdGroup g, Map<String, String> old, Map<String, String> now,
                                    List<OldMember> was, Map<String, Long> personIds) {
        for (Map.Entry<String, String> e : now.entrySet()) {
            String before = old.getOrDefault(e.getKey(), "");
            if (!NOT_FACTS.contains(e.getKey()) && !before.equals(e.getValue())) {
                session.change(new HouseholdChange(g.householdNo, g.countyCode, g.year, HouseholdChange.Kind.FACT, e.getKey(), before, e.getValue()));
            }
        }
        java.util.Set<Long> staying = new java.util.HashSet<>();
        String newHead = null;
        for (int i = 0; i < g.rows.size(); i++) {
            ImportRow r = g.rows.get(i);
            long person = personIds.get(g.idHashes.get(i));
            staying.add(person);
            if (HouseholdGroup.HEAD.equals(r.relation())) {
                newHead = r.id().masked();
            }
            if (was.stream().noneMatch(m -> m.personId() == person)) {
                session.change(new HouseholdChange(g.householdNo, g.countyCode, g.year, HouseholdChange.Kind.MEMBER_IN, "relation", "",
                        r.id().masked() + " " + nz(r.relation())));
            }
        }
        String oldHead = null;
        for (OldMember m : was) {
            if (HouseholdGroup.HEAD.equals(m.relation())) {
                oldHead = m.masked();
            }
            if (!staying.contains(m.personId())) {
                session.change(new HouseholdChange(g.householdNo, g.countyCode, g.year, HouseholdChange.Kind.MEMBER_OUT, "relation",
                        m.masked() + " " + m.relation(), ""));
            }
        }
        if (newHead != null && !newHead.equals(oldHead)) {
            session.change(new HouseholdChange(g.householdNo, g.countyCode, g.year, HouseholdChange.Kind.NEW_HEAD, "head",
                    oldHead == null ? "" : oldHead, newHead));
        }
    }

    private volatile boolean trustAllowed = true;

    /** Starts the writing of one import, in its transaction. */
    Session begin() {
        // the import runs as its caller (a job carries the user who started it, a command the system)
        // (nobody changes nobody's people: without a caller every person on record is outside)
        Optional<Scope> caller = CurrentUser.scopeOfCaller();
        Optional<String> limit = caller.map(Scope::isNation).orElse(false) ? Optional.empty()
                : Optional.of(caller.flatMap(Scope::region).map(RegionCode::value).orElse(NO_VILLAGE));
        return new Session(trustAllowed && postgres() && maySkipKeyChecks(), limit);
    }

    /** A prefix no village code has: the scope of an institution, which holds no households. */
    private static final String NO_VILLAGE = "-";

    /** For tests: whether imports may write without PostgreSQL's row-by-row key checks where the role allows it. */
    void allowTrust(boolean allowed) {
        trustAllowed = allowed;
    }

    private boolean maySkipKeyChecks() {
        if (Boolean.TRUE.equals(batch.queryForObject("select current_setting('is_superuser') = 'on'", Boolean.class))) {
            return true;
        }
        Integer version = batch.queryForObject("select current_setting('server_version_num')::int", Integer.class);
        return version != null && version >= 150000 && Boolean.TRUE.equals(
                batch.queryForObject("select has_parameter_privilege('session_replication_role', 'SET')", Boolean.class));
    }

    /** Writes every group that can be written; conflicts with the stored registry go to {@code problems}. */
    Counts writeAll(Session session, List<HouseholdGroup> groups, String actor, Instant at,
                    List<Problem> problems, java.util.function.DoubleConsumer part) {
        if (groups.isEmpty()) {
            return new Counts(0, 0, 0, 0);
        }
        boolean copy = postgres();
        long[] started = {System.nanoTime()};
        Set<Integer> years = new TreeSet<>();
        groups.forEach(g -> years.add(g.year));
        // only the households of these groups are looked up, so the cost follows the slice, not the county
        Set<String> keys = new java.util.LinkedHashSet<>();
        groups.forEach(g -> keys.add(g.householdKey));
        Map<String, Known> households = households(keys);                     // county/no -> id, village
        Map<String, StoredFact> facts = facts(households.values(), years);   // householdId/year -> hash, version
        // people this import created in an earlier year are known without asking; the others are read
        Set<String> yearsPeople = new java.util.HashSet<>();
        groups.forEach(g -> yearsPeople.addAll(g.idHashes));
        Map<String, Stored> stored = persons(yearsPeople.stream().filter(h -> session.people.id(h) == 0).toList());
        Map<String, String> elsewhere = memberships(stored, years);           // hash/year -> county/no
        // people registered (in any year) in a household outside the importer's scope are not the importer's to change
        Set<Long> outside = session.scope.isEmpty() ? Set.of() : registeredOutside(stored.values(), session.scope.get());
        if (!session.leftThisYear.isEmpty()) {
            stored.forEach((hash, p) -> {
                String left = session.leftThisYear.get(p.id());
                if (left != null) {
                    years.forEach(y -> elsewhere.putIfAbsent(hash + "/" + y, left));
                }
            });
        }

        part.accept(0.10);
        log.debug("registry write: {} households, {} people looked up, {} ms", groups.size(), yearsPeople.size(), lap(started));
        // the hash of everything a year's fact says, on every core
        Map<HouseholdGroup, String> hashes = new java.util.concurrent.ConcurrentHashMap<>();
        groups.parallelStream().forEach(g -> hashes.put(g, factHash(g)));

        int refused = 0;
        int unchanged = 0;
        List<HouseholdGroup> toWrite = new ArrayList<>();
        List<Object[]> conflicts = new ArrayList<>();
        for (HouseholdGroup g : groups) {
            Problem conflict = null;
            if (!outside.isEmpty()) {
                for (int i = 0; i < g.rows.size(); i++) {
                    Stored known = stored.get(g.idHashes.get(i));
                    if (known != null && outside.contains(known.id())) {
                        ImportRow r = g.rows.get(i);
                        // refused without naming where the person is registered; that side sees the attempt
                        conflict = new Problem(r.line(), RegistryColumns.header(RegistryColumns.ID_NUMBER), r.id().masked(),
                                "import.id.registeredOutsideScope", List.of());
                        conflicts.add(new Object[]{known.id(), g.year, g.countyCode, r.village().value(), g.householdNo,
                                actor, Timestamp.from(at)});
                        break;
                    }
                }
            }
            if (conflict == null && !elsewhere.isEmpty()) {
                for (int i = 0; i < g.rows.size(); i++) {
                    ImportRow r = g.rows.get(i);
                    String held = elsewhere.get(g.idHashes.get(i) + "/" + g.year);
                    if (held != null && !held.equals(g.householdKey)) {
                        conflict = new Problem(r.line(), RegistryColumns.header(RegistryColumns.ID_NUMBER), r.id().masked(),
                                "import.id.registeredElsewhere", List.of(held.substring(held.indexOf('/') + 1), String.valueOf(g.year)));
                        break;
                    }
                }
            }
            if (conflict != null) {
                problems.add(conflict);
                refused++;
                continue;
            }
            Known household = households.get(g.householdKey);
            StoredFact fact = household == null ? null : facts.get(household.id() + "/" + g.year);
            if (fact != null && fact.hash().equals(hashes.get(g))) {
                unchanged++;
                continue;
            }
            toWrite.add(g);
        }

        batch.batchUpdate("""
                insert into registry_conflict (person_id, reg_year, county_code, village_code, household_no, recorded_by, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?)""", conflicts);
        part.accept(0.15);
        log.debug("registry write: {} to write, {} unchanged, {} refused, {} ms", toWrite.size(), unchanged, refused, lap(started));
        // households that are new to the registry, and those that moved to another village
        List<Object[]> newHouseholds = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (HouseholdGroup g : toWrite) {
            String key = g.householdKey;
            if (!households.containsKey(key) && seen.putIfAbsent(key, "") == null) {
                newHouseholds.add(new Object[]{g.countyCode, g.householdNo, g.first().village().value()});
            }
        }
        List<Object[]> moved = new ArrayList<>();
        for (HouseholdGroup g : toWrite) {
            Known known = households.get(g.householdKey);
            if (known != null && !known.village().equals(g.first().village().value())) {
                moved.add(new Object[]{g.first().village().value(), known.id(), g.first().village().value()});
            }
        }
        if (session.trusted) {
            batch.execute("set local session_replication_role = replica");
        }
        if (copy) {
            long[] ids = newIds("household", newHouseholds.size());
            session.createdHouseholds = Session.plus(session.createdHouseholds, ids);
            try (RowSinks.Copy out = new RowSinks.Copy(batch, "household (id, county_code, household_no, village_code)")) {
                for (int i = 0; i < newHouseholds.size(); i++) {
                    Object[] h = newHouseholds.get(i);
                    out.row(ids[i], h[0], h[1], h[2]);
                    households.put(h[0] + "/" + h[1], new Known(ids[i], (String) h[2]));
                }
            }
        } else {
            batch.batchUpdate("insert into household (county_code, household_no, village_code) values (?, ?, ?)", newHouseholds);
            if (!newHouseholds.isEmpty()) {
                households = households(keys);
            }
        }
        batch.batchUpdate("update household set village_code = ? where id = ? and village_code <> ?", moved);
        for (HouseholdGroup g : toWrite) {
            g.householdId = households.get(g.householdKey).id();
        }

        part.accept(0.22);
        log.debug("registry write: {} new households, {} moved, {} ms", newHouseholds.size(), moved.size(), lap(started));
        // people: the latest year's row says the current name and phone
        Map<String, ImportRow> people = new LinkedHashMap<>();
        toWrite.stream().sorted(Comparator.comparingInt(g -> g.year))
                .forEach(g -> {
                    for (int i = 0; i < g.rows.size(); i++) {
                        people.put(g.idHashes.get(i), g.rows.get(i));
                    }
                });
        Map<String, Long> personIds = new HashMap<>();
        stored.forEach((hash, p) -> personIds.put(hash, p.id()));
        List<String> added = new ArrayList<>();
        List<String> known = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        people.keySet().forEach(hash -> {
            long id = session.people.id(hash);
            if (id != 0) {
                personIds.put(hash, id);
                ours.add(hash);
            } else {
                (stored.containsKey(hash) ? known : added).add(hash);
            }
        });
        // a known person is written again only when the name or the phone number changed
        List<String> knownChanged = known.parallelStream().filter(hash -> {
            ImportRow r = people.get(hash);
            Stored p = stored.get(hash);
            boolean phoneChanged = r.phone() != null && (p.phoneCipher() == null || !r.phone().equals(protector.decrypt(p.phoneCipher())));
            return phoneChanged || !r.name().equals(p.name());
        }).toList();
        List<Object[]> changed = new ArrayList<>(knownChanged.parallelStream().map(hash -> contact(people.get(hash), stored.get(hash).id())).toList());
        List<String> oursChanged = ours.stream().filter(hash -> session.people.changed(hash, people.get(hash).name(), people.get(hash).phone()))
                .toList();
        changed.addAll(oursChanged.parallelStream().map(hash -> contact(people.get(hash), personIds.get(hash))).toList());
        oursChanged.forEach(hash -> session.people.written(hash, personIds.get(hash), people.get(hash).name(), people.get(hash).phone()));
        if (copy && changed.size() > 1_000) {
            // many changes at once: copied into a table of the transaction's own, then one statement
            batch.execute("""
                    create temporary table if not exists person_change (name varchar(60), phone_cipher varchar(200),
                        phone_masked varchar(20), id bigint) on commit drop""");
            try (RowSinks.Copy out = new RowSinks.Copy(batch, "person_change (name, phone_cipher, phone_masked, id)")) {
                changed.forEach(out::add);
            }
            batch.execute("""
                    update person p set name = c.name, phone_cipher = coalesce(c.phone_cipher, p.phone_cipher),
                        phone_masked = coalesce(c.phone_masked, p.phone_masked)
                    from person_change c where p.id = c.id""");
            batch.execute("truncate person_change");
        } else {
            batch.batchUpdate("""
                    update person set name = ?, phone_cipher = coalesce(?, phone_cipher), phone_masked = coalesce(?, phone_masked)
                    where id = ?""", changed);
        }
        // every person on record whom the import changed has an entry of its own, masked as the audit keeps people
        for (String hash : knownChanged) {
            ImportRow r = people.get(hash);
            Stored p = stored.get(hash);
            String phoneBefore = p.phoneCipher() == null ? "" : Masking.phone(protector.decrypt(p.phoneCipher()));
            Map<String, String> was = new LinkedHashMap<>();
            was.put("idNumber", r.id().masked());
            was.put("name", maskedName(p.name()));
            was.put("phone", phoneBefore);
            Map<String, String> now = new LinkedHashMap<>(was);
            now.put("name", maskedName(r.name()));
            now.put("nameChanged", String.valueOf(!r.name().equals(p.name())));
            now.put("phone", r.phone() == null ? phoneBefore : Masking.phone(r.phone()));
            events.publishEvent(RecordChanged.updated(RegistryAudit.PERSON, p.id(), was, now));
        }
        // new people, their numbers encrypted on every core, a slice at a time so memory stays flat
        long[] newPersonIds = copy ? newIds("person", added.size()) : null;
        try (RowSinks.Sink out = copy
                ? new RowSinks.Copy(batch, "person (id, id_hash, id_cipher, id_masked, name, sex, birth_date, phone_cipher, phone_masked)")
                : new RowSinks.Batch(batch, """
                    insert into person (id_hash, id_cipher, id_masked, name, sex, birth_date, phone_cipher, phone_masked)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int from = 0; from < added.size(); from += 10_000) {
                int first = from;
                List<Object[]> slice = java.util.stream.IntStream.range(from, Math.min(added.size(), from + 10_000)).parallel()
                        .mapToObj(i -> {
                            String hash = added.get(i);
                            ImportRow r = people.get(hash);
                            Object born = copy ? r.id().birthDate() : Date.valueOf(r.id().birthDate());
                            String phoneCipher = r.phone() == null ? null : protector.encrypt(r.phone());
                            String phoneMasked = r.phone() == null ? null : Masking.phone(r.phone());
                            return copy
                                    ? new Object[]{newPersonIds[i], hash, protector.encrypt(r.id().value()), r.id().masked(), r.name(),
                                    r.id().sex() == ResidentId.Sex.MALE ? "M" : "F", born, phoneCipher, phoneMasked}
                                    : new Object[]{hash, protector.encrypt(r.id().value()), r.id().masked(), r.name(),
                                    r.id().sex() == ResidentId.Sex.MALE ? "M" : "F", born, phoneCipher, phoneMasked};
                        }).toList();
                for (int i = 0; i < slice.size(); i++) {
                    out.add(slice.get(i));
                    if (copy) {
                        personIds.put(added.get(first + i), newPersonIds[first + i]);
                    }
                }
            }
        }
        if (!copy && !added.isEmpty()) {
            persons(added).forEach((hash, p) -> personIds.put(hash, p.id()));
        }
        if (session.remember) {
            added.forEach(hash -> session.people.written(hash, personIds.get(hash), people.get(hash).name(), people.get(hash).phone()));
        }
        part.accept(0.50);
        log.debug("registry write: {} new people, {} changed, {} ms", added.size(), changed.size(), lap(started));
        refreshStatistics("household", newHouseholds.size());
        refreshStatistics("person", added.size());

        log.debug("registry write: statistics, {} ms", lap(started));
        // the facts: a changed year is replaced, its old values kept for the audit log
        int created = 0;
        int updated = 0;
        List<Object[]> deletions = new ArrayList<>();
        Map<Long, Map<String, String>> before = new LinkedHashMap<>();
        for (HouseholdGroup g : toWrite) {
            long householdId = g.householdId;
            if (facts.containsKey(householdId + "/" + g.year)) {
                before.put(householdId * 10_000 + g.year, fact(householdId, g.year).orElseThrow());
                deletions.add(new Object[]{householdId, g.year});
            }
        }
        Map<Long, List<OldMember>> membersBefore = session.listChanges && !deletions.isEmpty()
                ? oldMembers(before.keySet().stream().map(k -> k / 10_000).toList(), toWrite.get(0).year) : Map.of();
        if (session.listChanges) {
            for (HouseholdGroup g : toWrite) {
                if (!facts.containsKey(g.householdId + "/" + g.year)) {
                    session.change(new HouseholdChange(g.householdNo, g.countyCode, g.year, HouseholdChange.Kind.NEW, "memberCount", "",
                            String.valueOf(g.rows.size())));
                }
            }
        }
        noteWhoLeaves(session, toWrite, facts, personIds);
        batch.batchUpdate("delete from membership where household_id = ? and reg_year = ?", deletions);
        batch.batchUpdate("delete from household_year where household_id = ? and reg_year = ?", deletions);
        // written in slices, so the statements of a large import never sit in memory all at once
        RowSinks.Sink factRows = copy ? new RowSinks.Copy(batch, """
                household_year (household_id, reg_year, county_code, village_code, poverty_attribute, main_cause,
                    other_causes, standard, poverty_status, income_wage, income_business, income_transfer, income_property,
                    production_costs, dangerous_housing, safe_water, cadre_name, cadre_unit, member_count, fact_hash,
                    recorded_at, recorded_by, version, members_ready)""") : new RowSinks.Batch(batch, """
                insert into household_year (household_id, reg_year, county_code, village_code, poverty_attribute, main_cause,
                    other_causes, standard, poverty_status, income_wage, income_business, income_transfer, income_property,
                    production_costs, dangerous_housing, safe_water, cadre_name, cadre_unit, member_count, fact_hash,
                    recorded_at, recorded_by, version, members_ready)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        try (factRows) {
            for (HouseholdGroup g : toWrite) {
                long householdId = g.householdId;
                StoredFact old = facts.get(householdId + "/" + g.year);
                int version = 0;
                if (old != null) {
                    version = old.version() + 1;
                    updated++;
                } else {
                    created++;
                }
                ImportRow f = g.first();
                factRows.add(new Object[]{householdId, g.year, g.countyCode, f.village().value(), f.attribute(), f.mainCause(),
                        String.join("、", f.otherCauses()), f.standard(), f.status(), f.income().wage(), f.income().business(),
                        f.income().transfer(), f.income().property(), f.income().costs(), f.dangerousHousing(), f.safeWater(),
                        f.cadreName(), f.cadreUnit(), g.rows.size(), hashes.get(g), copy ? at : Timestamp.from(at), actor, version,
                        membersReady(g)});
            }
        }
        part.accept(0.65);
        log.debug("registry write: {} facts, {} replaced, {} ms", toWrite.size(), deletions.size(), lap(started));
        RowSinks.Sink memberRows = copy ? new RowSinks.Copy(batch, """
                membership (household_id, reg_year, person_id, county_code, relation, ethnicity, education,
                    student_status, health, labor_ability, migrant_work, migrant_months, medical_insurance, pension_insurance)""")
                : new RowSinks.Batch(batch, """
                insert into membership (household_id, reg_year, person_id, county_code, relation, ethnicity, education,
                    student_status, health, labor_ability, migrant_work, migrant_months, medical_insurance, pension_insurance)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        try (memberRows) {
            int householdsWritten = 0;
            for (HouseholdGroup g : toWrite) {
                if (++householdsWritten % 2_000 == 0) {
                    part.accept(0.65 + 0.33 * householdsWritten / toWrite.size());
                }
                long householdId = g.householdId;
                for (int i = 0; i < g.rows.size(); i++) {
                    ImportRow r = g.rows.get(i);
                    memberRows.add(new Object[]{householdId, g.year, personIds.get(g.idHashes.get(i)), g.countyCode,
                            r.relation(), r.ethnicity(), r.education(), r.studentStatus(), r.health(), r.laborAbility(),
                            r.migrantWork(), r.migrantMonths(), r.medicalInsurance(), r.pensionInsurance()});
                }
            }
        }
        if (session.trusted) {
            lockReferenced(session, toWrite, stored);
            batch.execute("set local session_replication_role = origin");
        }
        log.debug("registry write: members, {} ms", lap(started));
        refreshStatistics("household_year", toWrite.size());
        refreshStatistics("membership", toWrite.stream().mapToInt(g -> g.rows.size()).sum());
        log.debug("registry write: statistics, {} ms", lap(started));
        // measures that reached these households follow their members of the year (the cooperation listens)
        Map<Integer, List<Long>> writtenByYear = new TreeMap<>();
        for (HouseholdGroup g : toWrite) {
            writtenByYear.computeIfAbsent(g.year, y -> new ArrayList<>()).add(g.householdId);
        }
        writtenByYear.forEach((year, ids) -> events.publishEvent(new HouseholdMembersChanged(year, ids)));
        Map<Long, HouseholdGroup> groupOf = new HashMap<>();
        if (session.listChanges) {
            toWrite.forEach(g -> groupOf.put(g.householdId, g));
        }
        before.forEach((key, old) -> {
            long householdId = key / 10_000;
            Map<String, String> after = fact(householdId, (int) (key % 10_000)).orElseThrow();
            if (session.listChanges) {
                listChanges(session, groupOf.get(householdId), old, after, membersBefore.getOrDefault(householdId, List.of()), personIds);
            }
            old.remove("version");
            after.remove("version");
            events.publishEvent(RecordChanged.updated(RegistryAudit.HOUSEHOLD, householdId, old, after));
        });
        return new Counts(created, updated, unchanged, refused);
    }

    /**
     * The members' part of the exit conditions, as ExitPolicy judges it: every member in basic medical
     * insurance, and no child of school age (7 to 15 on 1 September of the year) out of school. It
     * changes only with the members, so it is stored with the year's fact; income, housing and water
     * are compared when read, as the poverty line may still change.
     */
    static boolean membersReady(HouseholdGroup g) {
        java.time.LocalDate schoolDay = java.time.LocalDate.of(g.year, 9, 1);
        for (ImportRow r : g.rows) {
            if (!Boolean.TRUE.equals(r.medicalInsurance())) {
                return false;
            }
            int age = java.time.Period.between(r.id().birthDate(), schoolDay).getYears();
            if (age >= 7 && age <= 15 && (r.studentStatus() == null || ExitPolicy.OUT_OF_SCHOOL.contains(r.studentStatus()))) {
                return false;
            }
        }
        return true;
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RegistryWriter.class);

    /** Milliseconds since the last lap, for the timing log. */
    private static long lap(long[] since) {
        long now = System.nanoTime();
        long ms = (now - since[0]) / 1_000_000;
        since[0] = now;
        return ms;
    }

    /** A household on record: its id and village. */
    private record Known(long id, String village) {
    }

    /** A person on record: id, name and encrypted phone number. */
    private record Stored(long id, String name, String phoneCipher) {
    }

    /** A person's new name and phone number, for an update; the phone number encrypted, and kept when the row has none. */
    private Object[] contact(ImportRow r, long personId) {
        return new Object[]{r.name(), r.phone() == null ? null : protector.encrypt(r.phone()),
                r.phone() == null ? null : Masking.phone(r.phone()), personId};
    }

    /**
     * What PostgreSQL's foreign-key checks would have locked: the households and people the year's
     * rows refer to that this import did not create, locked against removal until it commits.
     */
    private void lockReferenced(Session session, List<HouseholdGroup> written, Map<String, Stored> peopleOnRecord) {
        lock("household", "id", "int8", written.stream().mapToLong(g -> g.householdId)
                .filter(id -> !Session.in(session.createdHouseholds, id)).distinct().boxed().toArray());
        lock("person", "id", "int8", written.stream().flatMap(g -> g.idHashes.stream()).map(peopleOnRecord::get)
                .filter(java.util.Objects::nonNull).map(Stored::id).distinct().toArray());
        lock("region", "code", "varchar", written.stream().map(g -> g.first().village().value()).distinct().toArray());
    }

    /**
     * Locks rows against removal until the import commits, as a foreign-key check would; a row that is
     * gone by now (removed since it was read) fails the import, as the check would have.
     */
    private void lock(String table, String key, String type, Object[] keys) {
        for (int i = 0; i < keys.length; i += ARRAY_CHUNK) {
            Object[] chunk = java.util.Arrays.copyOfRange(keys, i, Math.min(keys.length, i + ARRAY_CHUNK));
            int[] locked = {0};
            batch.query("select " + key + " from " + table + " where " + key + " = any(?) for key share",
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf(type, chunk)), rs -> {
                        locked[0]++;
                    });
            if (locked[0] != chunk.length) {
                throw new IllegalStateException((chunk.length - locked[0]) + " " + table
                        + " rows the import refers to were removed while it ran; nothing was written");
            }
        }
    }

    /** Identities for rows about to be copied, taken from the table's own sequence. */
    private long[] newIds(String table, int count) {
        long[] ids = new long[count];
        if (count == 0) {
            return ids;
        }
        int[] i = {0};
        batch.query("select nextval(pg_get_serial_sequence(?, 'id')) from generate_series(1, ?)",
                rs -> {
                    ids[i[0]++] = rs.getLong(1);
                }, table, count);
        return ids;
    }

    /**
     * After a large insert in the running transaction, PostgreSQL still plans with the statistics of the
     * tables as they were (often empty), and would scan the whole table for each look-up that follows;
     * ANALYZE inside the transaction sees the new rows. H2 plans without such statistics.
     */
    private void refreshStatistics(String table, int rowsWritten) {
        if (rowsWritten < 5_000 || !postgres()) {
            return;
        }
        // only when the rows written are a good part of the table as the statistics know it: plans
        // change with the order of magnitude, not with the last few per cent
        Double known = batch.queryForObject("select reltuples::float8 from pg_class where oid = cast(? as regclass)", Double.class, table);
        if (known == null || known < 2.0 * rowsWritten) {
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

    /** The households on record among these (county/number keys). */
    private Map<String, Known> households(Collection<String> keys) {
        Map<String, Known> map = new HashMap<>();
        org.springframework.jdbc.core.RowCallbackHandler each = rs -> {
            map.put(rs.getString(2) + "/" + rs.getString(3), new Known(rs.getLong(1), rs.getString(4)));
        };
        List<String> all = new ArrayList<>(keys);
        if (postgres()) {
            chunks(all, ARRAY_CHUNK, chunk -> batch.query("""
                    select h.id, h.county_code, h.household_no, h.village_code
                    from household h join unnest(?, ?) as k (county_code, household_no)
                      on h.county_code = k.county_code and h.household_no = k.household_no""", ps -> {
                ps.setArray(1, ps.getConnection().createArrayOf("varchar", chunk.stream().map(k -> k.substring(0, k.indexOf('/'))).toArray()));
                ps.setArray(2, ps.getConnection().createArrayOf("varchar", chunk.stream().map(k -> k.substring(k.indexOf('/') + 1)).toArray()));
            }, each));
        } else {
            Map<String, List<String>> byCounty = new java.util.TreeMap<>();
            all.forEach(k -> byCounty.computeIfAbsent(k.substring(0, k.indexOf('/')), c -> new ArrayList<>()).add(k.substring(k.indexOf('/') + 1)));
            byCounty.forEach((county, numbers) -> chunks(numbers, CHUNK, chunk -> jdbc.sql("""
                            select id, county_code, household_no, village_code from household
                            where county_code = :c and household_no in (:n)""")
                    .param("c", county).param("n", chunk).query(each)));
        }
        return map;
    }

    /** A year's fact as stored: the hash of what it says, and its version. */
    private record StoredFact(String hash, int version) {
    }

    /** The stored facts of these households in these years. */
    private Map<String, StoredFact> facts(Collection<Known> households, Collection<Integer> years) {
        Map<String, StoredFact> map = new HashMap<>();
        if (households.isEmpty()) {
            return map;
        }
        org.springframework.jdbc.core.RowCallbackHandler each = rs -> {
            map.put(rs.getLong(1) + "/" + rs.getInt(2), new StoredFact(rs.getString(3), rs.getInt(4)));
        };
        List<Long> ids = households.stream().map(Known::id).toList();
        for (int i = 0; i < ids.size(); i += ARRAY_CHUNK) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + ARRAY_CHUNK));
            if (postgres()) {
                batch.query("select household_id, reg_year, fact_hash, version from household_year where household_id = any(?) and reg_year = any(?)",
                        ps -> {
                            ps.setArray(1, ps.getConnection().createArrayOf("int8", chunk.toArray()));
                            ps.setArray(2, ps.getConnection().createArrayOf("int4", years.toArray()));
                        }, each);
            } else {
                for (int j = 0; j < chunk.size(); j += CHUNK) {
                    jdbc.sql("select household_id, reg_year, fact_hash, version from household_year where household_id in (:h) and reg_year in (:y)")
                            .param("h", chunk.subList(j, Math.min(chunk.size(), j + CHUNK))).param("y", years).query(each);
                }
            }
        }
        return map;
    }

    /**
     * Before the years these groups replace are deleted: the people on record who were in them and are
     * not in them any more, kept for the year's later slices (see {@link Session}).
     */
    private void noteWhoLeaves(Session session, List<HouseholdGroup> toWrite, Map<String, StoredFact> facts, Map<String, Long> personIds) {
        Map<Long, HouseholdGroup> replaced = new HashMap<>();
        for (HouseholdGroup g : toWrite) {
            if (facts.containsKey(g.householdId + "/" + g.year)) {
                replaced.put(g.householdId, g);
            }
        }
        if (replaced.isEmpty()) {
            return;
        }
        int year = toWrite.get(0).year;
        java.util.Set<Long> staying = new java.util.HashSet<>();
        replaced.values().forEach(g -> g.idHashes.forEach(h -> staying.add(personIds.get(h))));
        org.springframework.jdbc.core.RowCallbackHandler each = rs -> {
            long person = rs.getLong(2);
            if (!staying.contains(person)) {
                session.leftThisYear.put(person, replaced.get(rs.getLong(1)).householdKey);
            }
        };
        List<Long> ids = new ArrayList<>(replaced.keySet());
        for (int i = 0; i < ids.size(); i += CHUNK) {
            jdbc.sql("select household_id, person_id from membership where reg_year = :y and household_id in (:h)")
                    .param("y", year).param("h", ids.subList(i, Math.min(ids.size(), i + CHUNK))).query(each);
        }
    }

    /** Which household holds each of these people (those on record) in each of these years, wherever it lies. */
    private Map<String, String> memberships(Map<String, Stored> people, Collection<Integer> years) {
        Map<String, String> map = new HashMap<>();
        if (people.isEmpty()) {
            return map;
        }
        Map<Long, String> hashOf = new HashMap<>();
        people.forEach((hash, p) -> hashOf.put(p.id(), hash));
        org.springframework.jdbc.core.RowCallbackHandler each = rs -> {
            map.put(hashOf.get(rs.getLong(1)) + "/" + rs.getInt(2), rs.getString(3) + "/" + rs.getString(4));
        };
        List<Long> ids = new ArrayList<>(hashOf.keySet());
        for (int i = 0; i < ids.size(); i += ARRAY_CHUNK) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + ARRAY_CHUNK));
            if (postgres()) {
                // a whole slice of people as one array parameter: a few statements instead of one per thousand
                batch.query("""
                        select m.person_id, m.reg_year, h.county_code, h.household_no from membership m
                        join household h on h.id = m.household_id
                        where m.person_id = any(?) and m.reg_year = any(?)""", ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("int8", chunk.toArray()));
                    ps.setArray(2, ps.getConnection().createArrayOf("int4", years.toArray()));
                }, each);
            } else {
                for (int j = 0; j < chunk.size(); j += CHUNK) {
                    jdbc.sql("""
                                    select m.person_id, m.reg_year, h.county_code, h.household_no from membership m
                                    join household h on h.id = m.household_id
                                    where m.reg_year in (:y) and m.person_id in (:p)""")
                            .param("y", years).param("p", chunk.subList(j, Math.min(chunk.size(), j + CHUNK))).query(each);
                }
            }
        }
        return map;
    }

    /** The ids of those people who are members, in any year, of a household whose village does not start with {@code prefix}. */
    private Set<Long> registeredOutside(Collection<Stored> people, String prefix) {
        Set<Long> outside = new java.util.HashSet<>();
        List<Long> ids = people.stream().map(Stored::id).toList();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            outside.addAll(jdbc.sql("""
                            select distinct m.person_id from membership m join household h on h.id = m.household_id
                            where m.person_id in (:p) and h.village_code not like :scope""")
                    .param("p", ids.subList(i, Math.min(ids.size(), i + CHUNK))).param("scope", prefix + "%")
                    .query(Long.class).list());
        }
        return outside;
    }

    /** A name as the audit keeps it: its first character, the rest starred. */
    static String maskedName(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(name.codePointCount(first, name.length()));
    }

    private Map<String, Stored> persons(Collection<String> hashes) {
        Map<String, Stored> map = new HashMap<>();
        org.springframework.jdbc.core.RowCallbackHandler each = rs -> {
            map.put(rs.getString(2), new Stored(rs.getLong(1), rs.getString(3), rs.getString(4)));
        };
        List<String> all = new ArrayList<>(hashes);
        if (postgres()) {
            chunks(all, ARRAY_CHUNK, chunk -> batch.query("select id, id_hash, name, phone_cipher from person where id_hash = any(?)",
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", chunk.toArray())), each));
        } else {
            chunks(all, CHUNK, chunk -> jdbc.sql("select id, id_hash, name, phone_cipher from person where id_hash in (:h)")
                    .param("h", chunk).query(each));
        }
        return map;
    }

    private static void chunks(List<String> all, int size, Consumer<List<String>> each) {
        for (int i = 0; i < all.size(); i += size) {
            each.accept(all.subList(i, Math.min(all.size(), i + size)));
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
    static String factHash(HouseholdGroup group) {
        StringBuilder sb = new StringBuilder();
        group.first().householdFields().forEach(f -> sb.append(norm(f)).append('\u001f'));
        java.util.stream.IntStream.range(0, group.rows.size()).boxed().sorted(Comparator.comparing(group.idHashes::get)).forEach(i -> {
            ImportRow r = group.rows.get(i);
            for (Object f : List.of(group.idHashes.get(i), r.name(), nz(r.relation()), nz(r.ethnicity()), nz(r.education()),
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
