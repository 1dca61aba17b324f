package org.counterpart.planning;

import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSource;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.Period;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Two metrics only the planning tests publish, fed by records the tests add here: their subjects lie in
 * the places the planning test classes claim, so no other class sees a figure move.
 */
@Component
public class PlanTestMetrics implements MetricSource {

    public static final String PLACED = "plantest.placed";
    public static final String FUNDS = "plantest.funds";

    public record Entry(String metric, MetricSubject subject, LocalDate on, BigDecimal amount, long id, String title) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public void add(String metric, MetricSubject subject, LocalDate on, String amount, String title) {
        entries.add(new Entry(metric, subject, on, new BigDecimal(amount), entries.size() + 1L, title));
    }

    @Override
    public List<Metric> metrics() {
        return List.of(new Metric(PLACED, "测试转移就业人数", "Test: workers placed", MetricUnit.PEOPLE, true),
                new Metric(FUNDS, "测试拨付资金", "Test: funds disbursed", MetricUnit.YUAN, true));
    }

    @Override
    public Map<MetricSubject, BigDecimal> values(String metricId, Period period, Collection<MetricSubject> subjects) {
        return subjects.stream().distinct().collect(Collectors.toMap(Function.identity(), s -> matching(metricId, s, period).stream()
                .map(Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add)));
    }

    @Override
    public List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit) {
        return matching(metricId, subject, period).stream().sorted(Comparator.comparing(Entry::amount).reversed()).limit(limit)
                .map(e -> new MetricRecord("TEST", e.id(), 0, e.title(), e.amount(), "/ledgers/funds/" + e.id())).toList();
    }

    private List<Entry> matching(String metricId, MetricSubject subject, Period period) {
        return entries.stream().filter(e -> e.metric().equals(metricId) && e.subject().equals(subject) && period.contains(e.on())).toList();
    }
}
