package org.counterpart.audit;

import org.counterpart.shared.AuditAction;
import org.counterpart.shared.AuditKind;
import org.counterpart.shared.AuditVocabulary;
import org.counterpart.shared.RecordChanged;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One vocabulary of audit kinds and actions: each kind is {@code module.thing}, declared by the module
 * that owns it, named in both languages; every entry in the database reads as a kind and action of the
 * vocabulary (the old ones under their former names); a kind outside it is refused with its change.
 */
@IntegrationTest
@Claims(scenario = "reads the kinds and actions of the scenario's audit entries; the one change it tries is refused and rolled back")
class AuditVocabularyTest {

    @Autowired
    List<AuditVocabulary> vocabularies;
    @Autowired
    AuditKinds kinds;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;

    /** The application's messages of one language, with those of the ledger only the tests define. */
    private static Properties messages(String suffix) throws IOException {
        Properties p = new Properties();
        for (String file : List.of("messages" + suffix + ".properties", "test-ledger-messages" + suffix + ".properties")) {
            try (InputStream in = AuditVocabularyTest.class.getResourceAsStream("/" + file)) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    @Test
    void everyKindIsNamedByTheModuleThatDeclaresItAndLabelledInBothLanguages() throws IOException {
        Properties en = messages("");
        Properties zh = messages("_zh_CN");
        Set<String> names = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        for (AuditVocabulary v : vocabularies) {
            String module = v.getClass().getPackageName().replaceFirst("^org\\.counterpart\\.", "").split("\\.")[0];
            for (AuditKind k : v.kinds()) {
                if (!k.module().equals(module)) {
                    wrong.add(k + " is declared by " + module);
                }
                if (!names.add(k.name())) {
                    wrong.add(k + " is declared twice");
                }
                if (!k.module().equals("support") && (!en.containsKey(k.labelKey()) || !zh.containsKey(k.labelKey()))) {
                    wrong.add(k + " has no label " + k.labelKey() + " in both message files");
                }
            }
        }
        for (AuditAction a : AuditAction.values()) {
            if (!en.containsKey("audit.action." + a.stored()) || !zh.containsKey("audit.action." + a.stored())) {
                wrong.add("action " + a.stored() + " has no label in both message files");
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(names).contains("cooperation.fund", "registry.poverty-line", "identity.user", "audit.pending-entry");
    }

    @Test
    void kindsOutOfStyleCannotBeMade() {
        for (String bad : List.of("poverty_line", "duplicate-decision", "agreement", "Registry.household", "registry.code_alias", "registry.")) {
            assertThatThrownBy(() -> AuditKind.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(AuditKind.of("registry.code-alias", "code-alias").names("code-alias")).isTrue();
    }

    @Test
    void everyStoredEntryReadsAsAKindAndActionOfTheVocabulary() {
        List<Map.Entry<String, String>> stored = jdbc.sql("select distinct entity_kind, action from audit_entry")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list();
        assertThat(stored).isNotEmpty();
        assertThat(stored).allSatisfy(e -> {
            assertThat(kinds.of(e.getKey())).as("kind " + e.getKey()).isPresent();
            assertThat(AuditAction.fromStored(e.getValue())).as("action " + e.getValue()).isPresent();
        });
        // the pre-vocabulary names read as the new kinds
        assertThat(kinds.of("poverty_line")).contains(org.counterpart.registry.RegistryAudit.POVERTY_LINE);
        assertThat(kinds.of("ledger.fund").map(AuditKind::name)).contains("cooperation.fund");
        assertThat(AuditAction.fromStored("registryAdjusted")).contains(AuditAction.REGISTRY_ADJUSTED);
    }

    @Test
    void aChangeOfAKindNoModuleDeclaredIsRefusedAndRolledBack() {
        long before = jdbc.sql("select count(*) from audit_pending").query(Long.class).single()
                + jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
        AuditKind undeclared = AuditKind.of("registry.undeclared-thing");
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> events.publishEvent(
                RecordChanged.created(undeclared, 1, Map.of("x", "y")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry.undeclared-thing");
        assertThat(jdbc.sql("select count(*) from audit_pending").query(Long.class).single()
                + jdbc.sql("select count(*) from audit_entry").query(Long.class).single()).isEqualTo(before);
    }
}
