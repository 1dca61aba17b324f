package org.counterpart.planning;

import java.util.Locale;

/**
 * Where a monthly report stands. A unit drafts it and submits it; the level above approves it or returns
 * it with a reason; a returned report is corrected and submitted again. Only a draft or a returned report
 * is edited.
 */
public enum ReportState {
    DRAFT, SUBMITTED, RETURNED, APPROVED;

    public boolean editable() {
        return this == DRAFT || this == RETURNED;
    }

    /** Submitted or approved: the unit has handed the month in. */
    public boolean handedIn() {
        return this == SUBMITTED || this == APPROVED;
    }

    public String messageKey() {
        return "report.state." + name().toLowerCase(Locale.ROOT);
    }
}
