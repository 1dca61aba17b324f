package org.counterpart.insight;

import org.counterpart.registry.RegistryMetrics;
import org.counterpart.registry.RegistryRolls;
import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSource;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.Period;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reach as metrics: the distinct registered poor reached by any measure in the period's year, and
 * that number as a share of the registered poor. Read from the reach rows ({@code reach_person}, one
 * per person and year, as {@link Reach} reads them), so a person reached by three measures counts
 * once; the registered poor are the registry's own metric ({@link RegistryMetrics}), asked of it, so
 * both figures count the same households.
 * <p>
 * Like the registry, reach is kept by year: every period of a year answers the year's figure, and
 * neither adds up over months. Only helped places are reached: a recording side or an institution
 * answers zero. The reach rows carry the county, so a place answers for its counties; a place below
 * a county (a town, a village) answers zero. The records behind a value are the households reached,
 * by household number, each with the number of its people reached.
 */
@Component
public class ReachMetrics implements MetricSource {

    public static final Metric PEOPLE = new Metric("reach.people", "帮扶覆盖贫困人口", "Registered poor reached", MetricUnit.PEOPLE, false);
    public static final Metric COVERAGE = new Metric("reach.coverage", "贫困人口帮扶覆盖率", "Coverage of the registered poor", MetricUnit.PERCENT, false);

    private final JdbcClient jdbc;
    private final RegistryMetrics registry;
    private final RegistryRolls rolls;

    ReachMetrics(JdbcClient jdbc, RegistryMetrics registry, RegistryRolls rolls) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.rolls = rolls;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(PEOPLE, COVERAGE);
    }

    private static Metric metric(String id) {
        if (PEOPLE.id().equals(id)) {
            return PEOPLE;
        }
        if (COVERAGE.id().equals(id)) {
            return COVERAGE;
        }
        throw new InvalidInputException("metric", "metric.unknown");
    }

    @Override
    public Map<MetricSubject, BigDecimal> values(String metricId, Period period, Collection<MetricSubject> subjects) {
        Metric m = metric(metricId);
        Map<MetricSubject, BigDecimal> reached = reached(period.year(), subjects);
        if (m == PEOPLE) {
            return reached;
        }
        Map<MetricSubject, BigDecimal> registered = registry.values(RegistryMetrics.POOR_PEOPLE.id(), period, subjects);
        Map<MetricSubject, BigDecimal> out = new LinkedHashMap<>();
        for (MetricSubject s : subjects) {
            BigDecimal r = registered.getOrDefault(s, BigDecimal.ZERO);
            out.put(s, r.signum() == 0 ? BigDecimal.ZERO.setScale(1)
                    : reached.get(s).multiply(BigDecimal.valueOf(100)).divide(r, 1, RoundingMode.HALF_UP));
        }
        return out;
    }

    /** People reached in the year per subject: one grouped read by county, folded into the places asked. */
    private Map<MetricSubject, BigDecimal> reached(int year, Collection<MetricSubject> subjects) {
        Map<MetricSubject, BigDecimal> out = new LinkedHashMap<>();
        subjects.forEach(s -> out.put(s, BigDecimal.ZERO));
        if (subjects.stream().noneMatch(MetricSubject.Place.class::isInstance)) {
            return out;
        }
        Map<String, Long> byCounty = new HashMap<>();
        jdbc.sql("select county_code, count(*) from reach_person where reg_year = :y group by county_code").param("y", year)
                .query(rs -> {
                    byCounty.put(rs.getString(1), rs.getLong(2));
                });
        for (MetricSubject s : subjects) {
            if (s instanceof MetricSubject.Place p && p.region().length() <= 6) {
                long n = 0;
                for (var e : byCounty.entrySet()) {
                    if (e.getKey().startsWith(p.region())) {
                        n += e.getValue();
                    }
                }
                out.put(s, BigDecimal.valueOf(n));
            }
        }
        return out;
    }

    @Override
    public Map<MetricSubject, List<BigDecimal>> monthly(String metricId, int year, Collection<MetricSubject> subjects) {
        Map<MetricSubject, List<BigDecimal>> out = new LinkedHashMap<>();
        values(metricId, Period.year(year), subjects).forEach((s, v) -> out.put(s, java.util.Collections.nCopies(12, v)));
        return out;
    }

    @Override
    public List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit) {
        metric(metricId);
        if (!(subject instanceof MetricSubject.Place place) || place.region().length() > 6 || limit <= 0) {
            return List.of();
        }
        Map<Long, Long> people = new LinkedHashMap<>();
        jdbc.sql("""
                        select household_id, count(*) as n from reach_person where reg_year = :y and county_code like :prefix
                        group by household_id order by n desc, household_id limit :limit""")
                .param("y", period.year()).param("prefix", place.region() + "%").param("limit", limit)
                .query(rs -> {
                    people.put(rs.getLong(1), rs.getLong(2));
                });
        List<MetricRecord> out = new ArrayList<>();
        // household numbers only: no names in a list of records
        for (RegistryRolls.HouseholdSummary h : rolls.households(period.year(), List.copyOf(people.keySet()), village -> false)) {
            out.add(new MetricRecord("HOUSEHOLD", h.householdId(), 0, h.householdNo(), BigDecimal.valueOf(people.get(h.householdId())),
                    "/reach/households/" + h.householdId()));
        }
        return out;
    }
}
