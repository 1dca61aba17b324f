package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.ResidentId;
import org.counterpart.shared.ThisProcess;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The checked rows of an import, kept in temporary files, one per registry year, so that the file is
 * read and checked once while memory holds no more than a slice of a year's households at a time.
 * Each row is stored with the keyed hash of its ID number, computed once where the row was checked.
 *
 * <p>Within a year's file every household falls in one of {@link #PARTITIONS} partitions (by its
 * county and number). Rows are written as blocks of one partition each, whose places in the file are
 * kept in memory (a few bytes a block), so that a year can be read back in slices of whole partitions,
 * each holding whole households: a city's year of a million members need not be in memory at once.
 * The files hold what the imported file holds, so they are written next to the kept copy of that file
 * (in the data directory, readable by its owner only), live only as long as the import, and are
 * deleted when it ends, whichever way it ends.
 */
final class RowSpill implements AutoCloseable {

    /** Partitions of a year: a year is read back in at most this many slices. */
    static final int PARTITIONS = 64;

    /** Some partitions of a year, read back together: every household of the year lies in exactly one slice. */
    record Slice(int year, List<Integer> partitions, long rows) {
    }

    /** A year's file, how far it has been written, and where each block of rows lies in it. */
    private static final class YearFile {
        final Path path;
        final OutputStream out;
        long written;
        final long[] rows = new long[PARTITIONS];
        // the blocks in the order written: offset, length and partition of each, in flat arrays
        long[] offsets = new long[256];
        int[] lengths = new int[256];
        byte[] partitionOf = new byte[256];
        int blocks;

        YearFile(Path path) throws IOException {
            this.path = path;
            this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        }

