package org.counterpart.planning;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report's moves as methods: each answers the report after the move or refuses it with the reason. */
class MonthlyReportTest {

    static final Instant AT = Instant.parse("2019-04-03T02:00:00Z");
    static final MonthlyReport DRAFT = MonthlyReport.draft(1, OwnerUnit.of(new RegionCode("5305")), 2019, 3);

    static String reason(Runnable move) {
        try {
            move.run();
        } catch (InvalidInputException e) {
            return e.messageKey();
        }
        throw new AssertionError("the move was not refused");
    }

    @Test
    void aDraftIsSubmittedThenApprovedByAnotherPerson() {
        MonthlyReport submitted = DRAFT.submit("unit.reporter", AT, false);
        assertThat(submitted.state()).isEqualTo(ReportState.SUBMITTED);
        assertThat(submitted.submittedBy()).contains("unit.reporter");
        MonthlyReport approved = submitted.approve("city.reviewer", AT, "好");
        assertThat(approved.state()).isEqualTo(ReportState.APPROVED);
        assertThat(approved.reviewComment()).contains("好");
        assertThat(approved.reviewedBy()).contains("city.reviewer");
    }

    @Test
    void rejectsApprovalOfUnsubmittedReport() {
        assertThat(reason(() -> DRAFT.approve("city.reviewer", AT, ""))).isEqualTo("report.approve.notSubmitted");
        MonthlyReport approved = DRAFT.submit("a", AT, false).approve("b", AT, "");
        assertThat(reason(() -> approved.approve("b", AT, ""))).isEqualTo("report.approve.notSubmitted");
    }

    @Test
    void returningNeedsAReason() {
        MonthlyReport submitted = DRAFT.submit("a", AT, false);
        assertThat(reason(() -> submitted.returnWith("b", AT, "  "))).isEqualTo("report.return.reasonRequired");
        assertThat(reason(() -> submitted.returnWith("b", AT, null))).isEqualTo("report.return.reasonRequired");
        MonthlyReport returned = submitted.returnWith("b", AT, "figures missing");
        assertThat(returned.state()).isEqualTo(ReportState.RETURNED);
        assertThat(returned.returnReason()).contains("figures missing");
    }

    @Test
    void aReturnedReportIsResubmittedNotSubmittedAndKeepsItsLateFlag() {
        MonthlyReport returned = DRAFT.submit("a", AT, true).returnWith("b", AT, "why");
        assertThat(reason(() -> returned.submit("a", AT, false))).isEqualTo("report.submit.useResubmit");
        MonthlyReport again = returned.resubmit("a", AT);
        assertThat(again.state()).isEqualTo(ReportState.SUBMITTED);
        assertThat(again.late()).isTrue();
        assertThat(reason(() -> DRAFT.resubmit("a", AT))).isEqualTo("report.resubmit.notReturned");
    }

    @Test
    void nobodyReviewsTheirOwnSubmission() {
        MonthlyReport submitted = DRAFT.submit("same.person", AT, false);
        assertThat(reason(() -> submitted.approve("same.person", AT, ""))).isEqualTo("report.review.self");
        assertThat(reason(() -> submitted.returnWith("same.person", AT, "why"))).isEqualTo("report.review.self");
    }

    @Test
    void aSubmittedOrApprovedReportIsNotEdited() {
        MonthlyReport submitted = DRAFT.submit("a", AT, false);
        assertThat(reason(() -> submitted.withText("x", "y"))).isEqualTo("report.notEditable");
        assertThat(reason(() -> submitted.approve("b", AT, "").withText("x", "y"))).isEqualTo("report.notEditable");
        assertThat(reason(() -> submitted.submit("a", AT, false))).isEqualTo("report.submit.notDraft");
        assertThat(DRAFT.withText(" progress ", "next").progressNote()).isEqualTo("progress");
        assertThat(DRAFT.submit("a", AT, false).returnWith("b", AT, "r").withText("p", "n").nextMonthPlan()).isEqualTo("n");
    }

    @Test
    void onlyASubmittedReportIsReturned() {
        assertThat(reason(() -> DRAFT.returnWith("b", AT, "why"))).isEqualTo("report.return.notSubmitted");
        assertThatThrownBy(() -> MonthlyReport.draft(1, DRAFT.unit(), 2019, 13)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWindowIsTheConfiguredDaysOfTheNextMonth() {
        ReportWindow w = ReportWindow.of(2019, 12, 1, 10);
        assertThat(w.opens()).hasToString("2020-01-01");
        assertThat(w.closes()).hasToString("2020-01-10");
        assertThat(w.closed(w.closes())).isFalse();
        assertThat(w.closed(w.closes().plusDays(1))).isTrue();
    }
}
