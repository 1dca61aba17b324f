package org.counterpart.registry;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's figures as metrics. The registry is kept by year, so every period of a year answers
 * the year's figure: the registered poor of 2018 are the same in March and in the year, and neither
 * figure adds up over months.
 * <ul>
 *     <li>{@code registry.poor_people}: the members of the households registered in the year (not
 *     removed from it), by where the household is registered.</li>
 *     <li>{@code registry.exits} and {@code registry.exits.households}: the people and households
 *     registered as exited (已脱贫) in the year that were registered as not exited the year before.
 *     The registry keeps no year of exit: a household first seen already exited may have exited in any
 *     earlier year, so it is not counted as an exit of the year it is first seen in.</li>
 * </ul>
 * Only helped places have registered poor: a recording side or an institution answers zero. A place
 * answers for the households registered in it or below it (a village, a town, a county and up).
 * One grouped query per metric and year, by county, or by village where a place below a county is
 * asked; the records behind a value are the households, by number only.
 */
@Component
public class RegistryMetrics implements MetricSource {

    static final String EXITED = "已脱贫";
    private static final String REGISTERED = "not exists (select 1 from household_removal hr where hr.household_id = hy.household_id and hr.reg_year = hy.reg_year)";
    private static final String EXITED_THIS_YEAR = "hy.poverty_status = :exited and exists (select 1 from household_year prev"
            + " where prev.household_id = hy.household_id and prev.reg_year = hy.reg_year - 1 and prev.poverty_status <> :exited)";

    public static final Metric POOR_PEOPLE = new Metric("registry.poor_people", "建档立卡贫困人口", "Registered poor people", MetricUnit.PEOPLE, false);
    public static final Metric EXITS = new Metric("registry.exits", "脱贫人口", "People exited from poverty", MetricUnit.PEOPLE, false);
    public static final Metric EXITED_HOUSEHOLDS = new Metric("registry.exits.households", "脱贫户数", "Households exited from poverty",
            MetricUnit.COUNT, false);

    private final JdbcClient jdbc;

    RegistryMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(POOR_PEOPLE, EXITS, EXITED_HOUSEHOLDS);
    }

    private static Metric metric(String id) {
        for (Metric m : List.of(POOR_PEOPLE, EXITS, EXITED_HOUSEHOLDS)) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new InvalidInputException("metric", "metric.unknown");
    }

    private static String condition(Metric m) {
        return m == POOR_PEOPLE ? REGISTERED : REGISTERED + " and " + EXITED_THIS_YEAR;
    }

    @Override
    public Map<MetricSubject, BigDecimal> values(String metricId, Period period, Collection<MetricSubject> subjects) {
        Metric m = metric(metricId);
        Map<MetricSubject, BigDecimal> out = new LinkedHashMap<>();
        subjects.forEach(s -> out.put(s, BigDecimal.ZERO));
        List<MetricSubject.Place> places = subjects.stream().filter(MetricSubject.Place.class::isInstance).map(MetricSubject.Place.class::cast)
                .distinct().toList();
        if (places.isEmpty()) {
            return out;
        }
        boolean byVillage = places.stream().anyMatch(p -> p.region().length() > 6);
        String column = byVillage ? "hy.village_code" : "hy.county_code";
        String sql = "select " + column + ", count(*), coalesce(sum(hy.member_count), 0) from household_year hy where hy.reg_year = :y and "
                + condition(m) + " group by " + column;
        Map<String, long[]> groups = new HashMap<>();
        jdbc.sql(sql).param("y", period.year()).param("exited", EXITED)
                .query(rs -> {
                    groups.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
                });
        for (MetricSubject.Place p : places) {
            long total = 0;
            for (var g : groups.entrySet()) {
                if (g.getKey().startsWith(p.region())) {
                    total += m == EXITED_HOUSEHOLDS ? g.getValue()[0] : g.getValue()[1];
                }
            }
            out.put(p, BigDecimal.valueOf(total));
        }
        return out;
    }

    @Override
    public Map<MetricSubject, List<BigDecimal>> monthly(String metricId, int year, Collection<MetricSubject> subjects) {
        Map<MetricSubject, BigDecimal> ofYear = values(metricId, Period.year(year), subjects);
        Map<MetricSubject, List<BigDecimal>> out = new LinkedHashMap<>();
        ofYear.forEach((s, v) -> out.put(s, java.util.Collections.nCopies(12, v)));
        return out;
    }

    @Override
    public List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit) {
        Metric m = metric(metricId);
        if (!(subject instanceof MetricSubject.Place place) || limit <= 0) {
            return List.of();
        }
        String sql = "select hy.household_id, hy.version, h.household_no, hy.member_count from household_year hy join household h on h.id = hy.household_id"
                + " where hy.reg_year = :y and hy.village_code like :prefix and " + condition(m)
                + " order by hy.member_count desc, hy.household_id limit :limit";
        List<MetricRecord> out = new ArrayList<>();
        jdbc.sql(sql).param("y", period.year()).param("prefix", place.region() + "%").param("exited", EXITED).param("limit", limit)
                .query(rs -> {
                    long id = rs.getLong(1);
                    out.add(new MetricRecord("HOUSEHOLD", id, rs.getInt(2), rs.getString(3),
                            m == EXITED_HOUSEHOLDS ? BigDecimal.ONE : BigDecimal.valueOf(rs.getLong(4)), "/registry/households/" + id));
                });
        return out;
    }
}
