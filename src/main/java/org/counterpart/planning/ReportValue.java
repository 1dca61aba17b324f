package org.counterpart.planning;

import org.counterpart.shared.MetricSubject;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One target of a report: the task and the target, the value of the month (computed from the catalogue
 * where the task has a metric, else what the unit entered by hand), the unit's short note, and, once the
 * report is approved, the value as approved.
 *
 * @param value       the month's value now: computed, or the hand value (empty when none was entered or
 *                    the task's metric is no longer published)
 * @param handValue   what the unit entered, for a hand-reported task
 * @param approvedValue the figure as approved (never rewritten afterwards)
 */
public record ReportValue(Task task, Task.Target target, MetricSubject subject, boolean computed, Optional<BigDecimal> value,
                          Optional<BigDecimal> handValue, String note, Optional<BigDecimal> approvedValue, Optional<Instant> approvedAt) {
}
