package org.counterpart.planning;

import org.counterpart.shared.InvalidInputException;
import org.counterpart.shared.Period;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One owner unit's report on one month of a plan's list: its state and who moved it there, the unit's own
 * words (the progress and the plan for next month), and the reviewer's. The moves are its methods; each
 * answers the report after the move and refuses a move the state does not allow, naming the reason:
 * draft → submitted → approved, or submitted → returned (with a reason) → submitted again.
 *
 * @param late whether the first submission came after the input window closed
 */
public record MonthlyReport(long id, long planId, OwnerUnit unit, int year, int month, ReportState state,
                            String progressNote, String nextMonthPlan,
                            Optional<Instant> submittedAt, Optional<String> submittedBy, boolean late,
                            Optional<Instant> reviewedAt, Optional<String> reviewedBy, Optional<String> reviewComment,
                            Optional<String> returnReason, int version) {

    public static final int NOTE_MAX = 4000;
    public static final int REASON_MAX = 2000;

    public MonthlyReport {
        Objects.requireNonNull(unit);
        Objects.requireNonNull(state);
        progressNote = progressNote == null ? "" : progressNote;
        nextMonthPlan = nextMonthPlan == null ? "" : nextMonthPlan;
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("month " + month);
        }
    }

    /** A new draft of a unit for a month. */
    public static MonthlyReport draft(long planId, OwnerUnit unit, int year, int month) {
        return new MonthlyReport(0, planId, unit, year, month, ReportState.DRAFT, "", "", Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    public Period period() {
        return Period.month(year, month);
    }

    /** Refuses any change of a report that is not a draft or returned. */
    public void requireEditable() {
        if (!state.editable()) {
            throw new InvalidInputException("state", "report.notEditable", state.name());
        }
    }

    /** The unit's own words changed (a draft or a returned report only). */
    public MonthlyReport withText(String progress, String nextMonth) {
        requireEditable();
        return new MonthlyReport(id, planId, unit, year, month, state, limited("progressNote", progress, NOTE_MAX),
                limited("nextMonthPlan", nextMonth, NOTE_MAX), submittedAt, submittedBy, late, reviewedAt, reviewedBy, reviewComment,
                returnReason, version);
    }

    /** Draft → submitted; {@code late} when the input window had closed. */
    public MonthlyReport submit(String by, Instant at, boolean late) {
        if (state != ReportState.DRAFT) {
            throw new InvalidInputException("state", state == ReportState.RETURNED ? "report.submit.useResubmit" : "report.submit.notDraft",
                    state.name());
        }
        return new MonthlyReport(id, planId, unit, year, month, ReportState.SUBMITTED, progressNote, nextMonthPlan, Optional.of(at),
                Optional.of(by), late, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), version);
    }

    /**
     * Returned → submitted again. The late flag stays that of the first submission (timeliness counts when
     * the month was first handed in); the reason it was returned is kept until the next review.
     */
    public MonthlyReport resubmit(String by, Instant at) {
        if (state != ReportState.RETURNED) {
            throw new InvalidInputException("state", "report.resubmit.notReturned", state.name());
        }
        return new MonthlyReport(id, planId, unit, year, month, ReportState.SUBMITTED, progressNote, nextMonthPlan, Optional.of(at),
                Optional.of(by), late, reviewedAt, reviewedBy, reviewComment, returnReason, version);
    }

    /** Submitted → approved by someone other than its submitter, with the reviewer's comment (may be empty). */
    public MonthlyReport approve(String by, Instant at, String comment) {
        if (state != ReportState.SUBMITTED) {
            throw new InvalidInputException("state", "report.approve.notSubmitted", state.name());
        }
        refuseSelfReview(by);
        String c = limited("comment", comment, REASON_MAX);
        return new MonthlyReport(id, planId, unit, year, month, ReportState.APPROVED, progressNote, nextMonthPlan, submittedAt,
                submittedBy, late, Optional.of(at), Optional.of(by), c.isEmpty() ? Optional.empty() : Optional.of(c), returnReason, version);
    }

    /** Submitted → returned to the unit, with the reason, which is required. */
    public MonthlyReport returnWith(String by, Instant at, String reason) {
        if (state != ReportState.SUBMITTED) {
            throw new InvalidInputException("state", "report.return.notSubmitted", state.name());
        }
        refuseSelfReview(by);
        String r = limited("reason", reason, REASON_MAX);
        if (r.isEmpty()) {
            throw new InvalidInputException("reason", "report.return.reasonRequired");
        }
        return new MonthlyReport(id, planId, unit, year, month, ReportState.RETURNED, progressNote, nextMonthPlan, submittedAt,
                submittedBy, late, Optional.of(at), Optional.of(by), Optional.empty(), Optional.of(r), version);
    }

    private void refuseSelfReview(String by) {
        if (submittedBy.map(s -> s.equals(by)).orElse(false)) {
            throw new InvalidInputException("state", "report.review.self");
        }
    }

    private static String limited(String field, String raw, int max) {
        String v = raw == null ? "" : raw.strip();
        if (v.length() > max) {
            throw new InvalidInputException(field, "report.field.tooLong", max);
        }
        return v;
    }
}
