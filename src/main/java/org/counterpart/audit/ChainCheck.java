package org.counterpart.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Verifies the chain entry by entry in order, then against its head row and the checkpoint kept
 * outside the database; the first entry that does not fit is where tampering happened. Entries before
 * {@code keyedFrom} are checked with their unkeyed SHA-256 links, every later one with the key; the
 * first keyed entry covers the last unkeyed link, so the old part cannot be recomputed unnoticed either
 * (the break then shows at the keyed start, the earliest place that can be told).
 */
final class ChainCheck {

    private final AuditKey key;
    private final long keyedFrom;
    private final Optional<AuditLog.Checkpoint> checkpoint;
    private String prev = AuditLog.GENESIS;
    private long count;
    private Long broken;
    private AuditLog.Breach breach;

    ChainCheck(AuditKey key, long keyedFromInDatabase, Optional<AuditLog.Checkpoint> checkpoint) {
        this.key = key;
        this.checkpoint = checkpoint;
        // a keyed start moved later in the database would let keyed entries pass as unkeyed ones
        this.keyedFrom = checkpoint.map(c -> Math.min(c.keyedFrom(), keyedFromInDatabase)).orElse(keyedFromInDatabase);
        if (keyedFrom != keyedFromInDatabase) {
            fail(keyedFrom, AuditLog.Breach.KEYED_START_MOVED);
        }
    }

    void entry(long seq, Instant at, String actor, String kind, String id, String action, String before, String after,
               String storedPrev, String storedHash) {
        count++;
        if (broken != null) {
            return;
        }
        if (seq != count) {
            // entries are numbered without gaps from 1: the first number missing was removed
            fail(Math.min(seq, count), AuditLog.Breach.REMOVED);
            return;
        }
        String expected = seq < keyedFrom
                ? AuditKey.legacy(prev, seq, at, actor, kind, id, action, before, after)
                : key.link(prev, seq, at, actor, kind, id, action, before, after);
        if (!prev.equals(storedPrev) || !expected.equals(storedHash)) {
            fail(seq, AuditLog.Breach.CHANGED);
            return;
        }
        if (checkpoint.isPresent() && checkpoint.get().seq() == seq && !checkpoint.get().hash().equals(storedHash)) {
            fail(seq, AuditLog.Breach.CHANGED);
            return;
        }
        prev = storedHash;
    }

    AuditLog.Verification finish(long headSeq, String headHash, long pending) {
        if (broken == null && (headSeq != count || !headHash.equals(prev))) {
            fail(Math.min(headSeq, count) + 1, AuditLog.Breach.REMOVED);
        }
        if (broken == null && checkpoint.isPresent() && checkpoint.get().seq() > count) {
            fail(count + 1, AuditLog.Breach.BEHIND_CHECKPOINT);
        }
        return new AuditLog.Verification(count, Optional.ofNullable(broken), Optional.ofNullable(breach), keyedFrom, checkpoint, pending);
    }

    private void fail(long seq, AuditLog.Breach why) {
        if (broken == null) {
            broken = seq;
            breach = why;
        }
    }
}
