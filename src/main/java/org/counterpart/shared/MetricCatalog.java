package org.counterpart.shared;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric the modules publish, by id. Planning, assessment and the dashboards ask here, so the
 * arrows between modules keep pointing down while a target in the plan is fed by reach in insight.
 */
@Component
public class MetricCatalog {

    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, MetricSource> sources = new LinkedHashMap<>();

    MetricCatalog(org.springframework.beans.factory.ObjectProvider<MetricSource> published) {
        for (MetricSource source : published.orderedStream().toList()) {
            for (Metric m : source.metrics()) {
                if (metrics.putIfAbsent(m.id(), m) != null) {
                    throw new IllegalStateException("metric " + m.id() + " is published twice");
                }
                sources.put(m.id(), source);
            }
        }
    }

    /** All metrics, in the order their modules published them. */
    public List<Metric> all() {
        return List.copyOf(metrics.values());
    }

    public Optional<Metric> find(String id) {
        return Optional.ofNullable(id).map(metrics::get);
    }

    /** The metric, or a refusal naming the field that asked for it. */
    public Metric require(String field, String id) {
        return find(id).orElseThrow(() -> new InvalidInputException(field, "metric.unknown"));
    }

    public Map<MetricSubject, BigDecimal> values(String metricId, Period period, Collection<MetricSubject> subjects) {
        require("metric", metricId);
        return sources.get(metricId).values(metricId, period, subjects);
    }

    /** Twelve values per subject, January first ({@link MetricSource#monthly}). */
    public Map<MetricSubject, List<BigDecimal>> monthly(String metricId, int year, Collection<MetricSubject> subjects) {
        require("metric", metricId);
        return sources.get(metricId).monthly(metricId, year, subjects);
    }

    public BigDecimal value(String metricId, MetricSubject subject, Period period) {
        return values(metricId, period, List.of(subject)).getOrDefault(subject, BigDecimal.ZERO);
    }

    public List<MetricRecord> records(String metricId, MetricSubject subject, Period period, int limit) {
        require("metric", metricId);
        return sources.get(metricId).records(metricId, subject, period, limit);
    }
}
