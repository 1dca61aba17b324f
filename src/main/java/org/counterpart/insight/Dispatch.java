package org.counterpart.insight;

import org.counterpart.planning.Plan;
import org.counterpart.planning.Progress;
import org.counterpart.planning.ResponsibilityList;
import org.counterpart.planning.TaskCategory;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.Period;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The monthly dispatch report of a plan's year, as the dispatching meeting reads it: every task's target
 * and actual with the share done against the share of time passed and the trend by month; the units behind
 * schedule; the monthly reports missing, late or returned; problems opened and solved; agreements whose
 * milestones are overdue. One record feeds the page, the workbook and the PDF, so the three cannot disagree.
 */
public record Dispatch(Plan plan, ResponsibilityList list, String helpingName, String helpedName, Period month, Period toDate, LocalDate asOf, List<TaskLine> tasks,
                       List<UnitLine> units, List<ReportLine> reports, List<ChangeLine> changed, ProblemFigures problems,
                       List<AgreementLine> agreements) {

    /**
     * One target of one task.
     *
     * @param monthValue the actual of the month alone; null for a metric that does not add up over months (a rate,
     *                   a count of distinct people)
     * @param trend      the actual of each month from January to the report's month; empty for such a metric
     * @param metricId   the metric computing the actual, empty where it is reported by hand
     * @param subjectKey whose figures they are, for the link to the records behind
     */
    public record TaskLine(long taskId, int seq, String task, TaskCategory category, String indicator, MetricUnit unit, String owner,
                           String ownerKey, BigDecimal target, BigDecimal monthValue, BigDecimal toDate, BigDecimal percentDone,
                           BigDecimal percentElapsed, Progress.Standing standing, List<BigDecimal> trend, Optional<String> metricId,
                           String subjectKey) {
        public boolean behind() {
            return standing == Progress.Standing.BEHIND || standing == Progress.Standing.MILESTONE_MISSED
                    || standing == Progress.Standing.OVERDUE;
        }

        /** The largest month of the trend, for scaling its bars. */
        public BigDecimal trendMax() {
            return trend.stream().max(BigDecimal::compareTo).filter(m -> m.signum() > 0).orElse(BigDecimal.ONE);
        }
    }

    /** How one owner unit stands over all its targets. */
    public record UnitLine(String owner, String ownerKey, int targets, int done, int behind) {
    }

    /** Why a unit's report is named in the dispatch report. */
    public enum ReportStanding { MISSING, RETURNED, LATE }

    /** A unit's monthly report that is missing, late or was returned. */
    public record ReportLine(String owner, String ownerKey, ReportStanding state, boolean late, Optional<String> reason,
                             Optional<Long> reportId) {
    }

    /**
     * A figure approved in a unit's report of the month that the records now put elsewhere (changed since
     * approval, 40 → 43, 3 records). The approved figure stays as approved; this says what changed.
     */
    public record ChangeLine(String owner, String ownerKey, int seq, String task, MetricUnit unit, BigDecimal approved, BigDecimal now,
                             int records, long reportId) {
    }

    /** Problems of the year's ledger: raised and solved in the month and the year to date, still open, of those overdue. */
    public record ProblemFigures(int openedInMonth, int solvedInMonth, int openedToDate, int solvedToDate, int open, int overdue) {
    }

    /** An agreement with milestones past their due date and not done. */
    public record AgreementLine(long agreementId, String title, int milestones, int done, int overdue, List<String> overdueTitles) {
    }

    public long behindCount() {
        return tasks.stream().filter(TaskLine::behind).count();
    }
}
