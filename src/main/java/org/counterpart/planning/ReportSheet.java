package org.counterpart.planning;

import org.counterpart.cooperation.LedgerRecord;

import java.util.List;
import java.util.Optional;

/**
 * A report as its page shows it: the report, its plan and window, each target's values, the problems the
 * unit raised in the month (read from the problems ledger, never typed again), the lock exception that
 * holds, what the caller may do, and for an approved report what changed since approval.
 */
public record ReportSheet(MonthlyReport report, Plan plan, ReportWindow window, List<ReportValue> values, List<LedgerRecord> problems,
                          Optional<ReportLock> lock, boolean canWrite, boolean canReview, boolean canGrantLock, List<ReportChange> changes) {

    public List<ReportChange> changed() {
        return changes.stream().filter(ReportChange::changed).toList();
    }
}
