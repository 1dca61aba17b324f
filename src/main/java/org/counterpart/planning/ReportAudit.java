package org.counterpart.planning;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditNames;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The kinds of audit entry the monthly reports publish: a report (each save and move) and a lock exception. */
@Component
public class ReportAudit implements AuditVocabulary {

    public static final AuditKind REPORT = AuditKind.of("planning.report").fields("report.audit");
    public static final AuditKind LOCK_EXCEPTION = AuditKind.of("planning.lock-exception").fields("report.audit");
    public static final AuditKind EVIDENCE = AuditKind.of("planning.report-evidence").fields("report.audit");

    private final JdbcClient jdbc;

    ReportAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<AuditKind> kinds() {
        return List.of(REPORT, LOCK_EXCEPTION, EVIDENCE);
    }

    @Override
    public Map<String, String> names(AuditKind kind, Collection<String> ids) {
        List<Long> numeric = AuditNames.numeric(ids);
        if (numeric.isEmpty()) {
            return Map.of();
        }
        if (kind.equals(EVIDENCE)) {
            return AuditNames.query(jdbc.sql("select id, file_name from report_evidence where id in (:ids)").param("ids", numeric));
        }
        String table = kind.equals(REPORT) ? "monthly_report" : kind.equals(LOCK_EXCEPTION) ? "lock_exception" : null;
        if (table == null) {
            return Map.of();
        }
        // a report is named by its unit and month, as the dispatch meeting speaks of it
        return AuditNames.query(jdbc.sql("select id, " + "unit_key || ' ' || cast(report_year as varchar(4)) || '-' || "
                + "cast(report_month as varchar(2)) from " + table + " where id in (:ids)").param("ids", numeric));
    }
}
