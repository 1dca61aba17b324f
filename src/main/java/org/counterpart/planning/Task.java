package org.counterpart.planning;

import org.counterpart.shared.MetricUnit;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A task of a responsibility list: what is to be done, in which assessment category, measured by which
 * indicator, by when, and the target each owner unit answers for.
 *
 * @param metricId  the catalogue metric that computes the indicator; empty where it is reported by hand
 * @param indicator the indicator as the list names it (政府援助资金, 转移就业贫困劳动力)
 * @param agreementId an agreement of the cooperation ledger the task follows, if any
 */
public record Task(long id, long listId, int seq, String text, TaskCategory category, Optional<String> metricId, String indicator,
                   MetricUnit unit, LocalDate deadline, Optional<OwnerUnit> partner, Optional<Long> agreementId, int version,
                   List<Target> targets) {

    public boolean computed() {
        return metricId.isPresent();
    }

    /** What one owner unit answers for, with the milestones of that target. */
    public record Target(long id, long taskId, OwnerUnit owner, java.math.BigDecimal value, int version, List<Milestone> milestones) {
    }

    /** A share of a target due by the end of a month or a quarter, written as {@code 2018-06} or {@code 2018Q2}. */
    public record Milestone(org.counterpart.shared.Period period, java.math.BigDecimal value) {
    }
}
