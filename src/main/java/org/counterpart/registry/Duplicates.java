package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Page;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.RecordChanged;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Likely duplicates (疑似重复, dhis2's "potential duplicates"): two registered persons who may be one
 * person registered twice under different ID numbers. Two signs are looked for:
 * <ul>
 *   <li>the same name and birth date in the same town (the first 9 digits of the village code);</li>
 *   <li>the same name and ID numbers that differ in exactly one of the first 17 digits, or by a swap of
 *       two neighbouring ones — a typing error whose check character was then computed again, since
 *       GB 11643 makes a single wrong digit or a neighbour swap fail the check otherwise.</li>
 * </ul>
 * Candidates are blocked by name in SQL (only names held by two or more persons in the caller's scope),
 * then compared within each name in Java. Blocking by name alone rather than name and birth date is a
 * choice: 8 of the 17 digits are the birth date, and a typo there is as likely as anywhere else.
 *
 * <p>The second sign needs the numbers: they are decrypted here, compared and dropped; nothing returned
 * or logged carries more than the masked form. Merging persons is not done here: confirmed duplicates
 * are listed for correction in the national system, and dismissed pairs never come back.
 */
@Service
public class Duplicates {

    /** Why a pair is listed. */
    public enum Reason { SAME_NAME_BIRTH_DATE_TOWN, ONE_DIGIT_DIFFERENT, NEIGHBOURS_SWAPPED }

    /** A decision on a pair. */
    public enum Decision { CONFIRMED_DUPLICATE, DISMISSED }

    /** A household a person belongs to (in any registry year). */
    public record HouseholdLink(long householdId, String householdNo, RegionCode village) {
    }

    /**
     * One side of a pair, as it may be shown: the masked number, never the number, and no birth date —
     * the masked form hides exactly the birth-date digits, so showing both would give the number away.
     */
    public record Person(long personId, String name, String idMasked, List<HouseholdLink> households) {
    }

    /** A pair with why it is listed and, once decided, the decision. */
    public record Pair(Person a, Person b, Set<Reason> reasons, Optional<Decided> decided) {
    }

    public record Decided(Decision decision, String note, String decidedBy, Instant decidedAt, int version) {
    }

    private final JdbcClient jdbc;
    private final PersonalDataProtector protector;
    private final org.springframework.context.ApplicationEventPublisher events;

    Duplicates(JdbcClient jdbc, PersonalDataProtector protector, org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.protector = protector;
        this.events = events;
    }

    public boolean canDecide() {
        return CurrentUser.get().map(u -> u.is(Role.ADMINISTRATOR, Role.COORDINATOR, Role.REVIEWER) && u.scope().region().isPresent()).orElseGet(CurrentUser::isSystem);
    }

    /**
     * Pairs in the caller's scope (both persons belong to a household inside it), optionally within a
     * region; undecided pairs when {@code decision} is empty, else the pairs decided that way.
     */
    public Page<Pair> pairs(Optional<Decision> decision, Optional<RegionCode> region, int page, int size) {
        Optional<String> scope = scopePrefix();
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, size, 0);
        }
        String within = region.map(RegionCode::value).filter(r -> r.startsWith(scope.get())).orElse(scope.get());
        if (region.isPresent() && !region.get().value().startsWith(scope.get()) && !scope.get().startsWith(region.get().value())) {
            return new Page<>(List.of(), 0, size, 0);
        }
        Map<Long, Map<Long, Decided>> decisions = decisions();
        List<Pair> found = new ArrayList<>();
        find(within, candidate -> {
            Decided d = decisions.getOrDefault(candidate.a().personId(), Map.of()).get(candidate.b().personId());
            boolean wanted = decision.isEmpty() ? d == null : d != null && d.decision() == decision.get();
            if (wanted) {
                found.add(new Pair(candidate.a(), candidate.b(), candidate.reasons(), Optional.ofNullable(d)));
            }
        });
        if (decision.isPresent()) {
            // a decided pair stays listed under its decision even after the registry was corrected
            Set<String> seen = new java.util.HashSet<>();
            found.forEach(p -> seen.add(p.a().personId() + "/" + p.b().personId()));
            found.addAll(decidedNoLongerFound(decision.get(), within, seen));
        }
        found.sort(Comparator.comparing((Pair p) -> firstVillage(p.a())).thenComparing(p -> p.a().name())
                .thenComparingLong(p -> p.a().personId()).thenComparingLong(p -> p.b().personId()));
        return Page.of(found, page, size);
    }

    /** Confirms or dismisses a pair that is listed now; a decided pair is decided again only with the version seen. */
    @Transactional
    public void decide(long personA, long personB, Decision decision, String note, Optional<Integer> version) {
        if (!canDecide()) {
            throw new AccessDeniedException("duplicates are decided by reviewers, coordinators and administrators");
        }
        if (decision == null) {
            throw new InvalidInputException("decision", "duplicates.decision.required");
        }
        String text = note == null ? "" : note.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException("note", "duplicates.note.required");
        }
        if (text.length() > 1000) {
            throw new InvalidInputException("note", "import.tooLong", 1000);
        }
        long a = Math.min(personA, personB);
        long b = Math.max(personA, personB);
        String scope = scopePrefix().orElseThrow(() -> new AccessDeniedException("no registry scope"));
        List<Candidate> now = new ArrayList<>();
        findPair(a, b, scope, now::add);
        Optional<Decided> before = Optional.ofNullable(decisions(a, b).get(a)).map(m -> m.get(b));
        if (now.isEmpty() && before.isEmpty()) {
            throw new InvalidInputException("pair", "duplicates.notACandidate");
        }
        String reasons = now.isEmpty() ? "" : String.join(",", now.get(0).reasons().stream().map(Enum::name).toList());
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        Timestamp at = Timestamp.from(Instant.now());
        String county = now.isEmpty() ? "" : now.get(0).a().households().get(0).village().value().substring(0, 6);
        Map<String, String> after = new LinkedHashMap<>();
        after.put("personA", String.valueOf(a));
        after.put("personB", String.valueOf(b));
        after.put("decision", decision.name());
        after.put("note", text);
        if (before.isEmpty()) {
            try {
                jdbc.sql("""
                                insert into duplicate_decision (person_a, person_b, decision, reasons, note, county_code, decided_by, decided_at, version)
                                values (:a, :b, :decision, :reasons, :note, :county, :by, :at, 0)""")
                        .param("a", a).param("b", b).param("decision", decision.name()).param("reasons", reasons).param("note", text)
                        .param("county", county).param("by", actor).param("at", at).update();
            } catch (DuplicateKeyException e) {
                throw new ConcurrentEditException("duplicate pair " + a + "/" + b);
            }
            events.publishEvent(RecordChanged.created(RegistryAudit.DUPLICATE_DECISION, a + "/" + b, after));
            return;
        }
        int changed = jdbc.sql("""
                        update duplicate_decision set decision = :decision, note = :note, decided_by = :by, decided_at = :at,
                               version = version + 1
                        where person_a = :a and person_b = :b and version = :version""")
                .param("decision", decision.name()).param("note", text).param("by", actor).param("at", at)
                .param("a", a).param("b", b).param("version", version.orElse(-1)).update();
        if (changed == 0) {
            throw new ConcurrentEditException("duplicate pair " + a + "/" + b);
        }
        Map<String, String> old = new LinkedHashMap<>(after);
        old.put("decision", before.get().decision().name());
        old.put("note", before.get().note());
        events.publishEvent(RecordChanged.updated(RegistryAudit.DUPLICATE_DECISION, a + "/" + b, old, after));
    }

    // ---- finding ----

    private record Candidate(Person a, Person b, Set<Reason> reasons) {
    }

    /** One person as read for comparison; the number is decrypted only when compared. */
    private static final class Row {
        final long id;
        final String name;
        final LocalDate birth;
        final String cipher;
        final String masked;
        final List<HouseholdLink> households = new ArrayList<>();
        final Set<String> towns = new java.util.HashSet<>();
        String plain;

        Row(long id, String name, LocalDate birth, String cipher, String masked) {
            this.id = id;
            this.name = name;
            this.birth = birth;
            this.cipher = cipher;
            this.masked = masked;
        }

        Person view() {
            return new Person(id, name, masked, List.copyOf(households));
        }
    }

    private static final String CANDIDATES = """
            select distinct p.id, p.name, p.birth_date, p.id_cipher, p.id_masked, h.id as household_id, h.household_no, h.village_code
            from person p
            join membership m on m.person_id = p.id
            join household h on h.id = m.household_id
            where h.village_code like :scope || '%%' and %s
            order by 2, 1, 6""";

    private void find(String scope, Consumer<Candidate> each) {
        String shared = """
                p.name in (select p2.name from person p2 join membership m2 on m2.person_id = p2.id
                           join household h2 on h2.id = m2.household_id
                           where h2.village_code like :scope || '%'
                           group by p2.name having count(distinct p2.id) > 1)""";
        compareGroups(jdbc.sql(CANDIDATES.formatted(shared)).param("scope", scope), each);
    }

    private void findPair(long a, long b, String scope, Consumer<Candidate> each) {
        compareGroups(jdbc.sql(CANDIDATES.formatted("p.id in (:a, :b)")).param("scope", scope).param("a", a).param("b", b), c -> {
            if (c.a().personId() == a && c.b().personId() == b) {
                each.accept(c);
            }
        });
    }

    /** Reads rows ordered by name and compares each name's persons pairwise, one name at a time. */
    private void compareGroups(JdbcClient.StatementSpec query, Consumer<Candidate> each) {
        List<Row> group = new ArrayList<>();
        Row[] last = new Row[1];
        query.query(rs -> {
            long id = rs.getLong(1);
            String name = rs.getString(2);
            Row row = last[0];
            if (row == null || row.id != id) {
                if (row != null && !row.name.equals(name)) {
                    compare(group, each);
                    group.clear();
                }
                row = new Row(id, name, rs.getObject(3, LocalDate.class), rs.getString(4), rs.getString(5));
                group.add(row);
                last[0] = row;
            }
            String village = rs.getString(8);
            row.households.add(new HouseholdLink(rs.getLong(6), rs.getString(7), new RegionCode(village)));
            row.towns.add(village.substring(0, 9));
        });
        compare(group, each);
    }

    private void compare(List<Row> group, Consumer<Candidate> each) {
        if (group.size() < 2) {
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            for (int j = i + 1; j < group.size(); j++) {
                Row x = group.get(i);
                Row y = group.get(j);
                Set<Reason> reasons = EnumSet.noneOf(Reason.class);
                if (x.birth.equals(y.birth) && x.towns.stream().anyMatch(y.towns::contains)) {
                    reasons.add(Reason.SAME_NAME_BIRTH_DATE_TOWN);
                }
                typo(plain(x), plain(y)).ifPresent(reasons::add);
                if (!reasons.isEmpty()) {
                    Row first = x.id < y.id ? x : y;
                    Row second = first == x ? y : x;
                    each.accept(new Candidate(first.view(), second.view(), reasons));
                }
            }
        }
        group.forEach(r -> r.plain = null);
    }

    private String plain(Row row) {
        if (row.plain == null) {
            row.plain = protector.decrypt(row.cipher);
        }
        return row.plain;
    }

    /**
     * Whether two numbers differ by one typing error in their first 17 digits: one digit different, or
     * two neighbouring digits swapped. The check characters are left out, since each number's check
     * follows from its own digits.
     */
    static Optional<Reason> typo(String x, String y) {
        if (x == null || y == null || x.length() != 18 || y.length() != 18) {
            return Optional.empty();
        }
        int first = -1;
        int count = 0;
        for (int k = 0; k < 17; k++) {
            if (x.charAt(k) != y.charAt(k)) {
                if (count == 0) {
                    first = k;
                }
                count++;
                if (count > 2) {
                    return Optional.empty();
                }
            }
        }
        if (count == 1) {
            return Optional.of(Reason.ONE_DIGIT_DIFFERENT);
        }
        if (count == 2 && first + 1 < 17 && x.charAt(first) == y.charAt(first + 1) && x.charAt(first + 1) == y.charAt(first)) {
            return Optional.of(Reason.NEIGHBOURS_SWAPPED);
        }
        return Optional.empty();
    }

    // ---- decisions ----

    private Map<Long, Map<Long, Decided>> decisions() {
        return decisions(null, null);
    }

    private Map<Long, Map<Long, Decided>> decisions(Long a, Long b) {
        Map<Long, Map<Long, Decided>> all = new HashMap<>();
        jdbc.sql("""
                        select person_a, person_b, decision, note, decided_by, decided_at, version from duplicate_decision
                        where cast(:a as bigint) is null or (person_a = :a and person_b = :b)""")
                .param("a", a).param("b", b)
                .query(rs -> {
                    all.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getLong(2), new Decided(Decision.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getInt(7)));
                });
        return all;
    }

    /** Decided pairs in scope that the search no longer finds (a name or number corrected since). */
    private List<Pair> decidedNoLongerFound(Decision decision, String scope, Set<String> seen) {
        List<Pair> pairs = new ArrayList<>();
        jdbc.sql("""
                        select d.person_a, d.person_b, d.reasons, d.note, d.decided_by, d.decided_at, d.version from duplicate_decision d
                        where d.decision = :decision
                          and exists (select 1 from membership m join household h on h.id = m.household_id
                                      where m.person_id = d.person_a and h.village_code like :scope || '%')""")
                .param("decision", decision.name()).param("scope", scope)
                .query(rs -> {
                    long a = rs.getLong(1);
                    long b = rs.getLong(2);
                    if (seen.contains(a + "/" + b)) {
                        return;
                    }
                    Set<Reason> reasons = EnumSet.noneOf(Reason.class);
                    for (String r : rs.getString(3).split(",")) {
                        if (!r.isBlank()) {
                            reasons.add(Reason.valueOf(r));
                        }
                    }
                    Decided d = new Decided(decision, rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getInt(7));
                    pairs.add(new Pair(person(a, scope), person(b, scope), reasons, Optional.of(d)));
                });
        return pairs;
    }

    private Person person(long id, String scope) {
        List<Row> rows = new ArrayList<>();
        jdbc.sql(CANDIDATES.formatted("p.id = :id")).param("scope", scope).param("id", id).query(rs -> {
            if (rows.isEmpty()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class), null, rs.getString(5)));
            }
            rows.get(0).households.add(new HouseholdLink(rs.getLong(6), rs.getString(7), new RegionCode(rs.getString(8))));
        });
        if (rows.isEmpty()) {
            // no longer a member of any household: still named, so the decision stays readable
            return jdbc.sql("select name, birth_date, id_masked from person where id = :id").param("id", id)
                    .query((rs, i) -> new Person(id, rs.getString(1), rs.getString(3), List.of())).single();
        }
        return rows.get(0).view();
    }

    private static String firstVillage(Person p) {
        return p.households().isEmpty() ? "" : p.households().get(0).village().value();
    }

    private static Optional<String> scopePrefix() {
        return CurrentUser.scopeOfCaller().flatMap(Scope::region).map(RegionCode::value);
    }
}
