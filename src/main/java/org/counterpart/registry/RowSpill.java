package org.counterpart.registry;

import org.counterpart.geography.RegionCode;
import org.counterpart.shared.ResidentId;

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
 * read and checked once while memory holds no more than one year's households at a time. Each row is
 * stored with the keyed hash of its ID number, computed once where the row was checked. The files
 * hold what the imported file holds, so they are written next to the kept copy of that file (in the
 * data directory, readable by its owner only), live only as long as the import, and are deleted when
 * it ends, whichever way it ends.
 */
final class RowSpill implements AutoCloseable {

    private final Path directory;
    private final Map<Integer, Path> files = new TreeMap<>();
    private final Map<Integer, OutputStream> outputs = new HashMap<>();
    private final Map<Integer, Long> rows = new HashMap<>();

    RowSpill(Path parent) {
        try {
            Files.createDirectories(parent);
            directory = Files.createTempDirectory(parent, "checking-");
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
        return rows.getOrDefault(year, 0L);
    }

    /** Appends rows encoded by {@link #encode} to the year's file. */
    void append(int year, Output encoded) {
        try {
            OutputStream out = outputs.get(year);
            if (out == null) {
                Path file = directory.resolve("year-" + year + ".rows");
                files.put(year, file);
                out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                outputs.put(year, out);
            }
            out.write(encoded.bytes, 0, encoded.size);
            rows.merge(year, (long) encoded.rows, Long::sum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends writing; the years can then be read. */
    void finishWriting() {
        try {
            for (OutputStream out : outputs.values()) {
                out.close();
            }
            outputs.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads back a year's rows in file order, each with the keyed hash of its ID number. */
    void read(int year, BiConsumer<ImportRow, String> each) {
        Path file = files.get(year);
        if (file == null) {
            return;
        }
        Map<String, String> shared = new HashMap<>();
        ImportRow previous = null;
        try (Input in = new Input(Files.newInputStream(file))) {
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

    /** Encodes a checked row and its hash onto {@code out}, in the form {@link #read} expects. */
    static void encode(ImportRow r, String hash, Output out) {
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

    private static void str(Output out, String s) {
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

    /** Rows encoded into memory, by the thread that checked them. */
    static final class Output {
        private byte[] bytes = new byte[1 << 16];
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

    private static void bool(Output out, Boolean b) {
        out.writeByte(b == null ? 2 : b ? 1 : 0);
    }

    private static Boolean bool(Input in) throws IOException {
        int b = in.readByte();
        return b == 2 ? null : b == 1;
    }

    private static void money(Output out, BigDecimal d) {
        out.writeUTF(d == null ? "" : d.toPlainString());
    }

    private static BigDecimal money(Input in) throws IOException {
        String s = in.readUTF();
        return s.isEmpty() ? null : new BigDecimal(s);
    }

    @Override
    public void close() {
        for (OutputStream out : outputs.values()) {
            try {
                out.close();
            } catch (IOException ignored) {
                // deleted below anyway
            }
        }
        outputs.clear();
        for (Path file : files.values()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the directory below says where
            }
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // left in the temporary directory
        }
    }
}
