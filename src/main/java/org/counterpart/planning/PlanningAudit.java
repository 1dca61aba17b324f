package org.counterpart.planning;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditNames;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The kinds of audit entry planning publishes: plans, lists and tasks by their titles, targets by their task. */
@Component
public class PlanningAudit implements AuditVocabulary {

    public static final AuditKind PLAN = AuditKind.of("planning.plan").fields("plan");
    public static final AuditKind LIST = AuditKind.of("planning.list").fields("plan");
    public static final AuditKind TASK = AuditKind.of("planning.task").fields("task");
    public static final AuditKind TARGET = AuditKind.of("planning.target").fields("task");

    private final JdbcClient jdbc;

    PlanningAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<AuditKind> kinds() {
        return List.of(PLAN, LIST, TASK, TARGET);
    }

    @Override
    public Map<String, String> names(AuditKind kind, Collection<String> ids) {
        List<Long> numeric = AuditNames.numeric(ids);
        if (numeric.isEmpty()) {
            return Map.of();
        }
        String sql = kind.equals(PLAN) ? "select id, title from action_plan where id in (:ids)"
                : kind.equals(LIST) ? "select id, title from responsibility_list where id in (:ids)"
                : kind.equals(TASK) ? "select id, task_text from plan_task where id in (:ids)"
                : kind.equals(TARGET) ? "select g.id, t.task_text from task_target g join plan_task t on t.id = g.task_id where g.id in (:ids)"
                : null;
        return sql == null ? Map.of() : AuditNames.query(jdbc.sql(sql).param("ids", numeric));
    }
}
