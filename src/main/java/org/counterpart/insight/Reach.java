package org.counterpart.insight;

import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerMoney;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.registry.Households;
import org.counterpart.registry.RegistryRolls;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Page;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reach and coverage of the registered poor, read from {@code reach_person}: one row per person and
 * year, kept in step with the cooperation's beneficiary links by {@link ReachRows}. Counting those rows, never the
 * links, is what keeps a person reached by three measures from counting three times, and what keeps
 * a county's figures a matter of one pass over at most its registered population.
 * <p>
 * What the registry and the ledgers hold is asked of them ({@link RegistryRolls}, {@link LedgerMoney}),
 * never read from their tables: the figures combine their counts with the reach rows, and the gaps
 * are anti-joins done here, over the registry's households streamed in order.
 * <p>
 * The aggregate figures may be read for any place the caller sees (its own region, the far side of
 * its pairings); the gap lists households by number with masked ID numbers, and names only where the
 * caller's region scope covers the village, as the registry itself does.
 */
@Service
public class Reach {

    /** The ledgers whose records reach people, in the order of the figures. */
    public static final List<Ledger> KINDS = java.util.Arrays.stream(Ledger.values()).filter(Ledger::reachesPeople).toList();

    /** Threads for the independent reads of one figure; a small pool, as each holds a database connection. */
    private static final java.util.concurrent.ExecutorService READS = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "reach-read");
        t.setDaemon(true);
        return t;
    });

    private final JdbcClient jdbc;
    private final Ledgers ledgers;
    private final BeneficiaryLinks links;
    private final Regions regions;
    private final Households households;
    private final ReachRows rows;
    private final RegistryRolls rolls;
    private final LedgerMoney money;

    Reach(JdbcClient jdbc, Ledgers ledgers, BeneficiaryLinks links, Regions regions, Households households, ReachRows rows,
          RegistryRolls rolls, LedgerMoney money) {
        this.rows = rows;
        this.rolls = rolls;
        this.money = money;
        this.jdbc = jdbc;
        this.ledgers = ledgers;
        this.links = links;
        this.regions = regions;
        this.households = households;
    }

    /** The registry years on record, newest first. */
    public List<Integer> years() {
        return households.years();
    }

    /** The year reach opens on: the latest year holding households in the places the caller may read ({@link Households#defaultYear}). */
    public int defaultYear() {
        return households.defaultYear();
    }

    /** Whether the caller may read the figures of a place. */
    public boolean sees(RegionCode place) {
        return ledgers.seesPlace(place);
    }

    public ReachFigures figures(RegionCode place, int year) {
        Area area = area(place);
        Map<String, Object> p = area.params(year);

        // four independent reads, side by side on their own connections: the answer waits for the slowest, not the sum;
        // each runs as the caller, so that the services asked check the caller's scope, not an empty one
        var asCaller = CurrentUser.asCaller(READS);
        var registeredRead = CompletableFuture.supplyAsync(() -> rolls.rolls(year, place), asCaller);

        // people from their rows, households from theirs (both kept in step with the links): sums only, no count(distinct)
        StringBuilder people = new StringBuilder("select county_code, count(*)");
        StringBuilder homes = new StringBuilder("select county_code, count(*)");
        for (Ledger k : KINDS) {
            String c = k.reachColumn().orElseThrow();
            people.append(", sum(").append(c).append(')');
            homes.append(", sum(").append(c).append(')');
        }
        people.append(", sum(case when measures = 1 then 1 else 0 end), sum(case when measures = 2 then 1 else 0 end),")
                .append(" sum(case when measures >= 3 then 1 else 0 end) from reach_person where reg_year = :year and ")
                .append(area.condition("county_code")).append(" group by county_code");
        homes.append(" from reach_household where reg_year = :year and ").append(area.condition("county_code")).append(" group by county_code");
        var peopleRead = CompletableFuture.supplyAsync(() -> {
            Map<String, PeopleReached> rows = new TreeMap<>();
            jdbc.sql(people.toString()).params(p).query(rs -> {
                List<Long> byKind = new ArrayList<>();
                for (int i = 0; i < KINDS.size(); i++) {
                    byKind.add(rs.getLong(3 + i));
                }
                int m = 3 + KINDS.size();
                rows.put(rs.getString(1), new PeopleReached(rs.getLong(2), byKind, rs.getLong(m), rs.getLong(m + 1), rs.getLong(m + 2)));
            });
            return rows;
        }, asCaller);
        var householdsRead = CompletableFuture.supplyAsync(() -> {
            Map<String, HouseholdsReached> rows = new TreeMap<>();
            jdbc.sql(homes.toString()).params(p).query(rs -> {
                List<Long> byKind = new ArrayList<>();
                for (int i = 0; i < KINDS.size(); i++) {
                    byKind.add(rs.getLong(3 + i));
                }
                rows.put(rs.getString(1), new HouseholdsReached(rs.getLong(2), byKind));
            });
            return rows;
        }, asCaller);
        var moneyRead = CompletableFuture.supplyAsync(() -> money.byPlace(year, place, KINDS), asCaller);

        Map<String, RegistryRolls.CountyRoll> registered = new TreeMap<>();
        registeredRead.join().forEach(r -> registered.put(r.county().value(), r));
        Map<String, PeopleReached> reachedPeople = peopleRead.join();
        Map<String, HouseholdsReached> reachedHouseholds = householdsRead.join();

        Map<Ledger, BigDecimal> moneyByKind = new java.util.LinkedHashMap<>();
        Map<String, BigDecimal> moneyByCounty = new HashMap<>();
        BigDecimal moneyTotal = ZERO;
        for (LedgerMoney.PlacedMoney m : moneyRead.join()) {
            moneyByKind.merge(m.kind(), m.amount(), BigDecimal::add);
            moneyTotal = moneyTotal.add(m.amount());
            m.place().county().ifPresent(c -> moneyByCounty.merge(c, m.amount(), BigDecimal::add));
        }

        PeopleReached peopleTotal = PeopleReached.NONE;
        HouseholdsReached householdsTotal = HouseholdsReached.NONE;
        long registeredPeople = 0;
        long registeredHouseholds = 0;
        List<ReachFigures.County> counties = new ArrayList<>();
        java.util.SortedSet<String> codes = new java.util.TreeSet<>(registered.keySet());
        codes.addAll(reachedPeople.keySet());
        codes.addAll(reachedHouseholds.keySet());
        boolean everyCounty = sees(RegionCode.NATION);
        for (String code : codes) {
            RegionCode county = new RegionCode(code);
            RegistryRolls.CountyRoll roll = registered.getOrDefault(code, new RegistryRolls.CountyRoll(county, 0, 0));
            PeopleReached r = reachedPeople.getOrDefault(code, PeopleReached.NONE);
            HouseholdsReached h = reachedHouseholds.getOrDefault(code, HouseholdsReached.NONE);
            registeredPeople += roll.people();
            registeredHouseholds += roll.households();
            peopleTotal = peopleTotal.plus(r);
            householdsTotal = householdsTotal.plus(h);
            if (everyCounty || sees(county)) {
                counties.add(new ReachFigures.County(county, roll.people(), roll.households(), r.people(), h.households(),
                        moneyByCounty.getOrDefault(code, ZERO), r.byKind()));
            }
        }
        List<ReachFigures.Kind> kinds = new ArrayList<>();
        for (int i = 0; i < KINDS.size(); i++) {
            Ledger k = KINDS.get(i);
            kinds.add(new ReachFigures.Kind(k, peopleTotal.byKind().get(i), householdsTotal.byKind().get(i),
                    k.moneyField().map(f -> moneyByKind.getOrDefault(k, ZERO))));
        }
        var distribution = new ReachFigures.Distribution(Math.max(0, registeredPeople - peopleTotal.people()), peopleTotal.once(),
                peopleTotal.twice(), peopleTotal.threeOrMore());
        return new ReachFigures(place, year, registeredPeople, registeredHouseholds, peopleTotal.people(), householdsTotal.households(),
                moneyTotal, kinds, counties, distribution);
    }

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    /** The reach rows of the people of one county: in total, by kind (in the order of {@link #KINDS}) and by number of measures. */
    private record PeopleReached(long people, List<Long> byKind, long once, long twice, long threeOrMore) {
        static final PeopleReached NONE = new PeopleReached(0, KINDS.stream().map(k -> 0L).toList(), 0, 0, 0);

        PeopleReached plus(PeopleReached o) {
            return new PeopleReached(people + o.people, add(byKind, o.byKind), once + o.once, twice + o.twice, threeOrMore + o.threeOrMore);
        }
    }

    /** The reach rows of the households of one county: in total and by kind. */
    private record HouseholdsReached(long households, List<Long> byKind) {
        static final HouseholdsReached NONE = new HouseholdsReached(0, KINDS.stream().map(k -> 0L).toList());

        HouseholdsReached plus(HouseholdsReached o) {
            return new HouseholdsReached(households + o.households, add(byKind, o.byKind));
        }
    }

    private static List<Long> add(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) + b.get(i));
        }
        return out;
    }

    /** A registered household of the year none of whose members any measure reached. */
    public record GapHousehold(long householdId, String householdNo, RegionCode village, int members, String status,
                               Optional<Long> headPersonId, String headMaskedId, Optional<String> headName) {
        static GapHousehold of(RegistryRolls.HouseholdSummary h) {
            return new GapHousehold(h.householdId(), h.householdNo(), h.village(), h.members(), h.status(), h.headPersonId(),
                    h.headMaskedId(), h.headName());
        }
    }

    /**
     * The households of the gap, a page of them in the registry's order. The gap is an anti-join
     * across two modules' tables, done without naming the registry's: the total is the registered
     * households less the reached ones (exact, because reach rows hold only people registered in
     * their year), and the page streams the registry's households of the place in order, skipping
     * the reached, until it is full; only that page's details are then asked of the registry.
     */
    public Page<GapHousehold> gap(RegionCode place, int year, int page, int size) {
        List<RegionCode> counties = listed(place, year);
        long registered = rolls.rolls(year, counties).stream().mapToLong(RegistryRolls.CountyRoll::households).sum();
        ReachedHouseholds reached = reachedHouseholds(year, counties);
        long total = Math.max(0, registered - reached.size());
        long skip = (long) Math.max(0, page) * size;
        List<Long> ids = new ArrayList<>();
        long[] seen = {0};
        rolls.forEachHousehold(year, counties, h -> {
            if (reached.people(h.householdId()) < 0 && seen[0]++ >= skip) {
                ids.add(h.householdId());
            }
            return ids.size() < size;
        });
        List<GapHousehold> rows = rolls.households(year, ids, this::namesVisible).stream().map(GapHousehold::of).toList();
        return new Page<>(rows, Math.max(0, page), size, total);
    }

    /** Every household of the gap in the order of the list, streamed: for the export. */
    public void forEachGap(RegionCode place, int year, Consumer<GapHousehold> each) {
        List<RegionCode> counties = listed(place, year);
        ReachedHouseholds reached = reachedHouseholds(year, counties);
        List<Long> batch = new ArrayList<>();
        rolls.forEachHousehold(year, counties, h -> {
            if (reached.people(h.householdId()) < 0) {
                batch.add(h.householdId());
                if (batch.size() == BATCH) {
                    rolls.households(year, batch, this::namesVisible).forEach(g -> each.accept(GapHousehold.of(g)));
                    batch.clear();
                }
            }
            return true;
        });
        rolls.households(year, batch, this::namesVisible).forEach(g -> each.accept(GapHousehold.of(g)));
    }

    /** A registered person of the year reached by nothing, in a household some other member of which was reached. */
    public record GapPerson(long personId, long householdId, String householdNo, RegionCode village, String relation, String maskedId,
                            Optional<String> name) {
        static GapPerson of(RegistryRolls.MemberSummary m) {
            return new GapPerson(m.personId(), m.householdId(), m.householdNo(), m.village(), m.relation(), m.maskedId(), m.name());
        }
    }

    /**
     * The people of the gap inside reached households, a page of them: households in the registry's
     * order, in each the head first. Each reached household holds its registered members less the
     * members reached; the pass over the place's households counts them all (the total) and finds the
     * few households that hold the page, whose members alone are then asked of the registry.
     */
    public Page<GapPerson> personGap(RegionCode place, int year, int page, int size) {
        List<RegionCode> counties = listed(place, year);
        ReachedHouseholds reached = reachedHouseholds(year, counties);
        long from = (long) Math.max(0, page) * size;
        long to = from + size;
        long[] before = {0};
        List<Long> holding = new ArrayList<>();
        long[] firstOffset = {-1};
        rolls.forEachHousehold(year, counties, h -> {
            int people = reached.people(h.householdId());
            if (people < 0) {
                return true;
            }
            int left = Math.max(0, h.members() - people);
            if (left > 0 && before[0] + left > from && before[0] < to) {
                if (holding.isEmpty()) {
                    firstOffset[0] = from - before[0];
                }
                holding.add(h.householdId());
            }
            before[0] += left;
            return true;
        });
        List<GapPerson> rows = unreachedMembers(year, holding).stream()
                .skip(Math.max(0, firstOffset[0])).limit(size).toList();
        return new Page<>(rows, Math.max(0, page), size, before[0]);
    }

    /** Every person of the gap inside reached households, in the order of the list, streamed: for the export. */
    public void forEachPersonGap(RegionCode place, int year, Consumer<GapPerson> each) {
        List<RegionCode> counties = listed(place, year);
        ReachedHouseholds reached = reachedHouseholds(year, counties);
        List<Long> batch = new ArrayList<>();
        rolls.forEachHousehold(year, counties, h -> {
            int people = reached.people(h.householdId());
            if (people >= 0 && h.members() > people) {
                batch.add(h.householdId());
                if (batch.size() == BATCH) {
                    unreachedMembers(year, batch).forEach(each);
                    batch.clear();
                }
            }
            return true;
        });
        unreachedMembers(year, batch).forEach(each);
    }

    private static final int BATCH = 500;

    /** The members of these households the reach rows do not hold, in the registry's order. */
    private List<GapPerson> unreachedMembers(int year, List<Long> householdIds) {
        if (householdIds.isEmpty()) {
            return List.of();
        }
        List<RegistryRolls.MemberSummary> members = rolls.members(year, householdIds, this::namesVisible);
        Set<Long> reachedPeople = new HashSet<>();
        Map<String, List<Long>> byCounty = new TreeMap<>();
        members.forEach(m -> byCounty.computeIfAbsent(m.village().value().substring(0, 6), c -> new ArrayList<>()).add(m.householdId()));
        byCounty.forEach((county, households) -> reachedPeople.addAll(jdbc.sql("""
                        select person_id from reach_person where reg_year = :y and county_code = :c and household_id in (:h)""")
                .param("y", year).param("c", county).param("h", households.stream().distinct().toList()).query(Long.class).list()));
        return members.stream().filter(m -> !reachedPeople.contains(m.personId())).map(GapPerson::of).toList();
    }

    /** The reached households of these counties in a year with the number of their people reached, held as sorted arrays. */
    private ReachedHouseholds reachedHouseholds(int year, List<RegionCode> counties) {
        if (counties.isEmpty()) {
            return new ReachedHouseholds(new long[0], new int[0]);
        }
        record Row(long household, int people) {
        }
        List<Row> rows = new ArrayList<>(jdbc.sql("select household_id, people from reach_household where reg_year = :y and county_code in (:c)")
                .param("y", year).param("c", counties.stream().map(RegionCode::value).toList())
                .query((rs, i) -> new Row(rs.getLong(1), rs.getInt(2))).list());
        rows.sort(java.util.Comparator.comparingLong(Row::household));
        long[] ids = new long[rows.size()];
        int[] people = new int[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i).household();
            people[i] = rows.get(i).people();
        }
        return new ReachedHouseholds(ids, people);
    }

    /** Reached households by number (sorted) with their people reached: a few bytes each, for the passes over a place's households. */
    private record ReachedHouseholds(long[] ids, int[] people) {
        int size() {
            return ids.length;
        }

        /** The people reached in the household, or -1 when none was. */
        int people(long householdId) {
            int i = java.util.Arrays.binarySearch(ids, householdId);
            return i < 0 ? -1 : people[i];
        }
    }

    /** A registered person's memberships and every measure that reached them. */
    public record PersonReach(long personId, String maskedId, Optional<String> name, List<Membership> years, List<Measure> measures) {
        public Membership latest() {
            return years.get(0);
        }
    }

    public record Membership(int year, long householdId, String householdNo, RegionCode village, String relation) {
    }

    /** One measure that reached the person; the title only when the caller may see the record. */
    public record Measure(Ledger ledger, long recordId, int year, boolean viaHousehold, Optional<String> title) {
    }

    public PersonReach person(long personId) {
        List<Membership> years = rolls.memberships(personId).stream()
                .map(m -> new Membership(m.year(), m.householdId(), m.householdNo(), m.village(), m.relation())).toList();
        if (years.isEmpty()) {
            throw new org.counterpart.shared.NotFoundException("person " + personId + " in the registry");
        }
        RegionCode village = years.get(0).village();
        if (!sees(village)) {
            throw new AccessDeniedException("person " + personId + " lies outside the caller's scope");
        }
        RegistryRolls.PersonSummary person = rolls.person(personId, namesVisible(village))
                .orElseThrow(() -> new org.counterpart.shared.NotFoundException("person " + personId));
        // earlier years in places outside the caller's view are not shown either
        years = years.stream().filter(y -> sees(y.village())).toList();
        List<Measure> measures = new ArrayList<>();
        for (BeneficiaryLinks.PersonMeasure m : links.measuresOf(personId)) {
            Ledger ledger = m.ledger();
            long id = m.recordId();
            Optional<String> title;
            try {
                title = Optional.ofNullable(ledgers.get(ledger, id).title());
            } catch (AccessDeniedException | org.counterpart.shared.NotFoundException e) {
                title = Optional.empty();
            }
            measures.add(new Measure(ledger, id, m.year(), m.viaHousehold(), title));
        }
        return new PersonReach(personId, person.maskedId(), person.name(), years, measures);
    }

    /** Names follow the registry's rule: the system, or a region scope covering the village; never an institution. */
    public boolean namesVisible(RegionCode village) {
        return CurrentUser.get().map(u -> u.scope().covers(village)).orElseGet(CurrentUser::isSystem);
    }

    /**
     * Rebuilds the reach rows of a year from the links, for after a bulk load of links (or to check the
     * kept rows): administrators only.
     */
    public void rebuild(int year) {
        if (!CurrentUser.get().map(u -> u.is(Role.ADMINISTRATOR)).orElseGet(CurrentUser::isSystem)) {
            throw new AccessDeniedException("rebuilding reach is for administrators");
        }
        rows.rebuild(year);
    }

    /** The places the caller may choose from: the cities and counties holding registry data in the year that it sees. */
    public List<RegionCode> places(int year) {
        List<String> counties = rolls.counties(year).stream().map(RegionCode::value).toList();
        java.util.LinkedHashSet<RegionCode> out = new java.util.LinkedHashSet<>();
        for (String c : counties) {
            RegionCode county = new RegionCode(c);
            RegionCode city = county.parent().orElseThrow();
            if (sees(city)) {
                out.add(city);
            }
            if (sees(county)) {
                out.add(county);
            }
        }
        return out.stream().sorted().toList();
    }

    /**
     * The place a caller starts from: its own region when that is a city or county holding registry data
     * in the year, else the first place it may choose. The helping side (Dalian's office, its districts,
     * its leaders) holds no registry of its own, so it starts from the places its pairings grant.
     */
    public Optional<RegionCode> defaultPlace(int year) {
        List<RegionCode> places = places(year);
        Optional<RegionCode> own = CurrentUser.get().flatMap(u -> u.scope().region())
                .filter(r -> r.level() == RegionLevel.CITY || r.level() == RegionLevel.COUNTY);
        if (own.isPresent() && places.contains(own.get())) {
            return own;
        }
        return places.stream().findFirst().or(() -> own);
    }

    /** The place checked: it exists, lies at county level or above, and the caller sees it. */
    private Area area(RegionCode place) {
        if (place.level().digits() > RegionLevel.COUNTY.digits()) {
            throw new InvalidInputException("place", "reach.place.tooDeep", place.value());
        }
        regions.code(place.value());
        if (!sees(place)) {
            throw new AccessDeniedException("reach of " + place.value() + " is outside the caller's scope");
        }
        return new Area(place);
    }

    /**
     * The counties of a list of households: those under the checked place holding registry data in the
     * year, and should the caller see the place but not every county under it, those it sees (the
     * figures of the place stay whole).
     */
    private List<RegionCode> listed(RegionCode place, int year) {
        area(place);
        if (place.level() == RegionLevel.COUNTY) {
            return List.of(place);
        }
        boolean all = sees(RegionCode.NATION);
        return rolls.counties(year).stream().filter(place::covers).filter(c -> all || sees(c)).toList();
    }

    /** A place as a condition on the county codes of the reach rows: equality for a county (the index), a prefix above it. */
    private record Area(RegionCode place) {
        String condition(String column) {
            return switch (place.level()) {
                case NATION -> "1 = 1";
                case COUNTY -> column + " = :place";
                default -> column + " like :prefix";
            };
        }

        Map<String, Object> params(int year) {
            Map<String, Object> p = new HashMap<>();
            p.put("year", year);
            p.put("place", place.value());
            p.put("prefix", place.value() + "%");
            return p;
        }
    }
}
