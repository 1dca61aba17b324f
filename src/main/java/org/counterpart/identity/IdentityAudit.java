package org.counterpart.identity;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The kinds of audit entry identity publishes; user accounts are named by their user names. */
@Component
public class IdentityAudit implements AuditVocabulary {

    /** A user account: only administrators read its history. */
    public static final AuditKind USER = AuditKind.of("identity.user", "user").fields("user").forAdministratorsOnly();

    private final JdbcClient jdbc;

    IdentityAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<AuditKind> kinds() {
        return List.of(USER);
    }

    @Override
    public Map<String, String> names(AuditKind kind, Collection<String> ids) {
        List<Long> numeric = org.counterpart.shared.AuditNames.numeric(ids);
        if (!kind.equals(USER) || numeric.isEmpty()) {
            return Map.of();
        }
        return org.counterpart.shared.AuditNames.query(jdbc.sql("select id, username from user_account where id in (:ids)").param("ids", numeric));
    }
}
