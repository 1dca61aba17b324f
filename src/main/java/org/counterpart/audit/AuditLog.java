package org.counterpart.audit;

import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.shared.RecordChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Appends every published change to a hash chain and verifies the chain. Appending takes a row lock
 * on the chain's head, so concurrent changes are chained one after another, never forked; the entry is
 * written in the transaction of the change, so neither commits without the other.
 */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;

    private final UserAdministration accounts;

    AuditLog(JdbcClient jdbc, UserAdministration accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    /** The result of checking the chain: how many entries, and the first that does not fit. */
    public record Verification(long entries, Optional<Long> firstBrokenSeq) {
        public boolean intact() {
            return firstBrokenSeq.isEmpty();
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(RecordChanged change) {
        String actor = CurrentUser.get().map(CurrentUser::getUsername).orElse("system");
        append(actor, change);
    }

    /** Records a change outside a request, e.g. by a command-line task, under a named actor. */
    @Transactional
    public void append(String actor, RecordChanged change) {
        var head = jdbc.sql("select last_seq, last_hash from audit_head where id = 1 for update")
                .query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).single();
        long seq = head.getKey() + 1;
        // stored at millisecond precision on every database, so the hash can be recomputed exactly
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String before = Canonical.json(change.before());
        String after = Canonical.json(change.after());
        String hash = hash(head.getValue(), seq, at, actor, change.kind(), change.id(), change.action(), before, after);
        jdbc.sql("""
                        insert into audit_entry (seq, recorded_at, actor, entity_kind, entity_id, action,
                                                 before_state, after_state, prev_hash, hash)
                        values (:seq, :at, :actor, :kind, :id, :action, :before, :after, :prev, :hash)""")
                .param("seq", seq).param("at", Timestamp.from(at)).param("actor", actor)
                .param("kind", change.kind()).param("id", change.id()).param("action", change.action())
                .param("before", before).param("after", after).param("prev", head.getValue()).param("hash", hash)
                .update();
        jdbc.sql("update audit_head set last_seq = :seq, last_hash = :hash where id = 1")
                .param("seq", seq).param("hash", hash).update();
    }

    /** The newest entries first, optionally only those about one kind of record or one record. */
    public List<AuditEntry> recent(Optional<String> kind, Optional<String> recordId, int offset, int limit) {
        requireReader();
        Optional<List<String>> readable = actorsReadable();
        return jdbc.sql("""
                        select seq, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state
                        from audit_entry
                        where (cast(:kind as varchar(40)) is null or entity_kind = :kind) and (cast(:rid as varchar(40)) is null or entity_id = :rid)
                          and (:everything = true or (entity_kind <> 'user' and actor in (:actors)))
                        order by seq desc offset :offset rows fetch next :limit rows only""")
                .param("kind", kind.orElse(null)).param("rid", recordId.orElse(null))
                .param("everything", readable.isEmpty()).param("actors", readable.orElse(NOBODY))
                .param("offset", offset).param("limit", limit)
                .query((rs, i) -> new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        Canonical.parse(rs.getString(7)), Canonical.parse(rs.getString(8))))
                .list();
    }

    public long count(Optional<String> kind, Optional<String> recordId) {
        if (!CurrentUser.isSystem()) {
            requireReader();
        }
        Optional<List<String>> readable = actorsReadable();
        return jdbc.sql("""
                        select count(*) from audit_entry
                        where (cast(:kind as varchar(40)) is null or entity_kind = :kind) and (cast(:rid as varchar(40)) is null or entity_id = :rid)
                          and (:everything = true or (entity_kind <> 'user' and actor in (:actors)))""")
                .param("kind", kind.orElse(null)).param("rid", recordId.orElse(null))
                .param("everything", readable.isEmpty()).param("actors", readable.orElse(NOBODY))
                .query(Long.class).single();
    }

    /** Recomputes every hash from the first entry on; the first mismatch is where tampering happened. */
    @Transactional(readOnly = true)
    public Verification verify() {
        String[] prev = {GENESIS};
        long[] count = {0};
        Long[] broken = {null};
        jdbc.sql("""
                        select seq, recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, prev_hash, hash
                        from audit_entry order by seq""")
                .query(rs -> {
                    count[0]++;
                    if (broken[0] != null) {
                        return;
                    }
                    long seq = rs.getLong(1);
                    String expected = hash(prev[0], seq, rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
                    if (seq != count[0] || !prev[0].equals(rs.getString(9)) || !expected.equals(rs.getString(10))) {
                        broken[0] = seq;
                    }
                    prev[0] = rs.getString(10);
                });
        if (broken[0] == null) {
            String head = jdbc.sql("select last_hash from audit_head where id = 1").query(String.class).single();
            if (!head.equals(prev[0])) {
                broken[0] = count[0] + 1; // entries were removed from the end
            }
        }
        return new Verification(count[0], Optional.ofNullable(broken[0]));
    }

    // an IN list may not be empty: a name no account can have stands for nobody
    private static final List<String> NOBODY = List.of("");

    /**
     * Whose entries the caller reads: everyone's for an administrator (empty), for an assessor only the
     * entries made by accounts within its own scope, and never user administration (entries of kind
     * {@code user}), which is the administrators' business.
     */
    private Optional<List<String>> actorsReadable() {
        if (CurrentUser.isSystem()) {
            return Optional.empty();
        }
        CurrentUser caller = CurrentUser.require();
        if (caller.is(Role.ADMINISTRATOR)) {
            return Optional.empty();
        }
        List<String> actors = accounts.usernamesWithin(caller.scope());
        return Optional.of(actors.isEmpty() ? NOBODY : actors);
    }

    private static void requireReader() {
        if (!CurrentUser.require().is(Role.ADMINISTRATOR, Role.ASSESSOR)) {
            throw new AccessDeniedException("audit log is for administrators and assessors");
        }
    }

    static String hash(String prev, long seq, Instant at, String actor, String kind, String id, String action,
                       String before, String after) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // each field is preceded by its length, so no choice of field contents can mimic another split
            for (String part : new String[]{prev, Long.toString(seq), Long.toString(at.toEpochMilli()), actor, kind, id,
                    action, before, after}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
