package org.counterpart.audit;

import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.shared.AuditKind;
import org.counterpart.shared.Formats;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Records every published change in a keyed hash chain and verifies the chain. A change's entry is
 * written, sealed under the audit key, in the transaction of the change, so neither commits without
 * the other; right after the commit {@link ChainLinker} links it into the chain in a short transaction
 * of its own, so no writer holds the chain's head for the length of its work (an import of minutes
 * included). Verification recomputes every link and compares the head with the checkpoint kept in a
 * file outside the database.
 */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private static final Object WRITTEN = new Object();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;
    private final AuditKey key;
    private final ChainLinker linker;
    private final CheckpointFile checkpoints;
    private final AuditKinds kinds;
    private final UserAdministration accounts;

    AuditLog(JdbcClient jdbc, AuditKey key, ChainLinker linker, CheckpointFile checkpoints, AuditKinds kinds,
             UserAdministration accounts) {
        this.jdbc = jdbc;
        this.kinds = kinds;
        this.key = key;
        this.linker = linker;
        this.checkpoints = checkpoints;
        this.accounts = accounts;
    }

    /** What went wrong at the first broken entry. */
    public enum Breach {
        /** The entry's fields or link differ from what was linked: edited, or the chain recomputed without the key. */
        CHANGED,
        /** Entries are missing from this one on (deleted in the middle, or at the end while the head still names them). */
        REMOVED,
        /** The chain ends before the entry the checkpoint outside the database recorded: the newest entries were deleted and the head moved back. */
        BEHIND_CHECKPOINT,
        /** The database says the keyed chain starts later than the checkpoint recorded, as if keyed entries were unkeyed. */
        KEYED_START_MOVED
    }

    /** The head of the chain as written to the checkpoint file outside the database. */
    public record Checkpoint(long seq, String hash, long keyedFrom, Instant writtenAt) {
    }

    /**
     * The result of checking the chain: how many entries, the first that does not fit and why, from
     * which entry the chain is keyed (earlier ones are an older database's unkeyed entries), the
     * checkpoint compared with, and how many entries of committed changes are still waiting to be linked.
     */
    public record Verification(long entries, Optional<Long> firstBrokenSeq, Optional<Breach> breach, long keyedFrom,
                               Optional<Checkpoint> checkpoint, long waiting) {
        public boolean intact() {
            return firstBrokenSeq.isEmpty();
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(RecordChanged change) {
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        record(actor, change);
    }

    /** Records a change outside a request, e.g. by a command-line task, under a named actor. */
    @Transactional
    public void append(String actor, RecordChanged change) {
        record(actor, change);
    }

    private void record(String actor, RecordChanged change) {
        if (!kinds.knows(change.kind())) {
            // a kind no module contributed would be a record nobody can read back by name: refused, and the change with it
            throw new IllegalArgumentException("audit kind " + change.kind() + " is not in the vocabulary any module contributes");
        }
        // stored at millisecond precision on every database, so the hash can be recomputed exactly
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String before = Canonical.json(change.before());
        String after = Canonical.json(change.after());
        String seal = key.seal(at, actor, change.kind().name(), change.id(), change.action().stored(), before, after);
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into audit_pending (recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, mac)
                        values (:at, :actor, :kind, :id, :action, :before, :after, :mac)""")
                .param("at", Timestamp.from(at)).param("actor", actor)
                .param("kind", change.kind().name()).param("id", change.id()).param("action", change.action().stored())
                .param("before", before).param("after", after).param("mac", seal)
                .update(id, "id");
        written(id.getKeyAs(Number.class).longValue());
    }

    /** The range of this transaction's waiting entries, linked once it commits. */
    private void written(long id) {
        Written range = (Written) TransactionSynchronizationManager.getResource(WRITTEN);
        if (range != null) {
            range.to = Math.max(range.to, id);
            range.from = Math.min(range.from, id);
            return;
        }
        Written fresh = new Written(id);
        TransactionSynchronizationManager.bindResource(WRITTEN, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    linker.link(fresh.from, fresh.to);
                } catch (RuntimeException e) {
                    // the change and its entry are committed; the sweep links the entry, and the caller must not hear of a failure
                    log.error("Audit entries {} to {} are committed but not linked yet; the sweep will link them: {}", fresh.from, fresh.to,
                            e.getClass().getSimpleName());
                }
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(WRITTEN);
            }
        });
    }

    private static final class Written {
        long from;
        long to;

        Written(long id) {
            from = id;
            to = id;
        }
    }

    /** Writes the head to the checkpoint file now (tests; the linker does it when due). */
    void checkpoint() {
        linker.linkAll();
        linker.checkpointIfDue(true);
    }

    /** Runs with nothing linked meanwhile. */
    void whileChainHeld(Runnable work) {
        linker.whileHeld(work);
    }

    /**
     * Which entries to read: by whom, about which kind of record (entries stored under its former names
     * included) and which record, and recorded on which days (inclusive, in the cooperation's time zone).
     */
    public record Filter(Optional<String> actor, Optional<AuditKind> kind, Optional<String> recordId,
                         Optional<LocalDate> from, Optional<LocalDate> to) {
        public static Filter none() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** The newest entries first, of those the filter selects and the caller may read. */
    public List<AuditEntry> recent(Filter filter, int offset, int limit) {
        CurrentUser me = requireReader();
        Where where = where(filter, me);
        return where.params(jdbc.sql("""
                        select seq, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state
                        from audit_entry where %s
                        order by seq desc offset :offset rows fetch next :limit rows only""".formatted(where.sql)))
                .param("offset", offset).param("limit", limit)
                .query((rs, i) -> new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        Canonical.parse(rs.getString(7)), Canonical.parse(rs.getString(8))))
                .list();
    }

    /** The kinds the caller may read entries of. */
    public List<AuditKind> readableKinds() {
        CurrentUser me = requireReader();
        return kinds.all().stream().filter(k -> !k.administrative() || me.is(Role.ADMINISTRATOR)).toList();
    }

    /** The kinds of the vocabulary, to label entries by. */
    public AuditKinds vocabulary() {
        return kinds;
    }

    private record Where(String sql, java.util.Map<String, Object> values) {
        JdbcClient.StatementSpec params(JdbcClient.StatementSpec spec) {
            values.forEach(spec::param);
            return spec;
        }
    }

    private Where where(Filter filter, CurrentUser me) {
        StringBuilder sql = new StringBuilder("1 = 1");
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        filter.actor().ifPresent(a -> {
            sql.append(" and actor = :actor");
            values.put("actor", a);
        });
        filter.kind().ifPresent(k -> {
            sql.append(" and entity_kind in (:kinds)");
            values.put("kinds", AuditKinds.stored(k));
        });
        filter.recordId().ifPresent(r -> {
            sql.append(" and entity_id = :rid");
            values.put("rid", r);
        });
        filter.from().ifPresent(d -> {
            sql.append(" and recorded_at >= :from");
            values.put("from", Timestamp.from(d.atStartOfDay(Formats.CHINA).toInstant()));
        });
        filter.to().ifPresent(d -> {
            sql.append(" and recorded_at < :to");
            values.put("to", Timestamp.from(d.plusDays(1).atStartOfDay(Formats.CHINA).toInstant()));
        });
        if (me != null && !me.is(Role.ADMINISTRATOR)) {
            // an assessor reads the entries made by accounts within its own scope
            List<String> actors = accounts.usernamesWithin(me.scope());
            sql.append(" and actor in (:actors)");
            values.put("actors", actors.isEmpty() ? NOBODY : actors);
            // user administration is the administrators' own business: an assessor reads the history of the work, not of accounts
            List<String> hidden = kinds.all().stream().filter(AuditKind::administrative).flatMap(k -> AuditKinds.stored(k).stream()).toList();
            if (!hidden.isEmpty()) {
                sql.append(" and entity_kind not in (:hidden)");
                values.put("hidden", hidden);
            }
        }
        return new Where(sql.toString(), values);
    }

    /** The most entries one export holds; a filter narrows a larger log. */
    public static final int EXPORT_LIMIT = 100_000;

    /**
     * The entries an export holds (the filtered ones up to the head, newest first, at most
     * {@link #EXPORT_LIMIT}) with the head they end at, so a printed or kept export is itself a
     * checkpoint to hold the database against later, and the verification at the time.
     */
    public record Export(Checkpoint head, Verification verification, List<AuditEntry> entries) {
    }

    @Transactional(readOnly = true)
    public Export export(Filter filter) {
        requireReader();
        Checkpoint head = head();
        List<AuditEntry> entries = recent(filter, 0, EXPORT_LIMIT).stream().filter(e -> e.seq() <= head.seq()).toList();
        return new Export(head, verify(), entries);
    }

    /** The chain's head as the database holds it now. */
    public Checkpoint head() {
        return headOf(jdbc);
    }

    private static Checkpoint headOf(JdbcClient jdbc) {
        return jdbc.sql("select last_seq, last_hash, keyed_from from audit_head where id = 1")
                .query((rs, i) -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getLong(3), Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .single();
    }

    public long count(Filter filter) {
        Where where = where(filter, CurrentUser.isSystem() ? null : requireReader());
        return where.params(jdbc.sql("select count(*) from audit_entry where " + where.sql)).query(Long.class).single();
    }

    /**
     * Recomputes every link from the first entry on and compares the end with the head row and the
     * checkpoint file; the first entry that does not fit is where tampering happened.
     */
    @Transactional(readOnly = true)
    public Verification verify() {
        return verify(jdbc, key, checkpoints.read());
    }

    private static Verification verify(JdbcClient jdbc, AuditKey key, Optional<Checkpoint> checkpoint) {
        Checkpoint head = headOf(jdbc);
        ChainCheck check = new ChainCheck(key, head.keyedFrom(), checkpoint);
        jdbc.sql("""
                        select seq, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, prev_hash, hash
                        from audit_entry order by seq""")
                .query(rs -> {
                    check.entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
                });
        long waiting = jdbc.sql("select count(*) from audit_pending").query(Long.class).single();
        return check.finish(head.seq(), head.hash(), waiting);
    }

    // ---- for a backup and its restore, which run without the application (package backup) ----

    /** The head of the chain in the database behind {@code connection}, as a backup records it. */
    public static Checkpoint headOf(java.sql.Connection connection) {
        return headOf(JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true)));
    }

    /**
     * Verifies the chain in the database behind {@code connection} (in its transaction, so a restore
     * checks what it wrote before it commits) with the audit key of the installation, against no
     * checkpoint: the restored chain is compared with the head its backup recorded instead.
     */
    public static Verification verifyWith(java.sql.Connection connection, String configuredKey, String home) {
        return verify(JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true)),
                new AuditKey(configuredKey, home), Optional.empty());
    }

    /**
     * A fingerprint of the installation's audit key (an HMAC of a fixed text under it), which a backup
     * records and a restore compares, so a wrong key is told before anything is written; never the key.
     */
    public static String keyFingerprint(String configuredKey, String home) {
        return new AuditKey(configuredKey, home).fingerprint();
    }

    /**
     * After a restore: the restored chain's head becomes the checkpoint outside the database; a checkpoint
     * already there (of the database this one replaces) is kept beside it, renamed, and its new name answered.
     */
    public static Optional<java.nio.file.Path> checkpointRestored(String checkpointFile, Checkpoint head) {
        CheckpointFile file = new CheckpointFile(checkpointFile);
        Optional<java.nio.file.Path> kept = Optional.empty();
        try {
            if (java.nio.file.Files.exists(file.path())) {
                java.nio.file.Path aside = file.path().resolveSibling(file.path().getFileName() + ".before-restore-"
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", ""));
                java.nio.file.Files.move(file.path(), aside);
                kept = Optional.of(aside);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("The audit checkpoint " + file.path() + " could not be moved aside", e);
        }
        file.write(new Checkpoint(head.seq(), head.hash(), head.keyedFrom(), Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        return kept;
    }

    // an IN list may not be empty: a name no account can have stands for nobody
    private static final List<String> NOBODY = List.of("");

    private static CurrentUser requireReader() {
        CurrentUser me = CurrentUser.require();
        if (!me.is(Role.ADMINISTRATOR, Role.ASSESSOR)) {
            throw new AccessDeniedException("audit log is for administrators and assessors");
        }
        return me;
    }

    /** The unkeyed link of the chain before its key, as an older database's entries carry it. */
    static String hash(String prev, long seq, Instant at, String actor, String kind, String id, String action,
                       String before, String after) {
        return AuditKey.legacy(prev, seq, at, actor, kind, id, action, before, after);
    }

    /** A small, stable JSON form of a flat map of strings, so the same state always hashes the same. */
    static final class Canonical {
        private Canonical() {
        }

        static String json(SortedMap<String, String> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                quote(sb, k);
                sb.append(':');
                if (v == null) {
                    sb.append("null");
                } else {
                    quote(sb, v);
                }
            });
            return sb.append('}').toString();
        }

        static SortedMap<String, String> parse(String json) {
            SortedMap<String, String> map = new java.util.TreeMap<>();
            if (json == null) {
                return map;
            }
            int[] pos = {1};
            while (pos[0] < json.length() && json.charAt(pos[0]) != '}') {
                String key = readString(json, pos);
                pos[0]++; // ':'
                String value;
                if (json.startsWith("null", pos[0])) {
                    value = null;
                    pos[0] += 4;
                } else {
                    value = readString(json, pos);
                }
                map.put(key, value);
                if (json.charAt(pos[0]) == ',') {
                    pos[0]++;
                }
            }
            return map;
        }

        private static void quote(StringBuilder sb, String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }

        private static String readString(String json, int[] pos) {
            StringBuilder sb = new StringBuilder();
            int i = pos[0] + 1; // skip opening quote
            while (json.charAt(i) != '"') {
                char c = json.charAt(i);
                if (c == '\\') {
                    char n = json.charAt(++i);
                    switch (n) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        default -> sb.append(n);
                    }
                } else {
                    sb.append(c);
                }
                i++;
            }
            pos[0] = i + 1;
            return sb.toString();
        }
    }
}
