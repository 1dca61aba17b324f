package org.counterpart.insight;

import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.RegionCode;
import org.counterpart.geography.RegionLevel;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.registry.Households;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Page;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reach and coverage of the registered poor, read from {@code reach_person}: one row per person and
 * year, kept in step with the cooperation's beneficiary links by {@link ReachRows}. Counting those rows, never the
 * links, is what keeps a person reached by three measures from counting three times, and what keeps
 * a county's figures a matter of one pass over at most its registered population.
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

    Reach(JdbcClient jdbc, Ledgers ledgers, BeneficiaryLinks links, Regions regions, Households households, ReachRows rows) {
        this.rows = rows;
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

    /** Whether the caller may read the figures of a place. */
    public boolean sees(RegionCode place) {
        return ledgers.seesPlace(place);
    }

    public ReachFigures figures(RegionCode place, int year) {
        Area area = area(place);
        Map<String, Object> p = area.params(year);

        // four independent reads, side by side on their own connections: the answer waits for the slowest, not the sum
        var registeredRead = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Map<String, long[]> registered = new TreeMap<>();
            jdbc.sql("select county_code, count(*), coalesce(sum(member_count), 0) from household_year where reg_year = :year and "
                            + area.condition("county_code") + " group by county_code")
                    .params(p).query(rs -> {
                        registered.put(rs.getString(1), new long[]{rs.getLong(3), rs.getLong(2)});
                    });
            return registered;
        }, READS);

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
        int width = 2 + 2 * KINDS.size() + 3;
        var peopleRead = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Map<String, long[]> rows = new TreeMap<>();
            jdbc.sql(people.toString()).params(p).query(rs -> {
                long[] row = new long[width];
                row[1] = rs.getLong(2);
                for (int i = 0; i < KINDS.size(); i++) {
                    row[2 + 2 * i] = rs.getLong(3 + i);
                }
                for (int i = 0; i < 3; i++) {
                    row[width - 3 + i] = rs.getLong(3 + KINDS.size() + i);
                }
                rows.put(rs.getString(1), row);
            });
            return rows;
        }, READS);
        var householdsRead = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Map<String, long[]> rows = new TreeMap<>();
            jdbc.sql(homes.toString()).params(p).query(rs -> {
                long[] row = new long[1 + KINDS.size()];
                for (int i = 0; i <= KINDS.size(); i++) {
                    row[i] = rs.getLong(2 + i);
                }
                rows.put(rs.getString(1), row);
            });
            return rows;
        }, READS);
        var moneyRead = java.util.concurrent.CompletableFuture.supplyAsync(() -> money(area, p), READS);

        Map<String, long[]> registered = registeredRead.join();
        Map<String, long[]> reached = new TreeMap<>(peopleRead.join());
        householdsRead.join().forEach((county, h) -> {
            long[] row = reached.computeIfAbsent(county, c -> new long[width]);
            row[0] = h[0];
            for (int i = 0; i < KINDS.size(); i++) {
                row[3 + 2 * i] = h[1 + i];
            }
        });

        Map<Ledger, BigDecimal> moneyByKind = new java.util.LinkedHashMap<>();
        Map<String, BigDecimal> moneyByCounty = new HashMap<>();
        BigDecimal money = BigDecimal.ZERO.setScale(2);
        for (Money m : moneyRead.join()) {
            moneyByKind.merge(m.kind(), m.amount(), BigDecimal::add);
            money = money.add(m.amount());
            if (m.place().length() >= 6) {
                moneyByCounty.merge(m.place().substring(0, 6), m.amount(), BigDecimal::add);
            }
        }

        long[] totals = new long[width];
        long registeredPeople = 0;
        long registeredHouseholds = 0;
        List<ReachFigures.County> counties = new ArrayList<>();
        java.util.SortedSet<String> codes = new java.util.TreeSet<>(registered.keySet());
        codes.addAll(reached.keySet());
        boolean everyCounty = sees(RegionCode.NATION);
        for (String code : codes) {
            long[] reg = registered.getOrDefault(code, new long[2]);
            long[] r = reached.getOrDefault(code, new long[width]);
            registeredPeople += reg[0];
            registeredHouseholds += reg[1];
            for (int i = 0; i < width; i++) {
                totals[i] += r[i];
            }
            RegionCode county = new RegionCode(code);
            if (everyCounty || sees(county)) {
                List<Long> byKind = new ArrayList<>();
                for (int i = 0; i < KINDS.size(); i++) {
                    byKind.add(r[2 + 2 * i]);
                }
                counties.add(new ReachFigures.County(county, reg[0], reg[1], r[1], r[0],
                        moneyByCounty.getOrDefault(code, BigDecimal.ZERO.setScale(2)), byKind));
            }
        }
        List<ReachFigures.Kind> kinds = new ArrayList<>();
        for (int i = 0; i < KINDS.size(); i++) {
            Ledger k = KINDS.get(i);
            kinds.add(new ReachFigures.Kind(k, totals[2 + 2 * i], totals[3 + 2 * i],
                    k.moneyField().map(f -> moneyByKind.getOrDefault(k, BigDecimal.ZERO.setScale(2)))));
        }
        long reachedPeople = totals[1];
        int m = 2 + 2 * KINDS.size();
        var distribution = new ReachFigures.Distribution(Math.max(0, registeredPeople - reachedPeople), totals[m], totals[m + 1], totals[m + 2]);
        return new ReachFigures(place, year, registeredPeople, registeredHouseholds, reachedPeople, totals[0], money, kinds, counties,
                distribution);
    }

    /** Money of one kind placed at one place code. */
    private record Money(Ledger kind, String place, BigDecimal amount) {
    }

    private List<Money> money(Area area, Map<String, Object> p) {
        List<String> parts = new ArrayList<>();
        for (Ledger k : KINDS) {
            k.moneyField().ifPresent(f -> parts.add("select '" + k.code() + "' as kind, place_code, coalesce(sum(" + f.name() + "), 0) as amount from "
                    + table(k) + " where reg_year = :year and " + area.below("place_code") + " group by place_code"));
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(String.join(" union all ", parts)).params(p)
                .query((rs, i) -> new Money(Ledger.byCode(rs.getString(1)).orElseThrow(), rs.getString(2), rs.getBigDecimal(3).setScale(2)))
                .list();
    }

    /** The ledgers' tables follow one naming rule; the names never come from the caller. */
    private static String table(Ledger ledger) {
        return "ledger_" + ledger.code().toLowerCase(Locale.ROOT);
    }

    /** A registered household of the year none of whose members any measure reached. */
    public record GapHousehold(long householdId, String householdNo, RegionCode village, int members, String status,
                               Optional<Long> headPersonId, String headMaskedId, Optional<String> headName) {
    }

    public Page<GapHousehold> gap(RegionCode place, int year, int page, int size) {
        Area area = listed(place);
        Map<String, Object> p = area.params(year);
        long total = jdbc.sql("select count(*) from household_year hy where " + GAP_WHERE.formatted(area.condition("hy.county_code")))
                .params(p).query(Long.class).single();
        p.put("offset", (long) Math.max(0, page) * size);
        p.put("limit", size);
        List<GapHousehold> rows = new ArrayList<>();
        jdbc.sql(gapSql(area, " offset :offset rows fetch next :limit rows only")).params(p).query(rs -> {
            rows.add(gapRow(rs));
        });
        return new Page<>(rows, Math.max(0, page), size, total);
    }

    /** Every household of the gap in the order of the list, streamed: for the export. */
    public void forEachGap(RegionCode place, int year, Consumer<GapHousehold> each) {
        Area area = listed(place);
        jdbc.sql(gapSql(area, "")).params(area.params(year)).query(rs -> {
            each.accept(gapRow(rs));
        });
    }

    private static final String GAP_WHERE = """
            hy.reg_year = :year and %s
            and not exists (select 1 from reach_household r where r.reg_year = hy.reg_year and r.household_id = hy.household_id)""";

    private static String gapSql(Area area, String paging) {
        return """
                select g.household_id, g.household_no, g.village_code, g.member_count, g.poverty_status, g.head_id, pe.id_masked, pe.name
                from (select hy.household_id, h.household_no, hy.village_code, hy.member_count, hy.poverty_status,
                             (select min(m.person_id) from membership m
                               where m.household_id = hy.household_id and m.reg_year = hy.reg_year and m.relation = '户主') as head_id
                      from household_year hy join household h on h.id = hy.household_id
                      where %s
                      order by hy.village_code, h.household_no%s) g
                left join person pe on pe.id = g.head_id
                order by g.village_code, g.household_no""".formatted(GAP_WHERE.formatted(area.condition("hy.county_code")), paging);
    }

    private GapHousehold gapRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        RegionCode village = new RegionCode(rs.getString(3));
        long head = rs.getLong(6);
        Optional<Long> headId = rs.wasNull() ? Optional.empty() : Optional.of(head);
        return new GapHousehold(rs.getLong(1), rs.getString(2), village, rs.getInt(4), rs.getString(5), headId,
                rs.getString(7), namesVisible(village) ? Optional.ofNullable(rs.getString(8)) : Optional.empty());
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
        record Person(String masked, String name) {
        }
        Person person = jdbc.sql("select id_masked, name from person where id = :id").param("id", personId)
                .query((rs, i) -> new Person(rs.getString(1), rs.getString(2))).optional()
                .orElseThrow(() -> new org.counterpart.shared.NotFoundException("person " + personId));
        List<Membership> years = jdbc.sql("""
                        select m.reg_year, m.household_id, h.household_no, hy.village_code, m.relation
                        from membership m
                        join household h on h.id = m.household_id
                        join household_year hy on hy.household_id = m.household_id and hy.reg_year = m.reg_year
                        where m.person_id = :id order by m.reg_year desc, m.household_id""")
                .param("id", personId)
                .query((rs, i) -> new Membership(rs.getInt(1), rs.getLong(2), rs.getString(3), new RegionCode(rs.getString(4)), rs.getString(5)))
                .list();
        if (years.isEmpty()) {
            throw new org.counterpart.shared.NotFoundException("person " + personId + " in the registry");
        }
        RegionCode village = years.get(0).village();
        if (!sees(village)) {
            throw new AccessDeniedException("person " + personId + " lies outside the caller's scope");
        }
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
        return new PersonReach(personId, person.masked(), namesVisible(village) ? Optional.of(person.name()) : Optional.empty(),
                years, measures);
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
        List<String> counties = jdbc.sql("select distinct county_code from household_year where reg_year = :y order by county_code")
                .param("y", year).query(String.class).list();
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

    /** The place a caller starts from: its own region when that is a city or county, else the first place it may choose. */
    public Optional<RegionCode> defaultPlace(int year) {
        Optional<RegionCode> own = CurrentUser.get().flatMap(u -> u.scope().region())
                .filter(r -> r.level() == RegionLevel.CITY || r.level() == RegionLevel.COUNTY);
        return own.isPresent() ? own : places(year).stream().findFirst();
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
     * The place checked for a list of households: should the caller see the place but not every county
     * under it, the list keeps to the counties it sees (the figures of the place stay whole).
     */
    private Area listed(RegionCode place) {
        Area area = area(place);
        if (place.level() == RegionLevel.COUNTY || sees(RegionCode.NATION)) {
            return area;
        }
        List<String> counties = new ArrayList<>();
        boolean all = true;
        for (RegionCode county : countiesUnder(place)) {
            if (sees(county)) {
                counties.add(county.value());
            } else {
                all = false;
            }
        }
        return all ? area : new Area(place, Optional.of(counties));
    }

    private List<RegionCode> countiesUnder(RegionCode place) {
        if (place.level() == RegionLevel.COUNTY) {
            return List.of(place);
        }
        List<RegionCode> out = new ArrayList<>();
        for (var child : regions.children(place)) {
            if (child.level().digits() <= RegionLevel.COUNTY.digits()) {
                out.addAll(countiesUnder(child.code()));
            }
        }
        return out;
    }

    /**
     * A place as a condition on county codes: equality for a county (the index), a prefix above it,
     * and where the caller sees only some counties of the place, those counties.
     */
    private record Area(RegionCode place, Optional<List<String>> counties) {
        Area(RegionCode place) {
            this(place, Optional.empty());
        }

        String condition(String column) {
            if (counties.isPresent()) {
                return counties.get().isEmpty() ? "1 = 0" : column + " in (:counties)";
            }
            return switch (place.level()) {
                case NATION -> "1 = 1";
                case COUNTY -> column + " = :place";
                default -> column + " like :prefix";
            };
        }

        /** The place and everything below it, for records placed at a town or village. */
        String below(String column) {
            return place.level() == RegionLevel.NATION ? "1 = 1" : column + " like :prefix";
        }

        Map<String, Object> params(int year) {
            Map<String, Object> p = new HashMap<>();
            p.put("year", year);
            p.put("place", place.value());
            p.put("prefix", place.value() + "%");
            counties.filter(c -> !c.isEmpty()).ifPresent(c -> p.put("counties", c));
            return p;
        }
    }
}
