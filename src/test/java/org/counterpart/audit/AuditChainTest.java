package org.counterpart.audit;

import org.counterpart.shared.Command;
import org.counterpart.shared.RecordChanged;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit chain detects an edited entry, a rewritten chain and a truncated one (against the
 * checkpoint outside the database), on the command line and on the page, naming the first bad entry;
 * and a change cannot commit without its entry.
 */
@IntegrationTest
@Claims(scenario = "forges one audit entry and puts it back; adds entries of its own changes")
class AuditChainTest {

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    private static final String ROW = "select seq, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, prev_hash, hash from audit_entry";

    private record Row(long seq, Timestamp at, String actor, String kind, String id, String action, String before, String after,
                       String prev, String hash) {
        Object[] values() {
            return new Object[]{seq, at, actor, kind, id, action, before, after, prev, hash};
        }
    }

    private List<Row> rowsFrom(long seq) {
        return jdbc.sql(ROW + " where seq >= :s order by seq").param("s", seq)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getTimestamp(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10))).list();
    }

    private void putBack(long from, List<Row> rows, long headSeq, String headHash) {
        jdbc.sql("delete from audit_entry where seq >= :s").param("s", from).update();
        for (Row r : rows) {
            jdbc.sql("insert into audit_entry values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").params(r.values()).update();
        }
        jdbc.sql("update audit_head set last_seq = :s, last_hash = :h where id = 1").param("s", headSeq).param("h", headHash).update();
    }

    private long appendThree(String probe) {
        for (int i = 0; i < 3; i++) {
            audit.append("tester", RecordChanged.created(org.counterpart.support.ProbeKinds.PROBE, probe + i, Map.of("value", "v" + i)));
        }
        audit.checkpoint();
        return jdbc.sql("select max(seq) from audit_entry").query(Long.class).single();
    }

    /** What {@code ./counterpart audit verify} prints and answers, run against this application. */
    private Map.Entry<Integer, String> verifyCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new AuditVerifyCommand().run(List.of(), new Command.Context() {
            @Override
            public <T> T bean(Class<T> type) {
                return context.getBean(type);
            }

            @Override
            public String usage() {
                return "";
            }
        }, print, print);
        return Map.entry(code, out.toString(StandardCharsets.UTF_8));
    }

    private static String brokenNotice(String page) {
        int at = page.indexOf("notice bad");
        return at < 0 ? "" : page.substring(at, page.indexOf("</div>", at));
    }

    @Test
    void deletingTheNewestEntriesAndMovingTheHeadBackIsCaughtByTheCheckpoint() {
        long last = appendThree("truncated-");
        WebSession admin = WebSession.signedIn(port, "admin");
        audit.whileChainHeld(() -> {
            List<Row> removed = rowsFrom(last - 1);
            Row newHead = rowsFrom(last - 2).get(0);
            // an attacker with the database only: the last two entries go, the head names the one before
            jdbc.sql("delete from audit_entry where seq >= :s").param("s", last - 1).update();
            jdbc.sql("update audit_head set last_seq = :s, last_hash = :h where id = 1").param("s", newHead.seq()).param("h", newHead.hash()).update();
            try {
                AuditLog.Verification v = audit.verify();
                assertThat(v.intact()).isFalse();
                assertThat(v.firstBrokenSeq()).contains(last - 1);
                assertThat(v.breach()).contains(AuditLog.Breach.BEHIND_CHECKPOINT);

                var command = verifyCommand();
                assertThat(command.getKey()).isEqualTo(Command.FAILED);
                assertThat(command.getValue()).contains("BROKEN at entry " + (last - 1)).contains("up to entry " + last);

                String notice = brokenNotice(admin.get("/audit").body());
                assertThat(notice).contains(String.valueOf(last - 1)).contains(String.valueOf(last));
            } finally {
                putBack(last - 1, removed, last, removed.get(removed.size() - 1).hash());
            }
        });
        assertThat(audit.verify().intact()).isTrue();
        assertThat(verifyCommand().getKey()).isEqualTo(Command.OK);
    }

    @Test
    void editingAnEntryAndRecomputingTheRestWithoutTheKeyIsCaughtAtThatEntry() {
        long last = appendThree("rewritten-");
        long edited = last - 2;
        WebSession admin = WebSession.signedIn(port, "admin");
        audit.whileChainHeld(() -> {
            List<Row> original = rowsFrom(edited);
            try {
                // an attacker with the database only recomputes every link after the edit, as the unkeyed chain allowed
                String prev = original.get(0).prev();
                for (Row r : original) {
                    String after = r.seq() == edited ? "{\"value\":\"forged\"}" : r.after();
                    String hash = AuditLog.hash(prev, r.seq(), r.at().toInstant(), r.actor(), r.kind(), r.id(), r.action(), r.before(), after);
                    jdbc.sql("update audit_entry set after_state = :a, prev_hash = :p, hash = :h where seq = :s")
                            .param("a", after).param("p", prev).param("h", hash).param("s", r.seq()).update();
                    prev = hash;
                }
                jdbc.sql("update audit_head set last_hash = :h where id = 1").param("h", prev).update();

                AuditLog.Verification v = audit.verify();
                assertThat(v.firstBrokenSeq()).contains(edited);
                assertThat(v.breach()).contains(AuditLog.Breach.CHANGED);

                var command = verifyCommand();
                assertThat(command.getKey()).isEqualTo(Command.FAILED);
                assertThat(command.getValue()).contains("BROKEN at entry " + edited + " ");

                assertThat(brokenNotice(admin.get("/audit").body())).contains(String.valueOf(edited));
            } finally {
                putBack(edited, original, last, original.get(original.size() - 1).hash());
            }
        });
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theExportPrintsTheHeadItEndsAtAndTheCheckpointBelowItsEntries() throws Exception {
        long last = appendThree("exported-");
        String hash = jdbc.sql("select hash from audit_entry where seq = :s").param("s", last).query(String.class).single();
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page export = admin.get("/audit/export?kind=support.probe");
        assertThat(export.status()).isEqualTo(200);
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(export.bytes()))) {
            List<org.dhatim.fastexcel.reader.Row> rows = workbook.getFirstSheet().read();
            assertThat(org.counterpart.support.XlsxRecords.of(export.bytes(), "序号", false).get(0).getCellText(0)).isEqualTo(String.valueOf(last));
            var head = rows.stream().filter(r -> r.getCellCount() > 2 && hash.equals(r.getCellText(2))).toList();
            // the head row and the checkpoint row both name the newest entry and its link
            assertThat(head).hasSize(2);
            assertThat(head).allSatisfy(r -> assertThat(r.getCellText(1)).isEqualTo(String.valueOf(last)));
        }
        assertThat(WebSession.signedIn(port, "zhongshan.reporter").get("/audit/export").status()).isEqualTo(403);
    }

    @Test
    void anEntryPutIntoTheWaitingTableByHandIsNotLinkedAsGenuine() {
        jdbc.sql("""
                        insert into audit_pending (recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, mac)
                        values (:at, 'admin', 'institution', '999999', 'deleted', '{}', '{}', :mac)""")
                .param("at", Timestamp.from(java.time.Instant.now())).param("mac", "0".repeat(64)).update();
        audit.checkpoint();
        assertThat(jdbc.sql("select count(*) from audit_pending").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'cooperation.institution' and entity_id = '999999'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select action from audit_entry where entity_kind = 'audit.pending-entry' order by seq desc fetch first 1 rows only")
                .query(String.class).single()).isEqualTo("refused");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void editingAStoredEntryIsDetectedAtThatEntry() {
        audit.append("tester", RecordChanged.created(org.counterpart.support.ProbeKinds.PROBE, "1", Map.of("value", "original")));
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
        audit.append("tester", RecordChanged.created(org.counterpart.support.ProbeKinds.PROBE, "2", Map.of("value", "x")));
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
                audit.append("tester", RecordChanged.created(org.counterpart.support.ProbeKinds.PROBE, "3", Map.of()));
                throw new IllegalStateException("the change fails after its audit entry was written");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        assertThat(jdbc.sql("select count(*) from audit_entry").query(Long.class).single()).isEqualTo(before);
        assertThat(audit.verify().intact()).isTrue();
    }
}
