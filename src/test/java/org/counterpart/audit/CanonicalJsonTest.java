package org.counterpart.audit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTest {

    private static SortedMap<String, String> map(String... keysAndValues) {
        SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static SortedMap<String, String> roundTrip(SortedMap<String, String> map) {
        return AuditLog.Canonical.parse(AuditLog.Canonical.json(map));
    }

    @Test
    void anEmptyMapIsWrittenAsEmptyBracesAndReadBack() {
        assertThat(AuditLog.Canonical.json(new TreeMap<>())).isEqualTo("{}");
        assertThat(AuditLog.Canonical.parse("{}")).isEmpty();
    }

    @Test
    void aMissingStateIsReadAsAnEmptyMap() {
        assertThat(AuditLog.Canonical.parse(null)).isEmpty();
    }

    @Test
    void keysAreWrittenInSortedOrderWhateverTheOrderOfInsertion() {
        SortedMap<String, String> one = map("b", "2", "a", "1", "c", "3");
        SortedMap<String, String> other = map("c", "3", "a", "1", "b", "2");

        assertThat(AuditLog.Canonical.json(one))
                .isEqualTo("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}")
                .isEqualTo(AuditLog.Canonical.json(other));
    }

    @Test
    void nullValuesAreWrittenAsNullAndReadBackAsNull() {
        SortedMap<String, String> state = map("name", null, "status", "active");

        assertThat(AuditLog.Canonical.json(state)).isEqualTo("{\"name\":null,\"status\":\"active\"}");
        assertThat(roundTrip(state)).containsEntry("name", null).containsEntry("status", "active").hasSize(2);
    }

    @Test
    void theWordNullAsTextStaysText() {
        SortedMap<String, String> state = map("null", "null", "n", "nullable");

        assertThat(roundTrip(state)).isEqualTo(state);
        assertThat(roundTrip(state).get("null")).isEqualTo("null");
    }

    @Test
    void quotesBackslashesAndLineBreaksAreEscapedAndReadBack() {
        SortedMap<String, String> state = map(
                "quote", "say \"你好\"",
                "backslash", "C:\\data\\户.xlsx",
                "lines", "one\ntwo\r\nthree\tfour",
                "trailing backslash", "\\",
                "escape-looking", "\\n is not a newline, \\u0041 is not A");

        String json = AuditLog.Canonical.json(state);

        assertThat(json).doesNotContain("\n", "\r", "\t");
        assertThat(json).contains("\\\"你好\\\"", "C:\\\\data\\\\户.xlsx", "one\\ntwo\\r\\nthree\\tfour");
        assertThat(AuditLog.Canonical.parse(json)).isEqualTo(state);
    }

    @Test
    void otherControlCharactersAreWrittenAsUnicodeEscapesAndReadBack() {
        SortedMap<String, String> state = map("controls", "\u0000\u0001\b\f\u001b\u001f end", "key\u0007", "v");

        String json = AuditLog.Canonical.json(state);

        assertThat(json).contains("\\u0000\\u0001\\u0008\\u000c\\u001b\\u001f end", "key\\u0007");
        assertThat(json.chars()).noneMatch(c -> c < 0x20);
        assertThat(AuditLog.Canonical.parse(json)).isEqualTo(state);
    }

    @Test
    void chineseTextAndCharactersBeyondTheBasicPlaneAreKeptAsTheyAre() {
        SortedMap<String, String> state = map(
                "户主", "张𠈌",
                "地址", "贵州省六盘水市钟山区",
                "emoji", "🌾 harvest");

        String json = AuditLog.Canonical.json(state);

        assertThat(json).contains("\"户主\":\"张𠈌\"", "🌾");
        assertThat(AuditLog.Canonical.parse(json)).isEqualTo(state);
        assertThat(AuditLog.Canonical.parse(json).get("户主").codePointCount(0, 3)).isEqualTo(2);
    }

    @Test
    void delimitersInsideTextDoNotEndTheString() {
        SortedMap<String, String> state = map("a,b", "{\"x\":1}", "c:d", "}", "", "");

        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Provide
    Arbitrary<SortedMap<String, String>> stringMaps() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<String> nullableText = text.injectNull(0.15);
        return Arbitraries.maps(text, nullableText).ofMaxSize(8).map(TreeMap::new);
    }

    @Property(tries = 500)
    void anyMapOfStringsSurvivesTheRoundTrip(@ForAll("stringMaps") SortedMap<String, String> state) {
        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Property(tries = 200)
    void writingIsStableAcrossARoundTrip(@ForAll("stringMaps") SortedMap<String, String> state) {
        String json = AuditLog.Canonical.json(state);
        assertThat(AuditLog.Canonical.json(AuditLog.Canonical.parse(json))).isEqualTo(json);
    }

    // ---- the hash ----

    private static final Instant AT = Instant.parse("2018-06-30T08:15:30.123Z");

    private static String[] sampleInputs() {
        return new String[]{AuditLog.GENESIS, "7", Long.toString(AT.toEpochMilli()), "admin", "household", "H-520201-0001",
                "update", "{\"name\":\"张三\"}", "{\"name\":\"张𠈌\"}"};
    }

    private static String hashOf(String[] p) {
        return AuditLog.hash(p[0], Long.parseLong(p[1]), Instant.ofEpochMilli(Long.parseLong(p[2])), p[3], p[4], p[5],
                p[6], p[7], p[8]);
    }

    @Test
    void theHashIsTheSha256OfTheLengthPrefixedFields() throws Exception {
        String[] parts = sampleInputs();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update(new byte[]{(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length});
            sha.update(bytes);
        }
        String expected = HexFormat.of().formatHex(sha.digest());

        assertThat(hashOf(parts)).isEqualTo(expected).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void movingTextBetweenNeighbouringFieldsChangesTheHash() {
        String[] a = sampleInputs();
        String[] b = sampleInputs();
        a[3] = "a\u001fb";
        a[4] = "c";
        b[3] = "a";
        b[4] = "b\u001fc";
        assertThat(hashOf(a)).isNotEqualTo(hashOf(b));
    }

    @Test
    void theSameInputsAlwaysGiveTheSameHash() {
        assertThat(hashOf(sampleInputs())).isEqualTo(hashOf(sampleInputs()));
    }

    @Test
    void theHashChangesWhenAnySingleInputChanges() {
        String original = hashOf(sampleInputs());
        for (int i = 0; i < 9; i++) {
            String[] changed = sampleInputs();
            changed[i] = (i == 1 || i == 2) ? Long.toString(Long.parseLong(changed[i]) + 1) : changed[i] + "x";
            assertThat(hashOf(changed)).as("changing input %d", i).isNotEqualTo(original);
        }
    }

    @Test
    void theHashSeesAMillisecondOfDifferenceInTheTime() {
        String[] p = sampleInputs();
        String at = AuditLog.hash(p[0], 7, AT, p[3], p[4], p[5], p[6], p[7], p[8]);
        String later = AuditLog.hash(p[0], 7, AT.plusMillis(1), p[3], p[4], p[5], p[6], p[7], p[8]);
        assertThat(later).isNotEqualTo(at);
    }

    @Provide
    Arbitrary<String> readableText() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('一', '龥').withChars("\"\\{}:, \n")
                .ofMaxLength(12);
    }

    @Provide
    Arbitrary<Integer> textInputs() {
        return Arbitraries.of(0, 3, 4, 5, 6, 7, 8); // 1 and 2 are numbers, covered by the example test
    }

    @Property(tries = 300)
    void changingAnySingleTextInputChangesTheHash(@ForAll("textInputs") int index,
                                                 @ForAll("readableText") String replacement) {
        String[] original = sampleInputs();
        String[] changed = Arrays.copyOf(original, original.length);
        changed[index] = replacement;
        if (replacement.equals(original[index])) {
            assertThat(hashOf(changed)).isEqualTo(hashOf(original));
        } else {
            assertThat(hashOf(changed)).isNotEqualTo(hashOf(original));
        }
    }
}
