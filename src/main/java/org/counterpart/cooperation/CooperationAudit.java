package org.counterpart.cooperation;

import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditNames;
import org.counterpart.shared.AuditVocabulary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of audit entry cooperation publishes: institutions, pairings, milestones, documents, ledger
 * imports, and one kind per ledger ({@code cooperation.fund}), named by the ledger. Institutions are
 * named by their Chinese names, ledger records by their titles.
 */
@Component
public class CooperationAudit implements AuditVocabulary {

    public static final AuditKind INSTITUTION = AuditKind.of("cooperation.institution", "institution").fields("institution");
    public static final AuditKind PAIRING = AuditKind.of("cooperation.pairing", "pairing").fields("pairing");
    public static final AuditKind MILESTONE = AuditKind.of("cooperation.milestone", "agreement.milestone").fields("milestone");
    public static final AuditKind DOCUMENT = AuditKind.of("cooperation.document", "ledger.document");
    public static final AuditKind LEDGER_IMPORT = AuditKind.of("cooperation.ledger-import", "ledger.import");

    private final JdbcClient jdbc;
    private final LedgerCatalog ledgers;

    CooperationAudit(JdbcClient jdbc, LedgerCatalog ledgers) {
        this.jdbc = jdbc;
        this.ledgers = ledgers;
    }

    /** The kind of a ledger's records: {@code cooperation.} and its code in lower case, named as the ledger is. */
    public static AuditKind of(Ledger ledger) {
        String code = ledger.code().toLowerCase(java.util.Locale.ROOT);
        return AuditKind.of("cooperation." + code.replace('_', '-'), "ledger." + code).labelled(ledger.messageKey()).fields("lf");
    }

    @Override
    public List<AuditKind> kinds() {
        List<AuditKind> kinds = new ArrayList<>(List.of(INSTITUTION, PAIRING, MILESTONE, DOCUMENT, LEDGER_IMPORT));
        ledgers.all().forEach(l -> kinds.add(of(l)));
        return kinds;
    }

    @Override
    public Map<String, String> names(AuditKind kind, Collection<String> ids) {
        List<Long> numeric = AuditNames.numeric(ids);
        if (numeric.isEmpty()) {
            return Map.of();
        }
        if (kind.equals(INSTITUTION)) {
            return AuditNames.query(jdbc.sql("select id, name_zh from institution where id in (:ids)").param("ids", numeric));
        }
        Optional<Ledger> ledger = ledgers.all().stream().filter(l -> of(l).equals(kind)).findFirst();
        return ledger.map(l -> AuditNames.query(jdbc.sql("select id, title from " + l.table() + " where id in (:ids)").param("ids", numeric)))
                .orElse(Map.of());
    }
}
