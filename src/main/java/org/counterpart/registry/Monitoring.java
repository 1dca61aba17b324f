package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.NotFoundException;
import org.counterpart.shared.Page;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Monitoring against return to poverty (防止返贫监测): which households of a registry year meet a
 * trigger, and why. The triggers and their thresholds are rows of {@code monitoring_rule} that
 * administrators edit; a recomputation evaluates them in SQL, one {@code INSERT … SELECT} per trigger,
 * so a province's hundreds of thousands of households cost a handful of statements, not a loop.
 *
 * <p>Only exited households (已脱贫, 预脱贫) are evaluated: a household not yet exited (未脱贫) is under
 * assistance already, and one that returned (返贫) is back on the roll. Categories follow the 2020
 * guideline: sudden hardship makes a 突发严重困难户, every other trigger a 脱贫不稳定户. The third
 * category, 边缘易致贫户, is for households that were never registered, which the registry does not hold.
 *
 * <p>Flags are derived data: recomputing a year replaces all of that year's flags at once, whoever
 * asks, because the result depends only on the registry and the rules, never on the caller.
 */
@Service
public class Monitoring {

    public static final String UNSTABLE = "脱贫不稳定户";
    public static final String SUDDEN_HARDSHIP = "突发严重困难户";

    /** Separates a reason's arguments in the database, as import problems do. */
    static final String SEPARATOR = "\u001f";

    /** Filters of the flag list; empty means any. */
    public record Filter(int year, Optional<RegionCode> region, Optional<String> category, Optional<String> rule) {
    }

    /** One flag: a trigger met by a household in a year, with the reason as a message key and its arguments. */
    public record Flag(long id, long householdId, String householdNo, RegionCode village, String headName, String status,
                       int year, String ruleCode, String category, String messageKey, List<String> arguments, Instant computedAt) {
    }

    /** A trigger as administrators see and edit it. Threshold, min and max are empty for a rule without a threshold. */
    public record Rule(String code, boolean enabled, Optional<BigDecimal> threshold, Optional<BigDecimal> min,
                       Optional<BigDecimal> max, String descriptionZh, String descriptionEn, Optional<Instant> updatedAt,
                       Optional<String> updatedBy) {
        public boolean hasThreshold() {
            return min.isPresent();
        }

        public String description(java.util.Locale locale) {
            return "en".equals(locale.getLanguage()) ? descriptionEn : descriptionZh;
        }

        public String messageKey() {
            return "monitoring.rule." + code;
        }
    }

    /**
     * The last recomputation of a year. {@code stale} says a rule changed after it, so the flags no
     * longer reflect the thresholds.
     */
    public record Run(int year, Instant computedAt, String computedBy, int flagCount, boolean stale) {
    }

    /** Households flagged in the caller's scope, in total and per category (a household may be in both). */
    public record Summary(long households, Map<String, Long> byCategory) {
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    private final java.util.concurrent.locks.ReentrantLock computing = new java.util.concurrent.locks.ReentrantLock(true);

    private List<GrantedPlaces> granted = List.of();

    /** The places the caller's pairings grant, when the cooperation module is there to say (set once at start). */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void grantedPlaces(List<GrantedPlaces> granted) {
        this.granted = List.copyOf(granted);
    }

    /**
     * The places outside the caller's own scope whose monitoring counts it may read ({@link #summary}):
     * the far sides of its pairings. Their flags are not listed to it.
     */
    public List<RegionCode> aggregatePlaces() {
        return granted.stream().flatMap(g -> g.ofCaller().stream()).distinct().sorted().toList();
    }

