package org.counterpart.shared;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Encrypts ID and phone numbers for storage, and gives each a keyed hash for exact look-up and
 * de-duplication. AES-GCM with a fresh random IV per value means equal numbers do not look equal in
 * the database, and any change to a stored value is detected rather than decrypted into a wrong
 * number; the hash (HMAC-SHA256 under a second, separate key) is the one deliberately deterministic
 * part, so that "is this ID number already registered?" is an index look-up, not a table scan with
 * decryption. A plain SHA-256 would not do: ID numbers are few enough to hash them all and reverse.
 *
 * <p>Keys come from {@code counterpart.keys.encryption} and {@code counterpart.keys.hashing}
 * (base64 of 32 bytes each) on a real deployment. Without them — the embedded default — the keys
 * live in {@code ${counterpart.home}/keys/personal-data.keys}, generated on first start. That file
 * belongs with the database: back them up together, as neither is any use without the other.
 *
 * <p>A random 96-bit IV is safe for well over the 2<sup>32</sup> values NIST allows per key, far
 * beyond a national registry. Cipher and Mac are not thread-safe, so each thread keeps its own.
 */
@Component
public class PersonalDataProtector {

    public static final int KEY_BYTES = KeyFile.KEY_BYTES;
    static final String KEY_FILE = "keys/personal-data.keys";

    private static final String VERSION = "v1:";
    // The version is authenticated too, so a value cannot be passed off as another format.
    private static final byte[] ASSOCIATED_DATA = VERSION.getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec encryptionKey;
    private final ThreadLocal<Cipher> ciphers;
    private final ThreadLocal<Mac> macs;

    /** Keys given directly, for tests and tools that run without Spring. */
    public PersonalDataProtector(byte[] encryptionKey, byte[] hashingKey) {
        requireLength(encryptionKey, "The encryption key");
        requireLength(hashingKey, "The hashing key");
        if (Arrays.equals(encryptionKey, hashingKey)) {
            throw new IllegalArgumentException(
                    "The encryption and hashing keys must differ: one key for both would tie the look-up hash to the ciphertext");
        }
        this.encryptionKey = new SecretKeySpec(encryptionKey, "AES");
        SecretKeySpec macKey = new SecretKeySpec(hashingKey, "HmacSHA256");
        this.ciphers = ThreadLocal.withInitial(() -> newInstance(() -> Cipher.getInstance("AES/GCM/NoPadding")));
        this.macs = ThreadLocal.withInitial(() -> newInstance(() -> {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac;
        }));
    }

    /**
     * Keys from configuration when both are set; otherwise the key file in the data directory,
     * generated if it does not exist yet. Setting only one of the two is refused.
     */
    @Autowired
    public PersonalDataProtector(@Value("${counterpart.keys.encryption:}") String encryptionKey,
                                 @Value("${counterpart.keys.hashing:}") String hashingKey,
                                 @Value("${counterpart.home:./data}") String home) {
        this(keys(encryptionKey, hashingKey, Path.of(home)));
    }

    private PersonalDataProtector(byte[][] keys) {
        this(keys[0], keys[1]);
    }

