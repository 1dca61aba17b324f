package org.counterpart.planning;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSource;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.Period;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A metric only the tests publish, so that the reports' tests have a computed value whatever metric sources
 * the application ships: the meetings held in a period, read from the meetings ledger through its API (a
 * place counts the meetings held there, a region or an institution those it recorded).
 */
@Component
class ReportTestMetrics implements MetricSource {

    static final String MEETINGS = "test.reports.meetings";

    private final Ledgers ledgers;

    ReportTestMetrics(Ledgers ledgers) {
        this.ledgers = ledgers;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(new Metric(MEETINGS, "测试：召开会议", "Test: meetings held", MetricUnit.COUNT, true));
    }

    @Override
    public Map<MetricSubject, BigDecimal> values(String metricId, Period period, Collection<MetricSubject> subjects) {
        Map<MetricSubject, BigDecimal> out = new HashMap<>();
        for (MetricSubject s : subjects) {
            out.put(s, BigDecimal.valueOf(held(s, period).size()));
        }
        return out;
    }

    @Override
    public List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit) {
        return held(subject, period).stream().sorted(Comparator.comparingLong(LedgerRecord::id)).limit(limit)
                .map(r -> new MetricRecord("MEETING", r.id(), r.version(), r.title(), BigDecimal.ONE, "/ledgers/meetings/" + r.id()))
                .toList();
    }

    private List<LedgerRecord> held(MetricSubject subject, Period period) {
        List<LedgerRecord> all = CurrentUser.asSystem(() -> ledgers.matching(Ledger.MEETING,
                new Ledgers.Filter(Optional.of(period.year()), Optional.empty(), Optional.empty(), Map.of())));
        return all.stream().filter(r -> r.get(Ledger.HELD_ON) != null && period.contains(r.get(Ledger.HELD_ON)))
                .filter(r -> counts(subject, r)).toList();
    }

    private static boolean counts(MetricSubject subject, LedgerRecord r) {
        if (subject instanceof MetricSubject.Place p) {
            return r.place().value().startsWith(p.region());
        }
        if (subject instanceof MetricSubject.RecordedBy b) {
            return r.owner().region().map(x -> x.value().startsWith(b.region())).orElse(false);
        }
        MetricSubject.Institution i = (MetricSubject.Institution) subject;
        return r.owner().institutionId().map(x -> x == i.id()).orElse(false);
    }
}
