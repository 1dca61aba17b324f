package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Scope;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Page;
import org.counterpart.shared.ResidentId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finding households and reading them, always within the caller's scope: a region scope sees the
 * households of its villages; an institution scope sees none (an enterprise has no business with the
 * registry). The filters run in SQL on the year's facts, exit readiness included, so a page of results
 * costs one query whatever the registry's size.
 */
@Service
public class Households {

    /** Filters of the household list; empty means any. */
    /**
     * What the household list is filtered by. {@code monitoring} is {@link #FLAGGED} (any flag against return
     * to poverty in the year), {@link #UNFLAGGED}, or a monitoring category code (e.g. 脱贫不稳定户).
     */
    public record Filter(int year, Optional<RegionCode> region, Optional<String> status, Optional<String> attribute,
                         Optional<String> cause, Optional<Boolean> exitReady, Optional<String> householdNo,
                         Optional<String> monitoring) {
    }

    private final Monitoring monitoring;
    private final CodeTables codes;

    /** The monitoring filter as asked: flagged, unflagged or a monitoring category; anything else is refused by name. */
    public Optional<String> monitoringFilter(Optional<String> asked) {
        if (asked.isEmpty() || asked.get().equals(FLAGGED) || asked.get().equals(UNFLAGGED)
                || codes.items(CodeTables.MONITORING_CATEGORY).stream().anyMatch(c -> c.code().equals(asked.get()))) {
            return asked;
        }
        throw new org.counterpart.shared.InvalidInputException("monitoring", "registry.filter.monitoringUnknown", asked.get());
    }

    public static final String FLAGGED = "flagged";
    public static final String UNFLAGGED = "unflagged";

    /** One line of the list. */
    public record Row(long householdId, String householdNo, RegionCode village, String headName, int members,
                      String attribute, String mainCause, String status, BigDecimal netPerCapita, boolean exitReady) {
    }

    /** A household with all its years and the members and exit evaluation of one year. */
    public record Detail(long householdId, String householdNo, RegionCode village, List<HouseholdYear> years,
                         HouseholdYear shown, List<Member> members, ExitPolicy.Evaluation exit) {
    }

    private final JdbcClient jdbc;
    private final PovertyLines lines;
    private final ExitPolicy exitPolicy;
    private final org.counterpart.shared.PersonalDataProtector protector;
    private final org.springframework.context.ApplicationEventPublisher events;

    Households(JdbcClient jdbc, PovertyLines lines, ExitPolicy exitPolicy, org.counterpart.shared.PersonalDataProtector protector,
               org.springframework.context.ApplicationEventPublisher events, Monitoring monitoring, CodeTables codes) {
        this.monitoring = monitoring;
        this.codes = codes;
        this.jdbc = jdbc;
        this.protector = protector;
        this.events = events;
        this.lines = lines;
        this.exitPolicy = exitPolicy;
    }

    /** The registry years that hold any household, newest first. */
    public List<Integer> years() {
        return jdbc.sql("select distinct reg_year from household_year order by reg_year desc").query(Integer.class).list();
    }

    /**
     * The year a list opens on when none is asked for: the latest year that holds households in the places the
     * caller may read (its own scope, and the places its pairings grant for their figures), so that an import of
     * a newer year in another county moves nobody else's lists. A caller whose places hold no registry opens on
     * the latest year of the registry, and on the current year when the registry is empty.
     */
    public int defaultYear() {
        List<Integer> years = years();
        if (years.isEmpty()) {
            return java.time.Year.now().getValue();
        }
        List<String> places = new java.util.ArrayList<>();
        scopePrefix().ifPresent(places::add);
        if (CurrentUser.get().isPresent()) {
            monitoring.aggregatePlaces().stream().map(RegionCode::value).forEach(places::add);
        }
        if (places.isEmpty()) {
            return years.get(0);
        }
        for (int year : years) {
            for (String place : places) {
                StringBuilder sql = new StringBuilder("select hy.household_id from household_year hy where hy.reg_year = :year");
                within(sql, place);
                if (!jdbc.sql(sql + " fetch first 1 rows only").param("year", year).query(Long.class).list().isEmpty()) {
                    return year;
                }
            }
        }
        return years.get(0);
    }

