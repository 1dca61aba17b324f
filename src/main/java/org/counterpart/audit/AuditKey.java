package org.counterpart.audit;

import org.counterpart.shared.KeyFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The hashes of the audit chain. Entries from the chain's keyed start on are linked by an
 * HMAC-SHA256 under the audit key, which never lives in the database: whoever can only write the
 * database can neither edit an entry and recompute the rest nor put a made-up entry in. The entries
 * of an older database, chained before the key existed, keep their SHA-256 links ({@link #legacy}).
 *
 * <p>The key comes from {@code counterpart.keys.audit} (base64 of 32 bytes) or, without it, from
 * {@code ${counterpart.home}/keys/audit.key}, generated on first start, as the personal-data keys are.
 * Every field is length-prefixed, so no choice of field contents can mimic another split.
 */
@Component
class AuditKey {

    private static final HexFormat HEX = HexFormat.of();
    /** Distinguishes a link of the chain from the seal of a waiting entry, so one cannot be passed off as the other. */
    private static final String LINK = "link";
    private static final String SEAL = "seal";

    private final ThreadLocal<Mac> macs;

    AuditKey(byte[] key) {
        if (key == null || key.length != KeyFile.KEY_BYTES) {
            throw new IllegalArgumentException("The audit key must be " + KeyFile.KEY_BYTES + " bytes");
        }
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This JDK lacks HmacSHA256", e);
            }
        });
    }

    @Autowired
    AuditKey(@Value("${counterpart.keys.audit:}") String configured, @Value("${counterpart.home:./data}") String home) {
        this(configured != null && !configured.isBlank()
                ? KeyFile.decode(configured, "counterpart.keys.audit")
                : KeyFile.load(Path.of(home).resolve("keys/audit.key"), List.of(
                        "The key of the audit chain in this data directory (base64, 32 bytes).",
                        "Back it up apart from the database: without it the chain cannot be verified, and whoever has",
                        "both the database and this key can rewrite the chain."), "audit")[0]);
    }

    /** HMAC of a fixed text under the key: tells whether two installations hold the same key, without showing it. */
    String fingerprint() {
        Mac mac = macs.get();
        update(mac, "counterpart key fingerprint", "audit");
        return HEX.formatHex(mac.doFinal());
    }

    /** The keyed link of entry {@code seq}: covers the previous link and every field of the entry. */
    String link(String prev, long seq, Instant at, String actor, String kind, String id, String action, String before, String after) {
        Mac mac = macs.get();
        update(mac, LINK, prev, Long.toString(seq), Long.toString(at.toEpochMilli()), actor, kind, id, action, before, after);
        return HEX.formatHex(mac.doFinal());
    }

    /** The seal of an entry waiting to be linked, made in its change's transaction. */
    String seal(Instant at, String actor, String kind, String id, String action, String before, String after) {
        Mac mac = macs.get();
        update(mac, SEAL, Long.toString(at.toEpochMilli()), actor, kind, id, action, before, after);
        return HEX.formatHex(mac.doFinal());
    }

    /** The unkeyed SHA-256 link the chain had before the key, still used to verify those entries. */
    static String legacy(String prev, long seq, Instant at, String actor, String kind, String id, String action,
                         String before, String after) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[]{prev, Long.toString(seq), Long.toString(at.toEpochMilli()), actor, kind, id,
                    action, before, after}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HEX.formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(Mac mac, String... parts) {
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            mac.update(bytes);
        }
    }
}
