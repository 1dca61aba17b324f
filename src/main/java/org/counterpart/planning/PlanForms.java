package org.counterpart.planning;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What the plan pages and the list import hand to {@link Plans}: text as typed, checked there. */
public final class PlanForms {

    private PlanForms() {
    }

    public record PlanForm(String title, int firstYear, int lastYear, String helpingRegion, String helpedRegion, LocalDate signedOn) {
    }

    /**
     * A task as entered.
     *
     * @param metricId empty or blank where the indicator is reported by hand
     * @param unit     a {@link org.counterpart.shared.MetricUnit} name; for a computed task, the metric's unit
     * @param partner  an owner-unit key ({@code 520201}, {@code i17}) or blank
     */
    public record TaskForm(int seq, String text, String category, String metricId, String indicator, String unit, LocalDate deadline,
                           String partner, Long agreementId, int version) {
    }

    /** A target of one owner unit, by the unit's key. */
    public record TargetForm(String owner, BigDecimal value, int version) {
    }
}
