package org.counterpart.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An older database's unkeyed entries still verify, the keyed chain starts where the migration
 * marked it and covers them, and neither part can be rewritten without the key unnoticed.
 */
class ChainCheckTest {

    private static final AuditKey KEY = new AuditKey(new byte[32]);
    private static final Instant AT = Instant.parse("2018-09-12T02:00:00.123Z");

    /** An entry as stored: seq, after state, prev and hash. */
    private record Stored(long seq, String after, String prev, String hash) {
    }

    /** Entries 1..n, those before {@code keyedFrom} linked the unkeyed way, as an upgraded database holds them. */
    private static List<Stored> chain(int n, long keyedFrom, AuditKey key) {
        List<Stored> rows = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (long seq = 1; seq <= n; seq++) {
            String after = "{\"n\":\"" + seq + "\"}";
            String hash = seq < keyedFrom ? AuditKey.legacy(prev, seq, AT, "admin", "institution", "1", "updated", "{}", after)
                    : key.link(prev, seq, AT, "admin", "institution", "1", "updated", "{}", after);
            rows.add(new Stored(seq, after, prev, hash));
            prev = hash;
        }
        return rows;
    }

    private static AuditLog.Verification check(List<Stored> rows, long keyedFrom, Optional<AuditLog.Checkpoint> checkpoint) {
        ChainCheck check = new ChainCheck(KEY, keyedFrom, checkpoint);
        for (Stored r : rows) {
            check.entry(r.seq, AT, "admin", "institution", "1", "updated", "{}", r.after, r.prev, r.hash);
        }
        Stored last = rows.get(rows.size() - 1);
        return check.finish(last.seq, last.hash, 0);
    }

    /** The attacker's rewrite: entry {@code from} edited, every later link recomputed without the key. */
    private static List<Stored> rewritten(List<Stored> rows, long from) {
        List<Stored> out = new ArrayList<>(rows.subList(0, (int) from - 1));
        String prev = rows.get((int) from - 1).prev;
        for (Stored r : rows.subList((int) from - 1, rows.size())) {
            String after = r.seq == from ? "{\"n\":\"forged\"}" : r.after;
            String hash = AuditKey.legacy(prev, r.seq, AT, "admin", "institution", "1", "updated", "{}", after);
            out.add(new Stored(r.seq, after, prev, hash));
            prev = hash;
        }
        return out;
    }

    @Test
    void anUpgradedChainVerifiesItsUnkeyedPartAsBeforeAndItsKeyedPartWithTheKey() {
        AuditLog.Verification v = check(chain(6, 4, KEY), 4, Optional.empty());
        assertThat(v.intact()).isTrue();
        assertThat(v.entries()).isEqualTo(6);
        assertThat(v.keyedFrom()).isEqualTo(4);
    }

    @Test
    void rewritingTheUnkeyedPartShowsAtTheKeyedStartWhichCoversTheLastUnkeyedLink() {
        List<Stored> original = chain(6, 4, KEY);
        List<Stored> rows = new ArrayList<>(rewritten(original, 2).subList(0, 3));
        rows.addAll(original.subList(3, 6));
        AuditLog.Verification v = check(rows, 4, Optional.empty());
        assertThat(v.firstBrokenSeq()).contains(4L);
        assertThat(v.breach()).contains(AuditLog.Breach.CHANGED);
    }

    @Test
    void rewritingTheKeyedPartWithoutTheKeyIsCaughtAtTheEditedEntry() {
        AuditLog.Verification v = check(rewritten(chain(6, 1, KEY), 3), 1, Optional.empty());
        assertThat(v.firstBrokenSeq()).contains(3L);
    }

    @Test
    void aChainLinkedUnderAnotherKeyDoesNotVerify() {
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(check(chain(3, 1, new AuditKey(other)), 1, Optional.empty()).firstBrokenSeq()).contains(1L);
    }

    @Test
    void aChainEndingBeforeTheCheckpointIsBrokenAtTheFirstEntryMissing() {
        List<Stored> rows = chain(6, 1, KEY);
        var checkpoint = Optional.of(new AuditLog.Checkpoint(6, rows.get(5).hash, 1, AT));
        AuditLog.Verification v = check(rows.subList(0, 4), 1, checkpoint);
        assertThat(v.firstBrokenSeq()).contains(5L);
        assertThat(v.breach()).contains(AuditLog.Breach.BEHIND_CHECKPOINT);
        assertThat(check(rows, 1, checkpoint).intact()).isTrue();
    }

    @Test
    void movingTheKeyedStartLaterSoKeyedEntriesPassAsUnkeyedIsCaught() {
        // the database now claims every entry predates the key, and they were recomputed the unkeyed way
        List<Stored> rows = rewritten(chain(6, 1, KEY), 1);
        var checkpoint = Optional.of(new AuditLog.Checkpoint(3, chain(6, 1, KEY).get(2).hash, 1, AT));
        AuditLog.Verification v = check(rows, 7, checkpoint);
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSeq()).contains(1L);
        assertThat(v.keyedFrom()).isEqualTo(1);
        // without the checkpoint the downgrade would pass: this is what the checkpoint is for
        assertThat(check(rows, 7, Optional.empty()).intact()).isTrue();
    }
}
