package org.counterpart.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class PersonalDataProtectorTest {

    private static final String ID = "52020119900101123X";

    private static byte[] key(int seed) {
        byte[] key = new byte[PersonalDataProtector.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private final PersonalDataProtector protector = new PersonalDataProtector(key(1), key(2));

    @Test
    void encryptedTextDecryptsToTheSameText() {
        for (String plain : new String[] {ID, "13812345678", "", "张三", "贵州省六盘水市钟山区", "𠀀𪚥😀 mixed 𝒳", " spaces "}) {
            assertThat(protector.decrypt(protector.encrypt(plain))).isEqualTo(plain);
        }
    }

    @Test
    void storedTextIsCompactVersionedAndRevealsNothingOfThePlainText() {
        String stored = protector.encrypt(ID);

        assertThat(stored).startsWith("v1:").doesNotContain(ID).doesNotContain("520201");
        assertThat(stored.substring(3)).matches("[A-Za-z0-9_-]+");
        // 12-byte IV + 18 bytes + 16-byte tag = 46 bytes = 62 base64url characters
        assertThat(stored).hasSize(3 + 62);
    }

    @Test
    void theSameTextEncryptsDifferentlyEachTimeButHashesTheSame() {
        Set<String> stored = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            stored.add(protector.encrypt(ID));
            hashes.add(protector.lookupHash(ID));
        }

        assertThat(stored).hasSize(100);
        assertThat(hashes).hasSize(1);
        assertThat(hashes.iterator().next()).matches("[0-9a-f]{64}");
    }

    @Test
    void differentTextHashesDifferently() {
        assertThat(protector.lookupHash("52020119900101123X")).isNotEqualTo(protector.lookupHash("52020119900101123x"));
        assertThat(protector.lookupHash("13812345678")).isNotEqualTo(protector.lookupHash("13812345679"));
    }

    @Test
    void aDifferentHashingKeyGivesADifferentHash() {
        PersonalDataProtector sameEncryptionOtherHashing = new PersonalDataProtector(key(1), key(3));

        assertThat(sameEncryptionOtherHashing.lookupHash(ID)).isNotEqualTo(protector.lookupHash(ID));
    }

    @Test
    void theHashIsAKeyedHashNotAPlainDigest() throws Exception {
        String sha256 = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(ID.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(protector.lookupHash(ID)).isNotEqualTo(sha256);
    }

    @Test
    void changingAnyByteOfTheStoredValueIsRefused() {
        String stored = protector.encrypt(ID);
        byte[] bytes = Base64.getUrlDecoder().decode(stored.substring(3));

        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            String altered = "v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);

            assertThatThrownBy(() -> protector.decrypt(altered))
                    .isInstanceOf(UnreadablePersonalDataException.class)
                    .hasMessageContaining("integrity check")
                    .hasMessageNotContaining(ID);
        }
    }

    @Test
    void aValueEncryptedUnderAnotherKeyIsRefused() {
        String foreign = new PersonalDataProtector(key(7), key(2)).encrypt(ID);

        assertThatThrownBy(() -> protector.decrypt(foreign))
                .isInstanceOf(UnreadablePersonalDataException.class)
                .hasMessageContaining("another key")
                .hasMessageNotContaining(ID)
                .hasMessageNotContaining(foreign);
    }

    @Test
    void somethingThatIsNotAStoredValueIsRefused() {
        String stored = protector.encrypt(ID);

        assertThatThrownBy(() -> protector.decrypt(ID)).isInstanceOf(UnreadablePersonalDataException.class)
                .hasMessageContaining("v1 format").hasMessageNotContaining(ID);
        assertThatThrownBy(() -> protector.decrypt("v2:" + stored.substring(3))).isInstanceOf(UnreadablePersonalDataException.class);
        assertThatThrownBy(() -> protector.decrypt("v1:not base64!")).isInstanceOf(UnreadablePersonalDataException.class)
                .hasMessageContaining("base64url");
        assertThatThrownBy(() -> protector.decrypt("v1:AAAA")).isInstanceOf(UnreadablePersonalDataException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> protector.decrypt(stored.substring(0, stored.length() - 4)))
                .isInstanceOf(UnreadablePersonalDataException.class);
    }

    @Test
    void missingStaysMissing() {
        assertThat(protector.encrypt(null)).isNull();
        assertThat(protector.decrypt(null)).isNull();
        assertThat(protector.lookupHash(null)).isNull();
    }

    @Test
    void textThatIsNotValidUnicodeIsRefusedRatherThanAltered() {
        String loneSurrogate = "520201\uD800";

        assertThatThrownBy(() -> protector.encrypt(loneSurrogate)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> protector.lookupHash(loneSurrogate)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysOfTheWrongLengthAreRefused() {
        assertThatThrownBy(() -> new PersonalDataProtector(new byte[16], key(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new PersonalDataProtector(key(1), new byte[33]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new PersonalDataProtector(key(1), key(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
    }

    @Test
    void configuredKeysAreUsedAndTheDataDirectoryIsLeftAlone(@TempDir Path home) {
        PersonalDataProtector configured = new PersonalDataProtector(base64(key(1)), base64(key(2)), home.toString());

        assertThat(configured.lookupHash(ID)).isEqualTo(protector.lookupHash(ID));
        assertThat(protector.decrypt(configured.encrypt(ID))).isEqualTo(ID);
        assertThat(home.resolve("keys")).doesNotExist();
    }

    @Test
    void aConfiguredKeyOfTheWrongLengthIsRefusedAtStartWithoutShowingIt(@TempDir Path home) {
        String shortKey = base64(new byte[16]);
        String longKey = base64(new byte[48]);

        assertThatThrownBy(() -> new PersonalDataProtector(shortKey, base64(key(2)), home.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("counterpart.keys.encryption must be 32 bytes")
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> new PersonalDataProtector(base64(key(1)), longKey, home.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("counterpart.keys.hashing must be 32 bytes")
                .hasMessageNotContaining(longKey);
        assertThatThrownBy(() -> new PersonalDataProtector("not*base64", base64(key(2)), home.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void onlyOneConfiguredKeyIsRefused(@TempDir Path home) {
        assertThatThrownBy(() -> new PersonalDataProtector(base64(key(1)), "", home.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("both")
                .hasMessageContaining("only counterpart.keys.encryption is set");
        assertThat(home.resolve("keys")).doesNotExist();
    }

    @Test
    void withoutConfiguredKeysTheyAreGeneratedIntoTheDataDirectoryOnceAndReused(@TempDir Path temp) throws IOException {
        Path home = temp.resolve("data");
        Path keyFile = home.resolve("keys/personal-data.keys");

        PersonalDataProtector first = new PersonalDataProtector("", "", home.toString());
        assertThat(keyFile).isRegularFile();
        String written = Files.readString(keyFile);
        PersonalDataProtector second = new PersonalDataProtector("", "", home.toString());

        assertThat(Files.readString(keyFile)).isEqualTo(written);
        assertThat(second.lookupHash(ID)).isEqualTo(first.lookupHash(ID));
        assertThat(second.decrypt(first.encrypt(ID))).isEqualTo(ID);
        assertThat(first.lookupHash(ID)).isNotEqualTo(protector.lookupHash(ID));
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files).containsExactly(keyFile);
        }
    }

    @Test
    void generatedKeysAreReadableByTheOwnerOnly(@TempDir Path home) throws IOException {
        assumeThat(home.getFileSystem().supportedFileAttributeViews()).contains("posix");

        new PersonalDataProtector("", "", home.toString());

        Path keyFile = home.resolve("keys/personal-data.keys");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void generatedKeysAreDifferentForEachDataDirectory(@TempDir Path temp) {
        PersonalDataProtector one = new PersonalDataProtector("", "", temp.resolve("one").toString());
        PersonalDataProtector two = new PersonalDataProtector("", "", temp.resolve("two").toString());

        assertThat(one.lookupHash(ID)).isNotEqualTo(two.lookupHash(ID));
        assertThatThrownBy(() -> two.decrypt(one.encrypt(ID))).isInstanceOf(UnreadablePersonalDataException.class);
    }

    @Test
    void aDamagedKeyFileIsRefusedWithItsPath(@TempDir Path home) throws IOException {
        Path keyFile = home.resolve("keys/personal-data.keys");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, "encryption=" + base64(new byte[31]) + "\nhashing=" + base64(key(2)) + "\n");

        assertThatThrownBy(() -> new PersonalDataProtector("", "", home.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining("must be 32 bytes");

        Files.writeString(keyFile, "encryption=" + base64(key(1)) + "\n");
        assertThatThrownBy(() -> new PersonalDataProtector("", "", home.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hashing in " + keyFile)
                .hasMessageContaining("missing");
    }

    @Property
    void anyTextSurvivesTheRoundTrip(@ForAll("text") String plain) {
        String stored = protector.encrypt(plain);

        assertThat(protector.decrypt(stored)).isEqualTo(plain);
        assertThat(protector.lookupHash(plain)).isEqualTo(protector.lookupHash(new String(plain)));
    }

    /** Any Unicode text, including characters outside the BMP; lone surrogates are refused on purpose. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.oneOf(
                Arbitraries.integers().between(0x20, 0x7E),
                Arbitraries.integers().between(0x4E00, 0x9FFF),
                Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE));
        return codePoint.list().ofMaxSize(64).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }
}
