package org.counterpart.shared;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files sealed with the personal-data key: read back whole, and refused when altered, cut, reordered or under another key. */
class SealedFilesTest {

    private static final int CHUNK = PersonalDataProtector.CHUNK;
    private final PersonalDataProtector protector = new PersonalDataProtector(key(1), key(2));

    @Test
    void everySizeComesBackAsItWasAndNoPlainTextShows() throws IOException {
        byte[] id = "52020119800101123X".getBytes(StandardCharsets.US_ASCII);
        for (int size : new int[]{0, 1, 17, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5}) {
            byte[] plain = new byte[size];
            for (int i = 0; i + id.length <= size; i += id.length) {
                System.arraycopy(id, 0, plain, i, id.length);
            }
            byte[] sealed = seal(plain);
            assertThat(unseal(sealed)).as("size %d", size).isEqualTo(plain);
            if (size >= id.length) {
                assertThat(indexOf(sealed, id)).as("size %d", size).isEqualTo(-1);
            }
        }
    }

    @Test
    void anAlteredByteACutFileADroppedChunkAndAnotherKeyAreRefused() throws IOException {
        byte[] plain = new byte[2 * CHUNK + 100];
        new Random(7).nextBytes(plain);
        byte[] sealed = seal(plain);

        byte[] altered = sealed.clone();
        altered[altered.length / 2] ^= 1;
        assertThatThrownBy(() -> unseal(altered)).isInstanceOf(UnreadablePersonalDataException.class);

        // cut after the second chunk: what is left is two whole chunks, the second not marked last
        int chunkOnDisk = 4 + 12 + CHUNK + 16;
        byte[] cut = Arrays.copyOf(sealed, 8 + 2 * chunkOnDisk);
        assertThatThrownBy(() -> unseal(cut)).isInstanceOf(UnreadablePersonalDataException.class);

        byte[] dropped = new byte[sealed.length - chunkOnDisk];
        System.arraycopy(sealed, 0, dropped, 0, 8 + chunkOnDisk);
        System.arraycopy(sealed, 8 + 2 * chunkOnDisk, dropped, 8 + chunkOnDisk, sealed.length - 8 - 2 * chunkOnDisk);
        assertThatThrownBy(() -> unseal(dropped)).isInstanceOf(UnreadablePersonalDataException.class);

        PersonalDataProtector other = new PersonalDataProtector(key(3), key(2));
        assertThatThrownBy(() -> other.unseal(new ByteArrayInputStream(sealed), new ByteArrayOutputStream()))
                .isInstanceOf(UnreadablePersonalDataException.class);

        assertThatThrownBy(() -> unseal("id,name\n".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(UnreadablePersonalDataException.class);
    }

    private byte[] seal(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        protector.seal(new ByteArrayInputStream(plain), out);
        return out.toByteArray();
    }

    private byte[] unseal(byte[] sealed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        protector.unseal(new ByteArrayInputStream(sealed), out);
        return out.toByteArray();
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
