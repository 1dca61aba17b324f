package org.counterpart.planning;

import java.util.Map;

/**
 * What a unit saves on its report: hand values and notes by target id (text as typed, checked by the
 * service), its progress note, next month's plan, and the version of the report it read.
 */
public record ReportForm(Map<Long, String> handValues, Map<Long, String> notes, String progressNote, String nextMonthPlan, int version) {

    public ReportForm {
        handValues = handValues == null ? Map.of() : Map.copyOf(handValues);
        notes = notes == null ? Map.of() : Map.copyOf(notes);
    }
}
