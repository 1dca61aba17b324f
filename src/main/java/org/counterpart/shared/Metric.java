package org.counterpart.shared;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A figure one module publishes to the {@link MetricCatalog}: funds disbursed, workers placed, people
 * reached. Planning, assessment and the dashboards ask for it by its id, so that a target's actual is
 * always the computed one and no module reaches into another's tables for it.
 *
 * @param id        stable name, lower case with dots, e.g. {@code funds.disbursed}
 * @param labelZh   what the figure is called in Chinese
 * @param labelEn   what the figure is called in English
 * @param unit      what it counts
 * @param additive  whether the values of two months add up to the value of both (a sum of money does;
 *                  a rate or a count of distinct people does not)
 */
public record Metric(String id, String labelZh, String labelEn, MetricUnit unit, boolean additive) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

    public Metric {
        Objects.requireNonNull(unit, "unit");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("metric id must be lower-case words joined by dots: " + id);
        }
        if (labelZh == null || labelZh.isBlank() || labelEn == null || labelEn.isBlank()) {
            throw new IllegalArgumentException("metric " + id + " needs a label in both languages");
        }
    }

    public String label(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? labelZh : labelEn;
    }
}
