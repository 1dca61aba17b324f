package org.counterpart.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.counterpart.shared.AuditAction;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Links committed entries into the chain. A change writes its entry, sealed under the audit key, into
 * {@code audit_pending} in its own transaction — so no change commits without its entry, and a
 * rolled-back change leaves none — and right after the commit its entries are linked here, in short
 * transactions of at most {@value #BATCH} entries that each lock the chain's head only while they
 * run. A long import therefore never holds the head: other users' changes are linked in between the
 * batches of its entries. Entries are linked in the order they become visible, which is their order
 * of commit. Anything left waiting (a process killed between commit and linking) is linked by the
 * sweep every second and at start. After linking, the head goes to the checkpoint file every
 * {@code counterpart.audit.checkpoint-entries} entries or {@code checkpoint-seconds} seconds, and at shutdown.
 */
@Component
class ChainLinker implements SmartLifecycle {

    static final int BATCH = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ChainLinker.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate own;
    private final AuditKey key;
    private final CheckpointFile checkpoints;
    private final int checkpointEntries;
    private final long checkpointMillis;
    private final Clock clock = Clock.systemUTC();
    /** Fair, so a short change waiting to be linked gets its turn between the batches of a long import. */
    private final ReentrantLock lock = new ReentrantLock(true);
    private ScheduledExecutorService sweeper;
    private volatile boolean running;
    private long checkpointedSeq = -1;
    private Instant checkpointedAt = Instant.EPOCH;

    ChainLinker(JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactions, AuditKey key, CheckpointFile checkpoints,
                @Value("${counterpart.audit.checkpoint-entries:100}") int checkpointEntries,
                @Value("${counterpart.audit.checkpoint-seconds:5}") int checkpointSeconds) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.key = key;
        this.checkpoints = checkpoints;
        this.checkpointEntries = Math.max(1, checkpointEntries);
        this.checkpointMillis = Math.max(0, checkpointSeconds) * 1000L;
    }

    /** Links the committed waiting entries with ids in the range, batch by batch; the caller's own entries after its commit. */
    void link(long fromId, long toId) {
        long next = fromId;
        while (next <= toId) {
            long from = next;
            Long last;
            lock.lock();
            try {
                last = own.execute(status -> linkBatch(from, toId));
            } finally {
                lock.unlock();
            }
            if (last == null) {
                break;
            }
            next = last + 1;
        }
        checkpointIfDue(false);
    }

    /** Every committed waiting entry. */
    void linkAll() {
        link(0, Long.MAX_VALUE);
    }

    /** Runs with the chain held: nothing is linked meanwhile (tests tamper with the chain in between). */
    void whileHeld(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the head to the checkpoint file when due, or now if {@code force}. Never over a checkpoint
     * the database no longer continues: that checkpoint is the evidence, and stays.
     */
    void checkpointIfDue(boolean force) {
        if (!lock.tryLock()) {
            return; // someone is linking and will write it when due
        }
        try {
            var head = jdbc.sql("select last_seq, last_hash, keyed_from from audit_head where id = 1")
                    .query((rs, i) -> new AuditLog.Checkpoint(rs.getLong(1), rs.getString(2), rs.getLong(3), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
                    .single();
            if (head.seq() == checkpointedSeq) {
                return;
            }
            boolean due = force || head.seq() - checkpointedSeq >= checkpointEntries
                    || clock.instant().toEpochMilli() - checkpointedAt.toEpochMilli() >= checkpointMillis;
            if (!due) {
                return;
            }
            Optional<AuditLog.Checkpoint> previous = checkpoints.read();
            if (previous.isPresent() && !continues(previous.get(), head)) {
                return;
            }
            if (head.seq() > 0 && !entryHas(head.seq(), head.hash())) {
                log.error("The audit chain's head names entry {}, which is not in the chain as the head says; the checkpoint is kept as it was",
                        head.seq());
                return;
            }
            checkpoints.write(head);
            checkpointedSeq = head.seq();
            checkpointedAt = head.writtenAt();
        } catch (RuntimeException e) {
            log.error("The audit checkpoint could not be written: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private boolean continues(AuditLog.Checkpoint previous, AuditLog.Checkpoint head) {
        if (previous.keyedFrom() != head.keyedFrom()) {
            log.error("The audit chain's keyed start moved from entry {} to {}; the checkpoint is kept as it was", previous.keyedFrom(), head.keyedFrom());
            return false;
        }
        if (!entryHas(previous.seq(), previous.hash()) && previous.seq() > 0) {
            log.error("The audit chain no longer holds checkpointed entry {} as it was; the checkpoint is kept as it was", previous.seq());
            return false;
        }
        // another process (the command line beside the server) may have checkpointed further already
        return head.seq() > previous.seq();
    }

    private boolean entryHas(long seq, String hash) {
        return jdbc.sql("select count(*) from audit_entry where seq = :seq and hash = :hash").param("seq", seq).param("hash", hash)
                .query(Long.class).single() > 0;
    }

    /** One batch in its own transaction; answers the last waiting id it linked, or null when none was left. */
    private Long linkBatch(long fromId, long toId) {
        var head = jdbc.sql("select last_seq, last_hash from audit_head where id = 1 for update")
                .query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).single();
        List<Waiting> waiting = jdbc.sql("""
                        select id, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, mac
                        from audit_pending where id >= :from and id <= :to order by id fetch first %d rows only""".formatted(BATCH))
                .param("from", fromId).param("to", toId)
                .query((rs, i) -> new Waiting(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)))
                .list();
        if (waiting.isEmpty()) {
            return null;
        }
        long seq = head.getKey();
        String prev = head.getValue();
        List<Object[]> rows = new ArrayList<>(waiting.size());
        for (Waiting w : waiting) {
            Waiting entry = w;
            if (!key.seal(w.at, w.actor, w.kind, w.id, w.action, w.before, w.after).equals(w.mac)) {
                // not written by this application: linked only as the record of its refusal
                log.error("A waiting audit entry (id {}) fails its seal: it was not written by Counterpart and is not linked as genuine", w.waitingId);
                TreeMap<String, String> forged = new TreeMap<>();
                forged.put("actor", w.actor);
                forged.put("kind", w.kind);
                forged.put("id", w.id);
                forged.put("action", w.action);
                forged.put("recorded_at", w.at.toString());
                entry = new Waiting(w.waitingId, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), "system", AuditKinds.PENDING_ENTRY.name(),
                        String.valueOf(w.waitingId), AuditAction.REFUSED.stored(), AuditLog.Canonical.json(forged), "{}", null);
            }
            seq++;
            String hash = key.link(prev, seq, entry.at, entry.actor, entry.kind, entry.id, entry.action, entry.before, entry.after);
            rows.add(new Object[]{seq, Timestamp.from(entry.at), entry.actor, entry.kind, entry.id, entry.action, entry.before, entry.after, prev, hash});
            prev = hash;
        }
        batch.batchUpdate("""
                insert into audit_entry (seq, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        batch.batchUpdate("delete from audit_pending where id = ?", waiting.stream().map(w -> new Object[]{w.waitingId}).toList());
        jdbc.sql("update audit_head set last_seq = :seq, last_hash = :hash where id = 1").param("seq", seq).param("hash", prev).update();
        return waiting.get(waiting.size() - 1).waitingId;
    }

    private record Waiting(long waitingId, Instant at, String actor, String kind, String id, String action, String before, String after,
                           String mac) {
    }

    // ---- the sweep ----

    @Override
    public void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-linker");
            t.setDaemon(true);
            return t;
        });
        checkpoints.read().ifPresent(c -> {
            checkpointedSeq = c.seq();
            checkpointedAt = c.writtenAt();
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 0, 1, TimeUnit.SECONDS);
        running = true;
    }

    private void sweep() {
        try {
            // nothing waiting is the rule: the head is not locked for it
            if (jdbc.sql("select count(*) from audit_pending").query(Long.class).single() > 0) {
                linkAll();
            } else {
                checkpointIfDue(false);
            }
        } catch (RuntimeException e) {
            log.error("Linking waiting audit entries failed, will retry: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            linkAll();
            checkpointIfDue(true);
        } catch (RuntimeException e) {
            log.error("The audit chain could not be checkpointed at shutdown: {}", e.getMessage());
        }
    }

    /** Started before the web server and stopped after it, so the last requests' entries are in the final checkpoint. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
