package org.counterpart.shared;

import java.math.BigDecimal;
import java.util.Collection;
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

    /**
     * The values of each month from January to {@code lastMonth} of a year, for all subjects: one map per
     * month. A source may answer this with one query instead of one per month; by default it asks month by month.
     */
    default List<Map<MetricSubject, BigDecimal>> monthly(String metricId, int year, int lastMonth, Collection<MetricSubject> subjects) {
        List<Map<MetricSubject, BigDecimal>> out = new java.util.ArrayList<>();
        for (int m = 1; m <= lastMonth; m++) {
            out.add(values(metricId, Period.month(year, m), subjects));
        }
        return out;
    }

    /** The records behind one value, at most {@code limit} of them, largest contribution first. */
    List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit);
}