    /**
     * The value to store: {@code v1:} and the base64url of IV, ciphertext and tag. Missing stays
     * missing, so nullable columns need no special case. Text that is not valid Unicode (a lone
     * surrogate) is refused rather than silently altered.
     */
    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] sealed = cipher.doFinal(utf8(plain));
            byte[] stored = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, stored, 0, IV_BYTES);
            System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
            return VERSION + BASE64URL.encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Personal data could not be encrypted: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The plain text of a value written by {@link #encrypt}; refuses anything altered or foreign. */
    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(VERSION)) {
            throw new UnreadablePersonalDataException("Stored personal data is not in the v1 format");
        }
        byte[] bytes;
        try {
            bytes = BASE64URL_DECODER.decode(stored.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            // Not chained: the decoder's message quotes the offending character.
            throw new UnreadablePersonalDataException("Stored personal data is not valid base64url");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnreadablePersonalDataException("Stored personal data is too short to be a v1 value");
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadablePersonalDataException(
                    "Stored personal data failed its integrity check: it was altered, or encrypted under another key", e);
        } catch (GeneralSecurityException e) {
            throw new UnreadablePersonalDataException(
                    "Stored personal data could not be decrypted: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Lowercase hex HMAC-SHA256 of the text, the same every time for the same keys. Normalising is
     * the caller's job and must be the same on every path that writes or looks up a value (trim,
     * upper-case the check character 'x' of an ID number, drop a '+86' or spaces from a phone number):
     * the hash sees bytes, and "520201...123x" and "520201...123X" are different bytes.
     */
    public String lookupHash(String plain) {
        if (plain == null) {
            return null;
        }
        return HEX.formatHex(macs.get().doFinal(utf8(plain)));
    }

    /** How a sealed file begins: the format's name and version. */
    private static final byte[] SEALED = "CPSEAL1\n".getBytes(StandardCharsets.US_ASCII);
    /** The plain bytes of one sealed chunk at most. */
    static final int CHUNK = 64 * 1024;

    /**
     * Seals a file's bytes with the encryption key, for a file kept on disk (an upload a run may read again):
     * chunks of at most 64 KiB, each AES-GCM with a fresh IV and, as associated data, its number, its length
     * and whether it is the last, so chunks can be neither altered, reordered, dropped nor cut off unnoticed.
     * Memory holds one chunk; the file's size is not hidden.
     */
    public void seal(java.io.InputStream plain, java.io.OutputStream sealed) throws java.io.IOException {
        sealed.write(SEALED);
        byte[] chunk = new byte[CHUNK];
        byte[] next = new byte[CHUNK];
        int length = plain.readNBytes(chunk, 0, CHUNK);
        long index = 0;
        while (true) {
            int following = length < CHUNK ? 0 : plain.readNBytes(next, 0, CHUNK);
            boolean last = following == 0;
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            try {
                Cipher cipher = ciphers.get();
                cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
                cipher.updateAAD(chunkData(index, length, last));
                byte[] out = cipher.doFinal(chunk, 0, length);
                sealed.write(ByteBuffer.allocate(4).putInt(length).array());
                sealed.write(iv);
                sealed.write(out);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("A file could not be sealed: " + e.getClass().getSimpleName(), e);
            }
            if (last) {
                return;
            }
            byte[] swap = chunk;
            chunk = next;
            next = swap;
            length = following;
            index++;
        }
    }

    /** The plain bytes of a file written by {@link #seal}; refuses anything altered, cut off or sealed under another key. */
    public void unseal(java.io.InputStream sealed, java.io.OutputStream plain) throws java.io.IOException {
        byte[] head = sealed.readNBytes(SEALED.length);
        if (!Arrays.equals(head, SEALED)) {
            throw new UnreadablePersonalDataException("The file is not sealed in the v1 format");
        }
        long index = 0;
        while (true) {
            byte[] lengthBytes = sealed.readNBytes(4);
            if (lengthBytes.length < 4) {
                throw new UnreadablePersonalDataException("The sealed file is cut off before its last chunk");
            }
            int length = ByteBuffer.wrap(lengthBytes).getInt();
            if (length < 0 || length > CHUNK) {
                throw new UnreadablePersonalDataException("The sealed file is damaged (a chunk of impossible length)");
            }
            byte[] iv = sealed.readNBytes(IV_BYTES);
            byte[] body = sealed.readNBytes(length + TAG_BITS / 8);
            if (iv.length < IV_BYTES || body.length < length + TAG_BITS / 8) {
                throw new UnreadablePersonalDataException("The sealed file is cut off inside a chunk");
            }
            // the last chunk is the one followed by nothing: its flag must say so, and every other's must not
            int peek = sealed.read();
            boolean last = peek < 0;
            try {
                Cipher cipher = ciphers.get();
                cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
                cipher.updateAAD(chunkData(index, length, last));
                plain.write(cipher.doFinal(body));
            } catch (AEADBadTagException e) {
                throw new UnreadablePersonalDataException(
                        "A sealed file failed its integrity check: it was altered, cut off, or sealed under another key", e);
            } catch (GeneralSecurityException e) {
                throw new UnreadablePersonalDataException("A sealed file could not be opened: " + e.getClass().getSimpleName(), e);
            }
            if (last) {
                return;
            }
            sealed = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(new byte[]{(byte) peek}), sealed);
            index++;
        }
    }

    /** Whether a file on disk begins as {@link #seal} writes one. */
    public static boolean isSealed(Path file) throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SEALED.length), SEALED);
        }
    }

    private static byte[] chunkData(long index, int length, boolean last) {
        return ByteBuffer.allocate(ASSOCIATED_DATA.length + 5 + 8 + 4 + 1).put(ASSOCIATED_DATA).put("file:".getBytes(StandardCharsets.US_ASCII))
                .putLong(index).putInt(length).put((byte) (last ? 1 : 0)).array();
    }

    /**
     * A fingerprint of both keys (HMACs of a fixed text under each), which a backup records and a
     * restore compares, so that a backup is not restored where its numbers cannot be read; never a key.
     */
    public String keyFingerprint() {
        try {
            Mac encryption = Mac.getInstance("HmacSHA256");
            encryption.init(new SecretKeySpec(encryptionKey.getEncoded(), "HmacSHA256"));
            byte[] text = "counterpart key fingerprint: personal data".getBytes(StandardCharsets.US_ASCII);
            return HEX.formatHex(encryption.doFinal(text)) + ":" + HEX.formatHex(macs.get().doFinal(text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK lacks HmacSHA256", e);
        }
    }

    /** Whether the keys are configured or, without configuration, their file exists in the data directory (nothing is generated). */
    public static boolean keysPresent(String encryptionKey, String hashingKey, Path home) {
        return (encryptionKey != null && !encryptionKey.isBlank() && hashingKey != null && !hashingKey.isBlank())
                || java.nio.file.Files.isRegularFile(home.resolve(KEY_FILE));
    }

    private static byte[] utf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Personal data must be valid Unicode text (it contains a lone surrogate)");
        }
    }

    private static byte[][] keys(String encryption, String hashing, Path home) {
        boolean hasEncryption = encryption != null && !encryption.isBlank();
        boolean hasHashing = hashing != null && !hashing.isBlank();
        if (hasEncryption && hasHashing) {
            return new byte[][] {
                    decodeKey(encryption, "counterpart.keys.encryption"),
                    decodeKey(hashing, "counterpart.keys.hashing")};
        }
        if (hasEncryption || hasHashing) {
            throw new IllegalStateException("Set both counterpart.keys.encryption and counterpart.keys.hashing, or neither"
                    + " to use the key file in the data directory; only "
                    + (hasEncryption ? "counterpart.keys.encryption" : "counterpart.keys.hashing") + " is set");
        }
        return keyFile(home.resolve(KEY_FILE));
    }

    private static byte[][] keyFile(Path file) {
        return KeyFile.load(file, java.util.List.of(
                        "Keys for the ID and phone numbers in this data directory (base64, 32 bytes each).",
                        "Back this file up with the database: encrypted values cannot be read without it."),
                "encryption", "hashing");
    }

    private static byte[] decodeKey(String base64, String name) {
        return KeyFile.decode(base64, name);
    }

    private static void requireLength(byte[] key, String name) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException(name + " must be " + KEY_BYTES + " bytes, but is "
                    + (key == null ? "missing" : key.length + " bytes"));
        }
    }

    private interface Creation<T> {
        T create() throws GeneralSecurityException;
    }

    private static <T> T newInstance(Creation<T> creation) {
        try {
            return creation.create();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK lacks AES-GCM or HmacSHA256", e);
        }
    }
}