    Monitoring(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Evaluates every household of the year against the enabled rules and replaces the year's flags.
     * Coordinators and administrators may ask, and the system itself (a command, the demo at start).
     */
    @Transactional
    public Run recompute(int year) {
        if (!CurrentUser.get().map(me -> me.is(Role.ADMINISTRATOR, Role.COORDINATOR)).orElseGet(CurrentUser::isSystem)) {
            throw new AccessDeniedException("recomputing monitoring is for coordinators and administrators");
        }
        lockRules();
        return compute(year);
    }

    /**
     * Computes the year once if it never was, so a page never shows "no flags" for a year nobody
     * evaluated. Anyone may cause it: the result is the same whoever asks.
     */
    @Transactional
    public Run ensureComputed(int year) {
        Optional<Run> run = run(year);
        if (run.isPresent()) {
            return run.get();
        }
        lockRules();
        // someone else may have computed it while this transaction waited for the lock
        return run(year).orElseGet(() -> compute(year));
    }

    public Optional<Run> run(int year) {
        return jdbc.sql("""
                        select r.reg_year, r.computed_at, r.computed_by, r.flag_count,
                               (select count(*) from monitoring_rule m where m.updated_at > r.computed_at) as changed
                        from monitoring_run r where r.reg_year = :year""")
                .param("year", year)
                .query((rs, i) -> new Run(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getInt(4), rs.getLong(5) > 0))
                .optional();
    }

    public Page<Flag> flags(Filter filter, int page, int size) {
        Optional<String> scope = scopePrefix();
        if (scope.isEmpty()) {
            return new Page<>(List.of(), 0, size, 0);
        }
        Map<String, Object> p = params(filter, scope.get());
        long total = jdbc.sql("select count(*) from monitoring_flag f where " + WHERE).params(p).query(Long.class).single();
        p.put("offset", Page.offset(page, size));
        p.put("limit", size);
        List<Flag> rows = jdbc.sql("""
                        select f.id, f.household_id, h.household_no, f.village_code, hy.poverty_status, f.reg_year, f.rule_code,
                               f.category, f.message_key, f.arguments, f.computed_at,
                               (select max(pe.name) from membership m join person pe on pe.id = m.person_id
                                 where m.household_id = f.household_id and m.reg_year = f.reg_year and m.relation = '户主') as head
                        from monitoring_flag f
                        join household h on h.id = f.household_id
                        join household_year hy on hy.household_id = f.household_id and hy.reg_year = f.reg_year
                        join monitoring_rule r on r.code = f.rule_code
                        where %s
                        order by f.village_code, h.household_no, r.sort_order, f.id
                        offset :offset rows fetch next :limit rows only""".formatted(WHERE))
                .params(p)
                .query((rs, i) -> new Flag(rs.getLong(1), rs.getLong(2), rs.getString(3), new RegionCode(rs.getString(4)),
                        rs.getString("head"), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        arguments(rs.getString(10)), rs.getTimestamp(11).toInstant()))
                .list();
        return new Page<>(rows, Math.max(0, page), size, total);
    }

    /**
     * Flagged households per category within the caller's scope and the filter's year and region (not its
     * category or rule); a region outside the caller's scope that its pairings grant ({@link #aggregatePlaces})
     * is counted too, as a count only.
     */
    public Summary summary(Filter filter) {
        Optional<String> scope = scopePrefix();
        if (scope.isPresent() && filter.region().isPresent() && !filter.region().get().value().startsWith(scope.get())
                && aggregatePlaces().stream().anyMatch(g -> g.covers(filter.region().get()))) {
            scope = Optional.of(filter.region().get().value());
        }
        Map<String, Long> byCategory = new LinkedHashMap<>();
        byCategory.put(UNSTABLE, 0L);
        byCategory.put(SUDDEN_HARDSHIP, 0L);
        if (scope.isEmpty()) {
            return new Summary(0, byCategory);
        }
        Filter wide = new Filter(filter.year(), filter.region(), Optional.empty(), Optional.empty());
        Map<String, Object> p = params(wide, scope.get());
        jdbc.sql("select f.category, count(distinct f.household_id) from monitoring_flag f where " + WHERE + " group by f.category")
                .params(p).query(rs -> {
                    byCategory.put(rs.getString(1), rs.getLong(2));
                });
        long households = jdbc.sql("select count(distinct f.household_id) from monitoring_flag f where " + WHERE)
                .params(p).query(Long.class).single();
        return new Summary(households, byCategory);
    }

    /** The rule codes in their order, for filters; anyone may read them. */
    public List<String> ruleCodes() {
        return jdbc.sql("select code from monitoring_rule order by sort_order").query(String.class).list();
    }

    public List<Rule> rules() {
        requireAdministrator();
        return jdbc.sql("""
                        select code, enabled, threshold, threshold_min, threshold_max, description_zh, description_en, updated_at, updated_by
                        from monitoring_rule order by sort_order""")
                .query((rs, i) -> {
                    Timestamp updated = rs.getTimestamp(8);
                    return new Rule(rs.getString(1), rs.getBoolean(2), Optional.ofNullable(rs.getBigDecimal(3)),
                            Optional.ofNullable(rs.getBigDecimal(4)), Optional.ofNullable(rs.getBigDecimal(5)), rs.getString(6),
                            rs.getString(7), Optional.ofNullable(updated).map(Timestamp::toInstant), Optional.ofNullable(rs.getString(9)));
                })
                .list();
    }

    /**
     * Switches a rule on or off and sets its threshold, within the bounds the rule carries. Takes effect
     * at the next recomputation; the change is audited.
     */
    @Transactional
    public Rule updateRule(String code, boolean enabled, Optional<BigDecimal> threshold) {
        CurrentUser me = requireAdministrator();
        Rule before = rules().stream().filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> new NotFoundException("monitoring rule " + code));
        BigDecimal value = null;
        if (before.hasThreshold()) {
            value = threshold.orElseThrow(() -> new InvalidInputException("threshold", "field.required"));
            BigDecimal min = before.min().orElseThrow();
            BigDecimal max = before.max().orElseThrow();
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidInputException("threshold", "monitoring.threshold.range", plain(min), plain(max));
            }
            if (value.stripTrailingZeros().scale() > 4) {
                throw new InvalidInputException("threshold", "monitoring.threshold.decimals", 4);
            }
        } else if (threshold.isPresent()) {
            throw new InvalidInputException("threshold", "monitoring.threshold.none");
        }
        jdbc.sql("update monitoring_rule set enabled = :enabled, threshold = :threshold, updated_at = :at, updated_by = :by where code = :code")
                .param("enabled", enabled).param("threshold", value).param("at", Timestamp.from(Instant.now()))
                .param("by", me.getUsername()).param("code", code).update();
        Rule after = rules().stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
        events.publishEvent(RecordChanged.updated(RegistryAudit.MONITORING_RULE, code, state(before), state(after)));
        return after;
    }