        void block(int partition, byte[] bytes, int length) throws IOException {
            if (blocks == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, blocks * 2);
                lengths = java.util.Arrays.copyOf(lengths, blocks * 2);
                partitionOf = java.util.Arrays.copyOf(partitionOf, blocks * 2);
            }
            offsets[blocks] = written;
            lengths[blocks] = length;
            partitionOf[blocks] = (byte) partition;
            blocks++;
            out.write(bytes, 0, length);
            written += length;
        }
    }

    private final Path directory;
    private final Map<Integer, YearFile> files = new TreeMap<>();
    private boolean writing = true;

    /** The start of the names of the spill directories; the process that made one follows it ({@link ThisProcess#prefix}). */
    static final String PREFIX = "checking-";

    /** A spill in a new directory under {@code parent}, named by the process that owns it. */
    RowSpill(Path parent, ThisProcess process) {
        try {
            Files.createDirectories(parent);
            directory = Files.createTempDirectory(parent, process.prefix(PREFIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registry years that hold at least one checked row, in order. */
    List<Integer> years() {
        return new ArrayList<>(files.keySet());
    }

    /** How many checked rows a year holds. */
    long rows(int year) {
        YearFile f = files.get(year);
        return f == null ? 0 : java.util.Arrays.stream(f.rows).sum();
    }

    /** The partition of a household's rows: by county and household number, the key the import groups a year by. */
    static int partition(String countyCode, String householdNo) {
        int h = countyCode.hashCode() * 31 + householdNo.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return Math.floorMod(h, PARTITIONS);
    }

    /** Appends rows encoded by {@link #encode} to the year's file. */
    void append(int year, Output encoded) {
        try {
            YearFile f = files.get(year);
            if (f == null) {
                f = new YearFile(directory.resolve("year-" + year + ".rows"));
                files.put(year, f);
            }
            for (int p = 0; p < PARTITIONS; p++) {
                Output.Buffer b = encoded.buffers[p];
                if (b != null && b.size > 0) {
                    f.block(p, b.bytes, b.size);
                    f.rows[p] += b.rows;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends writing; the years can then be read. */
    void finishWriting() {
        try {
            for (YearFile f : files.values()) {
                f.out.close();
            }
            writing = false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A year's rows in slices of at most {@code maxRows} rows as far as whole partitions allow (a
     * partition larger than that is a slice of its own); a single slice when the whole year fits.
     */
    List<Slice> slices(int year, long maxRows) {
        YearFile f = files.get(year);
        if (f == null) {
            return List.of();
        }
        List<Slice> slices = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        long rows = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            if (f.rows[p] == 0) {
                continue;
            }
            if (!partitions.isEmpty() && rows + f.rows[p] > maxRows) {
                slices.add(new Slice(year, List.copyOf(partitions), rows));
                partitions.clear();
                rows = 0;
            }
            partitions.add(p);
            rows += f.rows[p];
        }
        if (!partitions.isEmpty()) {
            slices.add(new Slice(year, List.copyOf(partitions), rows));
        }
        return slices;
    }

    /**
     * Reads back a slice's rows, each with the keyed hash of its ID number, in file order (the blocks
     * of the slice's partitions as they were written), so the rows of a household come as the file has them.
     */
    void read(Slice slice, BiConsumer<ImportRow, String> each) {
        YearFile f = files.get(slice.year());
        if (f == null) {
            return;
        }
        if (writing) {
            throw new IllegalStateException("rows read back before writing ended");
        }
        boolean[] wanted = new boolean[PARTITIONS];
        slice.partitions().forEach(p -> wanted[p] = true);
        Map<String, String> shared = new HashMap<>();
        ImportRow previous = null;
        try (Input in = new Input(new Blocks(f, wanted))) {
            while (true) {
                if (!in.more()) {
                    return;
                }
                int line = in.readInt();
                String hash = in.readUTF();
                int rowYear = in.readInt();
                String householdNo = str(in);
                RegionCode village = new RegionCode(common(in, shared));
                String name = str(in);
                ResidentId id = new ResidentId(in.readUTF());
                String relation = common(in, shared);
                String ethnicity = common(in, shared);
                String education = common(in, shared);
                String student = common(in, shared);
                String health = common(in, shared);
                String labor = common(in, shared);
                String migrant = common(in, shared);
                int m = in.readByte();
                Integer months = m < 0 ? null : m;
                Boolean medical = bool(in);
                Boolean pension = bool(in);
                String phone = str(in);
                String attribute = common(in, shared);
                String mainCause = common(in, shared);
                int causes = in.readByte();
                List<String> other = new ArrayList<>(causes);
                for (int i = 0; i < causes; i++) {
                    other.add(common(in, shared));
                }
                String standard = common(in, shared);
                String status = common(in, shared);
                Income income = new Income(money(in), money(in), money(in), money(in), money(in));
                Boolean dangerous = bool(in);
                Boolean water = bool(in);
                String cadre = str(in);
                String cadreUnit = common(in, shared);
                List<String> otherCauses = List.copyOf(other);
                // the rows of a household follow each other and repeat its fields: they share one copy
                if (previous != null) {
                    householdNo = same(previous.householdNo(), householdNo);
                    village = previous.village().equals(village) ? previous.village() : village;
                    income = previous.income().equals(income) ? previous.income() : income;
                    cadre = same(previous.cadreName(), cadre);
                    otherCauses = previous.otherCauses().equals(otherCauses) ? previous.otherCauses() : otherCauses;
                }
                previous = new ImportRow(line, rowYear, householdNo, village, name, id, relation, ethnicity, education, student,
                        health, labor, migrant, months, medical, pension, phone, attribute, mainCause, otherCauses, standard,
                        status, income, dangerous, water, cadre, cadreUnit);
                each.accept(previous, hash);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #skim} reads of a row. */
    interface Member {
        void accept(String idHash, String countyCode, String householdNo);
    }

    /**
     * Reads a whole year's rows for the keyed hash of the ID number and the household only, stepping
     * over every other field without decoding it: a quick look at the year before it is read in slices.
     */
    void skim(int year, Member each) {
        YearFile f = files.get(year);
        if (f == null) {
            return;
        }
        boolean[] all = new boolean[PARTITIONS];
        java.util.Arrays.fill(all, true);
        Map<String, String> shared = new HashMap<>();
        try (Input in = new Input(new Blocks(f, all))) {
            while (in.more()) {
                in.readInt(); // line
                String hash = in.readUTF();
                in.readInt(); // year
                String householdNo = str(in);
                String village = common(in, shared);
                in.skipText(); // name
                in.skipUTF(); // ID number
                for (int i = 0; i < 7; i++) {
                    in.skipText(); // relation to migrant work
                }
                in.skip(3); // migrant months, medical and pension insurance
                for (int i = 0; i < 3; i++) {
                    in.skipText(); // phone, attribute, main cause
                }
                int causes = in.readByte();
                for (int i = 0; i < causes; i++) {
                    in.skipText();
                }
                in.skipText(); // standard
                in.skipText(); // status
                for (int i = 0; i < 5; i++) {
                    in.skipUTF(); // incomes and costs
                }
                in.skip(2); // dangerous housing, safe water
                in.skipText(); // cadre
                in.skipText(); // cadre's unit
                each.accept(hash, village.substring(0, 6), householdNo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes a checked row and its hash onto {@code out}, in the form {@link #read} expects. */
    static void encode(ImportRow r, String hash, Output encoded) {
        Output.Buffer out = encoded.buffer(partition(r.countyCode(), r.householdNo()));
        out.rows++;
        {
            out.writeInt(r.line());
            out.writeUTF(hash);
            out.writeInt(r.year());
            str(out, r.householdNo());
            str(out, r.village().value());
            str(out, r.name());
            out.writeUTF(r.id().value());
            str(out, r.relation());
            str(out, r.ethnicity());
            str(out, r.education());
            str(out, r.studentStatus());
            str(out, r.health());
            str(out, r.laborAbility());
            str(out, r.migrantWork());
            out.writeByte(r.migrantMonths() == null ? -1 : r.migrantMonths());
            bool(out, r.medicalInsurance());
            bool(out, r.pensionInsurance());
            str(out, r.phone());
            str(out, r.attribute());
            str(out, r.mainCause());
            out.writeByte(r.otherCauses().size());
            for (String cause : r.otherCauses()) {
                str(out, cause);
            }
            str(out, r.standard());
            str(out, r.status());
            money(out, r.income().wage());
            money(out, r.income().business());
            money(out, r.income().transfer());
            money(out, r.income().property());
            money(out, r.income().costs());
            bool(out, r.dangerousHousing());
            bool(out, r.safeWater());
            str(out, r.cadreName());
            str(out, r.cadreUnit());
        }
    }

    private static void str(Output.Buffer out, String s) {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String str(Input in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** A value many rows repeat (a code, a village, a unit): one String for all of them. */
    private static String common(Input in, Map<String, String> shared) throws IOException {
        String s = str(in);
        if (s == null) {
            return null;
        }
        String earlier = shared.putIfAbsent(s, s);
        return earlier == null ? s : earlier;
    }

    /** Rows encoded into memory by the thread that checked them, a buffer for each partition they fall in. */
    static final class Output {
        private final Buffer[] buffers = new Buffer[PARTITIONS];

        private Buffer buffer(int partition) {
            Buffer b = buffers[partition];
            if (b == null) {
                b = new Buffer();
                buffers[partition] = b;
            }
            return b;
        }

        /** The encoded rows of one partition. */
        static final class Buffer {
            private byte[] bytes = new byte[1 << 11];
            private int size;
            private int rows;

            private void ensure(int more) {
                if (size + more > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
                }
            }

            void writeInt(int v) {
                ensure(4);
                bytes[size++] = (byte) (v >>> 24);
                bytes[size++] = (byte) (v >>> 16);
                bytes[size++] = (byte) (v >>> 8);
                bytes[size++] = (byte) v;
            }

            void writeByte(int v) {
                ensure(1);
                bytes[size++] = (byte) v;
            }

            void writeBoolean(boolean v) {
                writeByte(v ? 1 : 0);
            }

            /** UTF-8 with a two-byte length; every text of a checked row is far shorter than 64 KiB. */
            void writeUTF(String s) {
                byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (utf8.length > 0xFFFF) {
                    throw new IllegalArgumentException("text too long for an import row");
                }
                ensure(2 + utf8.length);
                bytes[size++] = (byte) (utf8.length >>> 8);
                bytes[size++] = (byte) utf8.length;
                System.arraycopy(utf8, 0, bytes, size, utf8.length);
                size += utf8.length;
            }
    
        }
    }

    /** Reads what {@link Output} wrote, through a buffer of its own. */
    private static final class Input implements AutoCloseable {
        private final java.io.InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;

        Input(java.io.InputStream in) {
            this.in = in;
        }

        private void need(int n) throws IOException {
            if (limit - position >= n) {
                return;
            }
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            while (limit < n) {
                int read = in.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    throw new EOFException("row file ends inside a row");
                }
                limit += read;
            }
        }

        boolean more() throws IOException {
            if (position < limit) {
                return true;
            }
            position = 0;
            limit = 0;
            int read = in.read(buffer, 0, buffer.length);
            if (read > 0) {
                limit = read;
            }
            return read > 0;
        }

        int readInt() throws IOException {
            need(4);
            int v = ((buffer[position] & 0xFF) << 24) | ((buffer[position + 1] & 0xFF) << 16)
                    | ((buffer[position + 2] & 0xFF) << 8) | (buffer[position + 3] & 0xFF);
            position += 4;
            return v;
        }

        byte readByte() throws IOException {
            need(1);
            return buffer[position++];
        }

        boolean readBoolean() throws IOException {
            return readByte() != 0;
        }

        void skip(int n) throws IOException {
            need(n);
            position += n;
        }

        void skipUTF() throws IOException {
            need(2);
            int length = ((buffer[position] & 0xFF) << 8) | (buffer[position + 1] & 0xFF);
            position += 2;
            skip(length);
        }

        /** Steps over what {@code str} wrote: a flag, and the text when there is one. */
        void skipText() throws IOException {
            if (readBoolean()) {
                skipUTF();
            }
        }

        String readUTF() throws IOException {
            need(2);
            int length = ((buffer[position] & 0xFF) << 8) | (buffer[position + 1] & 0xFF);
            position += 2;
            need(length);
            String s = new String(buffer, position, length, java.nio.charset.StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static String same(String earlier, String now) {
        return earlier != null && earlier.equals(now) ? earlier : now;
    }

    private static void bool(Output.Buffer out, Boolean b) {
        out.writeByte(b == null ? 2 : b ? 1 : 0);
    }

    private static Boolean bool(Input in) throws IOException {
        int b = in.readByte();
        return b == 2 ? null : b == 1;
    }

    private static void money(Output.Buffer out, BigDecimal d) {
        out.writeUTF(d == null ? "" : d.toPlainString());
    }

    private static BigDecimal money(Input in) throws IOException {
        String s = in.readUTF();
        return s.isEmpty() ? null : new BigDecimal(s);
    }

    @Override
    public void close() {
        for (YearFile f : files.values()) {
            try {
                f.out.close();
            } catch (IOException ignored) {
                // deleted below anyway
            }
            try {
                Files.deleteIfExists(f.path);
            } catch (IOException ignored) {
                // a temporary file; the directory below says where
            }
        }
        files.clear();
        try {
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // left in the temporary directory
        }
    }

    /** The blocks of some partitions of a year's file, in the order they were written, as one stream. */
    private static final class Blocks extends java.io.InputStream {
        private final java.nio.channels.FileChannel channel;
        private final YearFile file;
        private final boolean[] wanted;
        private int block = -1;
        private long position;
        private long end;

        Blocks(YearFile file, boolean[] wanted) throws IOException {
            this.channel = java.nio.channels.FileChannel.open(file.path);
            this.file = file;
            this.wanted = wanted;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            while (position == end) {
                if (++block >= file.blocks) {
                    return -1;
                }
                if (wanted[file.partitionOf[block]]) {
                    position = file.offsets[block];
                    end = position + file.lengths[block];
                }
            }
            int n = channel.read(java.nio.ByteBuffer.wrap(into, offset, (int) Math.min(length, end - position)), position);
            if (n < 0) {
                throw new EOFException("row file ends inside a block");
            }
            position += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
