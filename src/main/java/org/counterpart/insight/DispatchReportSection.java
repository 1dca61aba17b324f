package org.counterpart.insight;

import org.counterpart.planning.Plan;
import org.counterpart.planning.ResponsibilityList;

import java.time.LocalDate;
import java.util.List;

/** Contributes the month's monthly reports to the dispatch report: those missing, late or returned, and approved figures changed since. */
interface DispatchReportSection {

    record Contribution(List<Dispatch.ReportLine> reports, List<Dispatch.ChangeLine> changes) {
    }

    Contribution contribute(Plan plan, ResponsibilityList list, int month, LocalDate today);
}