    private static Map<String, String> state(Rule r) {
        Map<String, String> s = new HashMap<>();
        s.put("enabled", String.valueOf(r.enabled()));
        s.put("threshold", r.threshold().map(Monitoring::plain).orElse(""));
        return s;
    }

    static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static CurrentUser requireAdministrator() {
        CurrentUser me = CurrentUser.require();
        if (!me.is(Role.ADMINISTRATOR)) {
            throw new AccessDeniedException("monitoring rules are for administrators");
        }
        return me;
    }

    /** Serialises recomputations (and rule changes) so two never interleave their deletes and inserts. */
    /**
     * One computation at a time. Within this process a second caller waits here, in Java, until the
     * first one's transaction has ended — not in the database, whose lock timeout (two seconds on H2)
     * used to answer the second of two people opening the page of a year never computed with a 500.
     * The row locks on the rules still keep another process (the command line) apart.
     */
    private void lockRules() {
        computing.lock();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                computing.unlock();
            }
        });
        jdbc.sql("select code from monitoring_rule for update").query(String.class).list();
    }

    private Run compute(int year) {
        Instant now = Instant.now();
        Map<String, Object> p = new HashMap<>();
        p.put("year", year);
        p.put("now", Timestamp.from(now));
        p.put("sep", SEPARATOR);
        p.put("unstable", UNSTABLE);
        p.put("sudden", SUDDEN_HARDSHIP);
        jdbc.sql("delete from monitoring_flag where reg_year = :year").param("year", year).update();
        int flags = 0;
        for (String statement : MonitoringRules.STATEMENTS) {
            flags += jdbc.sql(statement).params(p).update();
        }
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        jdbc.sql("delete from monitoring_run where reg_year = :year").param("year", year).update();
        jdbc.sql("insert into monitoring_run (reg_year, computed_at, computed_by, flag_count) values (:year, :at, :by, :n)")
                .param("year", year).param("at", Timestamp.from(now)).param("by", actor).param("n", flags).update();
        return new Run(year, now, actor, flags, false);
    }

    private static List<String> arguments(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(SEPARATOR, -1));
    }

    /** The village prefix the caller may read, or empty for none: as {@link Households} decides it. */
    private static Optional<String> scopePrefix() {
        return CurrentUser.scopeOfCaller().flatMap(Scope::region).map(RegionCode::value);
    }

    private static Map<String, Object> params(Filter f, String scope) {
        Map<String, Object> p = new HashMap<>();
        p.put("year", f.year());
        p.put("scope", scope);
        p.put("region", f.region().map(RegionCode::value).orElse(null));
        p.put("category", f.category().orElse(null));
        p.put("rule", f.rule().orElse(null));
        return p;
    }

    private static final String WHERE = """
            f.reg_year = :year and f.village_code like :scope || '%'
            and not exists (select 1 from household_removal hr where hr.household_id = f.household_id and hr.reg_year = f.reg_year)
            and (cast(:region as varchar(12)) is null or f.village_code like :region || '%')
            and (cast(:category as varchar(20)) is null or f.category = :category)
            and (cast(:rule as varchar(40)) is null or f.rule_code = :rule)""";
}