    public Page<Row> search(Filter filter, int page, int size) {
        Optional<String> scopePrefix = scopePrefix();
        if (scopePrefix.isEmpty()) {
            return new Page<>(List.of(), 0, size, 0);
        }
        if (filter.monitoring().isPresent() && years().contains(filter.year())) {
            // as on the monitoring page: a year nobody evaluated yet is evaluated, never shown as "no flags"
            monitoring.ensureComputed(filter.year());
        }
        Map<String, Object> p = params(filter, scopePrefix.get());
        String where = where(filter, scopePrefix.get(), p);
        String from = from(filter);
        long total = jdbc.sql("select count(*) " + countFrom(filter) + " where " + where).params(p).query(Long.class).single();
        p.put("offset", Page.offset(page, size));
        p.put("limit", size);
        // first the page's households, cheaply; then net income, readiness and head for those alone
        List<Long> ids = jdbc.sql("""
                        select hy.household_id %s
                        where %s order by hy.village_code, h.household_no
                        offset :offset rows fetch next :limit rows only""".formatted(from, where))
                .params(p).query(Long.class).list();
        if (ids.isEmpty()) {
            return new Page<>(List.of(), Math.max(0, page), size, total);
        }
        p.put("ids", ids);
        Map<Long, Row> byId = new HashMap<>();
        jdbc.sql("""
                        select h.id, h.household_no, hy.village_code, hy.member_count, hy.poverty_attribute, hy.main_cause,
                               hy.poverty_status, %s as net, %s as ready,
                               (select max(pe.name) from membership m join person pe on pe.id = m.person_id
                                 where m.household_id = h.id and m.reg_year = hy.reg_year and m.relation = '户主') as head
                        from household_year hy join household h on h.id = hy.household_id
                        where hy.reg_year = :year and hy.household_id in (:ids)""".formatted(NET, READY))
                .params(p)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), new RegionCode(rs.getString(3)), rs.getString("head"),
                        rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBigDecimal("net"), rs.getBoolean("ready")))
                .list().forEach(r -> byId.put(r.householdId(), r));
        return new Page<>(ids.stream().map(byId::get).toList(), Math.max(0, page), size, total);
    }

    /** The tables a filter reads. */
    private static String from(Filter f) {
        return "from household_year hy join household h on h.id = hy.household_id";
    }

    /** The tables the count reads: the household only when its number is asked for. */
    private static String countFrom(Filter f) {
        return f.householdNo().isPresent() ? from(f) : "from household_year hy";
    }

    /** The conditions of a filter; only those the filter uses, so none is evaluated for nothing. */
    private static String where(Filter f, String scope, Map<String, Object> p) {
        StringBuilder sql = new StringBuilder("hy.reg_year = :year");
        within(sql, scope);
        sql.append(" and ").append(REGISTERED);
        if (f.region().isPresent()) {
            within(sql, f.region().get().value());
        }
        if (f.status().isPresent()) {
            sql.append(" and hy.poverty_status = :status");
        }
        if (f.attribute().isPresent()) {
            sql.append(" and hy.poverty_attribute = :attribute");
        }
        if (f.cause().isPresent()) {
            sql.append(" and (hy.main_cause = :cause or hy.other_causes like '%' || :cause || '%')");
        }
        if (f.householdNo().isPresent()) {
            sql.append(" and h.household_no = :no");
        }
        if (f.monitoring().isPresent()) {
            String flag = "select 1 from monitoring_flag mf where mf.household_id = hy.household_id and mf.reg_year = hy.reg_year";
            switch (f.monitoring().get()) {
                case FLAGGED -> sql.append(" and exists (").append(flag).append(")");
                case UNFLAGGED -> sql.append(" and not exists (").append(flag).append(")");
                default -> sql.append(" and exists (").append(flag).append(" and mf.category = :monitoring)");
            }
        }
        if (f.exitReady().isPresent()) {
            // the line and the wish written in, like the places, so the plan fits the readiness asked for
            String line = p.get("line") instanceof BigDecimal amount ? amount.toPlainString() : "null";
            sql.append(" and ").append(READY.replace(":line", line)).append(" = ").append(f.exitReady().get() ? 1 : 0);
        }
        return sql.toString();
    }

    /**
     * Households whose village code begins with a prefix (a province, city, county, town or village),
     * as a range of codes rather than LIKE, so that the index on year and village serves it whatever
     * the prefix; the county, when the prefix names one, narrows it further. The codes are written into
     * the statement, not bound: PostgreSQL would otherwise plan the statement once for any range, with
     * the selectivity of none, and sort a whole county where a page needs fifty rows. They are digits
     * only (RegionCode and the scope guarantee it, and this checks again), so nothing else gets in.
     */
    private static void within(StringBuilder sql, String prefix) {
        if (prefix.isEmpty()) {
            return;
        }
        if (!prefix.chars().allMatch(ch -> ch >= '0' && ch <= '9') || prefix.length() > 12) {
            throw new IllegalArgumentException("a region code is up to 12 digits");
        }
        sql.append(" and hy.village_code >= '").append(prefix).append('\'');
        String to = following(prefix);
        if (to != null) {
            sql.append(" and hy.village_code < '").append(to).append('\'');
        }
        if (prefix.length() >= 6) {
            sql.append(" and hy.county_code = '").append(prefix, 0, 6).append('\'');
        }
    }

    /** The smallest digit string of the same length after every string that begins with {@code prefix}; null when there is none. */
    static String following(String prefix) {
        char[] digits = prefix.toCharArray();
        for (int i = digits.length - 1; i >= 0; i--) {
            if (digits[i] < '9') {
                digits[i]++;
                return new String(digits, 0, i + 1);
            }
        }
        return null;
    }

    /** Every household the filter matches, for the export; streamed in pages so memory stays flat. */
    public void forEach(Filter filter, java.util.function.Consumer<Row> each) {
        int page = 0;
        Page<Row> current;
        do {
            current = search(filter, page++, 2000);
            current.items().forEach(each);
        } while (current.hasNext());
    }

    private record Identity(String householdNo, String villageCode) {
    }

    private record Ciphers(String idNumber, String phone) {
    }

    public Detail get(long householdId, Optional<Integer> year) {
        var household = jdbc.sql("select household_no, village_code from household where id = :id")
                .param("id", householdId).query((rs, i) -> new Identity(rs.getString(1), rs.getString(2)))
                .optional().orElseThrow(() -> new NotFoundException("household " + householdId));
        Optional<String> scope = scopePrefix();
        if (scope.isEmpty() || !household.villageCode().startsWith(scope.get())) {
            throw new AccessDeniedException("household " + householdId + " lies outside the caller's scope");
        }
        List<HouseholdYear> years = jdbc.sql(SELECT_YEAR + " where hy.household_id = :id order by hy.reg_year")
                .param("id", householdId).query(Households::year).list();
        if (years.isEmpty()) {
            throw new NotFoundException("household " + householdId);
        }
        HouseholdYear shown = year.flatMap(y -> years.stream().filter(f -> f.year() == y).findFirst()).orElse(years.get(years.size() - 1));
        List<Member> members = members(householdId, shown.year());
        ExitPolicy.Evaluation exit = exitPolicy.evaluate(shown, members, lines.forYear(shown.year(), shown.countyCode().substring(0, 2)));
        return new Detail(householdId, household.householdNo(), new RegionCode(household.villageCode()), years, shown, members, exit);
    }

    /** A member's ID and phone numbers in full, for someone allowed to see them. */
    public record Revealed(long personId, String idNumber, String phone) {
    }

    /**
     * Decrypts one member's ID and phone numbers for a user holding the personal-data permission, and
     * writes the view to the audit log in the same transaction: no unmasked view goes unrecorded.
     */
    @org.springframework.transaction.annotation.Transactional
    public Revealed reveal(long householdId, int year, long personId) {
        CurrentUser me = CurrentUser.require();
        if (!me.canViewPersonalData()) {
            throw new AccessDeniedException("no permission to view personal data");
        }
        get(householdId, Optional.of(year)); // the household must lie in the caller's scope
        var row = jdbc.sql("""
                        select p.id_cipher, p.phone_cipher from membership m join person p on p.id = m.person_id
                        where m.household_id = :h and m.reg_year = :y and p.id = :p""")
                .param("h", householdId).param("y", year).param("p", personId)
                .query((rs, i) -> new Ciphers(rs.getString(1), rs.getString(2))).optional()
                .orElseThrow(() -> new NotFoundException("member " + personId));
        events.publishEvent(new org.counterpart.shared.RecordChanged(RegistryAudit.PERSON, String.valueOf(personId), org.counterpart.shared.AuditAction.VIEWED, null,
                new java.util.TreeMap<>(Map.of("fields", "id_number,phone", "household", String.valueOf(householdId), "year", String.valueOf(year)))));
        return new Revealed(personId, protector.decrypt(row.idNumber()), row.phone() == null ? null : protector.decrypt(row.phone()));
    }

    List<Member> members(long householdId, int year) {
        return jdbc.sql("""
                        select p.id, p.name, p.id_masked, p.sex, p.birth_date, m.relation, m.ethnicity, m.education, m.student_status,
                               m.health, m.labor_ability, m.migrant_work, m.migrant_months, m.medical_insurance, m.pension_insurance,
                               p.phone_masked
                        from membership m join person p on p.id = m.person_id
                        where m.household_id = :id and m.reg_year = :year
                        order by case when m.relation = '户主' then 0 else 1 end, p.birth_date""")
                .param("id", householdId).param("year", year)
                .query((rs, i) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3),
                        "M".equals(rs.getString(4)) ? ResidentId.Sex.MALE : ResidentId.Sex.FEMALE,
                        rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), (Integer) rs.getObject(13, Integer.class),
                        (Boolean) rs.getObject(14, Boolean.class), (Boolean) rs.getObject(15, Boolean.class), rs.getString(16)))
                .list();
    }

    /** The overview's figures of a year in the caller's scope. */
    public record Counts(long households, long people, long exited, long readyToExit) {
    }

    /** Counts for the overview: households, people, exited households and households ready to exit in a year. */
    public Counts counts(int year) {
        Optional<String> scope = scopePrefix();
        if (scope.isEmpty()) {
            return new Counts(0, 0, 0, 0);
        }
        Filter all = new Filter(year, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        Map<String, Object> p = params(all, scope.get());
        return jdbc.sql("select count(*), coalesce(sum(hy.member_count), 0), sum(case when hy.poverty_status = '已脱贫' then 1 else 0 end), sum("
                        + READY + ") from household_year hy where " + where(all, scope.get(), p))
                .params(p).query((rs, i) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }

    /**
     * The poverty line that applies to the households the filter lists: that of the province of the
     * place asked for, else of the caller's scope, else the national line. The list and its exit
     * readiness use the same line, so the figure shown is the one the filter applied.
     */
    public Optional<PovertyLines.Line> line(Filter f) {
        return line(f, scopePrefix().orElse(""));
    }

    private Optional<PovertyLines.Line> line(Filter f, String scope) {
        String place = f.region().map(RegionCode::value).filter(r -> r.startsWith(scope)).orElse(scope);
        return lines.forYear(f.year(), place.length() >= 2 ? place.substring(0, 2) : "");
    }

    /** The village prefix the caller may read, or empty for none. */
    private static Optional<String> scopePrefix() {
        return CurrentUser.scopeOfCaller().flatMap(Scope::region).map(RegionCode::value);
    }

    private Map<String, Object> params(Filter f, String scope) {
        Map<String, Object> p = new HashMap<>();
        p.put("year", f.year());
        p.put("scope", scope);
        p.put("status", f.status().orElse(null));
        p.put("attribute", f.attribute().orElse(null));
        p.put("cause", f.cause().orElse(null));
        p.put("ready", f.exitReady().map(b -> b ? 1 : 0).orElse(null));
        p.put("no", f.householdNo().orElse(null));
        p.put("monitoring", f.monitoring().orElse(null));
        p.put("line", line(f, scope).map(PovertyLines.Line::amount).orElse(null));
        return p;
    }

    /** A household-year not marked as removed from the registry ({@code household_removal}). */
    static final String REGISTERED = "not exists (select 1 from household_removal hr where hr.household_id = hy.household_id and hr.reg_year = hy.reg_year)";

    /** The removal of a household's year from the registry, if it was removed; within the caller's scope. */
    public java.util.Optional<HouseholdRemoval> removal(long householdId, int year) {
        get(householdId, Optional.of(year)); // scope check
        return jdbc.sql("select reason, note, removed_at, removed_by from household_removal where household_id = :h and reg_year = :y")
                .param("h", householdId).param("y", year)
                .query((rs, i) -> new HouseholdRemoval(householdId, year, RemovalReason.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getString(4))).optional();
    }

    static final String NET = "((hy.income_wage + hy.income_business + hy.income_transfer + hy.income_property - hy.production_costs) / hy.member_count)";

    /**
     * Exit readiness as ExitPolicy defines it, in SQL so the list can filter by it. The members' part
     * (all insured, no school-age child out of school) is stored with the year's fact by the import
     * that wrote the members; income against the year's line, housing and water are read from the row,
     * so a corrected fact or poverty line counts at once.
     */
    static final String READY = """
            (case when cast(:line as numeric(10,2)) is not null and %s > cast(:line as numeric(10,2))
                   and hy.dangerous_housing = false and hy.safe_water = true and hy.members_ready = true
              then 1 else 0 end)""".formatted(NET);

    private static final String SELECT_YEAR = """
            select hy.household_id, h.household_no, hy.reg_year, hy.county_code, hy.village_code, hy.poverty_attribute, hy.main_cause,
                   hy.other_causes, hy.standard, hy.poverty_status, hy.income_wage, hy.income_business, hy.income_transfer,
                   hy.income_property, hy.production_costs, hy.dangerous_housing, hy.safe_water, hy.cadre_name, hy.cadre_unit,
                   hy.member_count, hy.recorded_at, hy.recorded_by, hy.version
            from household_year hy join household h on h.id = hy.household_id""";

    private static HouseholdYear year(ResultSet rs, int i) throws SQLException {
        String other = rs.getString("other_causes");
        return new HouseholdYear(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), new RegionCode(rs.getString(5)),
                rs.getString(6), rs.getString(7), other == null || other.isEmpty() ? List.of() : Arrays.asList(other.split("、")),
                rs.getString(9), rs.getString(10),
                new Income(rs.getBigDecimal(11), rs.getBigDecimal(12), rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getBigDecimal(15)),
                (Boolean) rs.getObject(16, Boolean.class), (Boolean) rs.getObject(17, Boolean.class), rs.getString(18), rs.getString(19),
                rs.getInt(20), rs.getTimestamp(21).toInstant(), rs.getString(22), rs.getInt(23));
    }
}
