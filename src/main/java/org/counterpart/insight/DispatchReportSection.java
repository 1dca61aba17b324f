package org.counterpart.insight;

import org.counterpart.planning.Plan;
import org.counterpart.planning.ResponsibilityList;

import java.time.LocalDate;
import java.util.List;

/** Contributes the monthly reports missing, late or returned to the dispatch report. */
interface DispatchReportSection {

    List<Dispatch.ReportLine> reports(Plan plan, ResponsibilityList list, int month, LocalDate today);
}
