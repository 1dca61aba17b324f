package org.counterpart.audit;

import org.counterpart.shared.RecordChanged;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit chain detects an edited entry, and a change cannot commit without its entry. */
@IntegrationTest
@Claims(scenario = "forges one audit entry and puts it back; adds entries of its own changes")
class AuditChainTest {

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void editingAStoredEntryIsDetectedAtThatEntry() {
        audit.append("tester", RecordChanged.created("probe", "1", Map.of("value", "original")));
        long seq = jdbc.sql("select max(seq) from audit_entry").query(Long.class).single();
        assertThat(audit.verify().intact()).isTrue();

        String original = jdbc.sql("select after_state from audit_entry where seq = :s").param("s", seq).query(String.class).single();
        jdbc.sql("update audit_entry set after_state = :v where seq = :s").param("v", "{\"value\":\"forged\"}").param("s", seq).update();
        try {
            AuditLog.Verification v = audit.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).contains(seq);
        } finally {
            jdbc.sql("update audit_entry set after_state = :v where seq = :s").param("v", original).param("s", seq).update();
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void removingTheNewestEntryIsDetected() {
        audit.append("tester", RecordChanged.created("probe", "2", Map.of("value", "x")));
        var last = jdbc.sql("select seq, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, prev_hash, hash from audit_entry where seq = (select max(seq) from audit_entry)")
                .query((rs, i) -> new Object[]{rs.getLong(1), rs.getTimestamp(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)}).single();
        jdbc.sql("delete from audit_entry where seq = :s").param("s", last[0]).update();
        try {
            assertThat(audit.verify().intact()).isFalse();
        } finally {
            jdbc.sql("insert into audit_entry values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").params(last).update();
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aChangeRolledBackTakesItsAuditEntryWithIt() {
        long before = jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
        try {
            tx.executeWithoutResult(status -> {
                audit.append("tester", RecordChanged.created("probe", "3", Map.of()));
                throw new IllegalStateException("the change fails after its audit entry was written");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        assertThat(jdbc.sql("select count(*) from audit_entry").query(Long.class).single()).isEqualTo(before);
        assertThat(audit.verify().intact()).isTrue();
    }
}
