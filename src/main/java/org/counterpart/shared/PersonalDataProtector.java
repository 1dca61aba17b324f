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
