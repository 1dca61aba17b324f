package org.counterpart.registry;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditNames;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The kinds of audit entry the registry publishes; a household is named by its household number. */
@Component
public class RegistryAudit implements AuditVocabulary {

    public static final AuditKind HOUSEHOLD = AuditKind.of("registry.household", "household").fields("household");
    /** A registered person: named by number only, never by name or ID number. */
    public static final AuditKind PERSON = AuditKind.of("registry.person", "person");
    public static final AuditKind DUPLICATE_DECISION = AuditKind.of("registry.duplicate-decision", "duplicate-decision");
    public static final AuditKind CODE_ALIAS = AuditKind.of("registry.code-alias", "code-alias");
    public static final AuditKind CODE_ITEM = AuditKind.of("registry.code-item", "code-item");
    public static final AuditKind POVERTY_LINE = AuditKind.of("registry.poverty-line", "poverty_line");
    public static final AuditKind MONITORING_RULE = AuditKind.of("registry.monitoring-rule", "monitoring_rule");
    public static final AuditKind IMPORT = AuditKind.of("registry.import", "registry-import");
    public static final AuditKind CROSSCHECK_LIST = AuditKind.of("registry.crosscheck-list", "crosscheck-list");
    public static final AuditKind CROSSCHECK_FLAG = AuditKind.of("registry.crosscheck-flag", "crosscheck-flag");

    private final JdbcClient jdbc;

    RegistryAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<AuditKind> kinds() {
        return List.of(HOUSEHOLD, PERSON, DUPLICATE_DECISION, CODE_ALIAS, CODE_ITEM, POVERTY_LINE, MONITORING_RULE, IMPORT,
                CROSSCHECK_LIST, CROSSCHECK_FLAG);
    }

    @Override
    public Map<String, String> names(AuditKind kind, Collection<String> ids) {
        List<Long> numeric = AuditNames.numeric(ids);
        if (!kind.equals(HOUSEHOLD) || numeric.isEmpty()) {
            return Map.of();
        }
        return AuditNames.query(jdbc.sql("select id, household_no from household where id in (:ids)").param("ids", numeric));
    }
}
