package org.counterpart.registry;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The import's memory of the people it created: nobody lost as it grows, changes of name and phone told apart. */
class ImportedPeopleTest {

    static String hash(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void everyPersonWrittenIsFoundAgainAfterManyGrowths() {
        ImportedPeople people = new ImportedPeople();
        Random random = new Random(2018);
        String[] hashes = new String[200_000];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hash(random);
            people.written(hashes[i], i + 1, "姓名" + i, i % 3 == 0 ? null : "139" + i);
        }
        assertThat(people.size()).isEqualTo(hashes.length);
        for (int i = 0; i < hashes.length; i++) {
            assertThat(people.id(hashes[i])).as("person %d", i).isEqualTo(i + 1);
            assertThat(people.changed(hashes[i], "姓名" + i, i % 3 == 0 ? null : "139" + i)).as("person %d", i).isFalse();
        }
        assertThat(people.id(hash(new Random(1)))).isZero();
    }

    @Test
    void aNewNameOrPhoneIsAChangeAndARowWithoutAPhoneKeepsTheOneOnRecord() {
        ImportedPeople people = new ImportedPeople();
        String h = hash(new Random(7));
        people.written(h, 42, "周一", "13800000001");
        assertThat(people.changed(h, "周一", null)).isFalse();
        assertThat(people.changed(h, "周一", "13800000001")).isFalse();
        assertThat(people.changed(h, "周一", "13900000009")).isTrue();
        assertThat(people.changed(h, "周一鸣", null)).isTrue();
        people.written(h, 42, "周一鸣", null);
        assertThat(people.changed(h, "周一鸣", "13800000001")).as("the phone on record is still the first").isFalse();
        assertThat(people.size()).isEqualTo(1);
    }
}
