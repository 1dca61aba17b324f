package org.counterpart.shared;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module implements to publish its metrics: the metrics it owns, their values for many subjects
 * at once (one query per metric and period, not one per subject), and the records behind a value. A source
 * reads its own tables only and answers as the system: the caller checks who may see which subject.
 */
public interface MetricSource {

    /** The metrics this source answers for; ids are unique across the catalogue. */
    List<Metric> metrics();

    /**
     * The value of one of this source's metrics for each subject in one period. Every subject asked is
     * answered: a subject with no records has zero.
     */
    Map<MetricSubject, BigDecimal> values(String metricId, Period period, Collection<MetricSubject> subjects);

    /** The records behind one value, at most {@code limit} of them, largest contribution first. */
    List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit);

    /**
     * The value of one metric for each subject in each month of a year: twelve values per subject,
     * January first, each the value {@link #values} gives for that month. A dispatch report showing a
     * year's trend asks once instead of twelve times; for an additive metric the months add up to the
     * quarters, the year to date and the year. This default asks {@link #values} month by month; a
     * source answers it with one query where it can.
     */
    default Map<MetricSubject, List<BigDecimal>> monthly(String metricId, int year, Collection<MetricSubject> subjects) {
        Map<MetricSubject, List<BigDecimal>> out = new LinkedHashMap<>();
        for (MetricSubject s : subjects) {
            out.put(s, new ArrayList<>(12));
        }
        for (int month = 1; month <= 12; month++) {
            Map<MetricSubject, BigDecimal> values = values(metricId, Period.month(year, month), subjects);
            for (MetricSubject s : subjects) {
                out.get(s).add(values.getOrDefault(s, BigDecimal.ZERO));
            }
        }
        out.replaceAll((s, v) -> List.copyOf(v));
        return out;
    }
}
