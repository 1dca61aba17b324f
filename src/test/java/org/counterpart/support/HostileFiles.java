package org.counterpart.support;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Workbooks made to hurt a reader, generated where a test needs them (nothing big is committed): a
 * real workbook written by fastexcel whose sheet or shared strings are replaced by XML made of pieces
 * repeated many times. Each piece is deflated once and its compressed block repeated (deflate blocks
 * may follow each other so), so a file of about a megabyte that expands to a gigabyte is written in
 * the time its checksum takes, and the test never holds more than a piece.
 */
public final class HostileFiles {

    private static final String SHEET = "xl/worksheets/sheet1.xml";
    private static final String STRINGS = "xl/sharedStrings.xml";
    private static final String NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final int MEGABYTE = 1 << 20;

    private HostileFiles() {
    }

    /** The content of a part: pieces, each repeated a number of times. */
    public static final class Part {
        private final List<byte[]> pieces = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();

        public Part add(String text) {
            return add(text.getBytes(StandardCharsets.UTF_8), 1);
        }

        public Part add(byte[] piece, long count) {
            pieces.add(piece);
            times.add(count);
            return this;
        }

        /** {@code count} bytes {@code b}, in pieces of a megabyte. */
        public Part repeat(byte b, long count) {
            byte[] chunk = new byte[(int) Math.min(MEGABYTE, count)];
            Arrays.fill(chunk, b);
            add(chunk, count / chunk.length);
            if (count % chunk.length != 0) {
                add(Arrays.copyOf(chunk, (int) (count % chunk.length)), 1);
            }
            return this;
        }
    }

    /** A workbook whose first sheet has the header row and then one row whose first cell holds {@code cellBytes} digits. */
    public static Path hugeCell(Path file, List<String> header, long cellBytes) throws IOException {
        return withRows(file, header, new Part().add("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>")
                .repeat((byte) '9', cellBytes).add("</t></is></c></row>"));
    }

    /** A workbook whose shared strings begin with one text of {@code bytes} letters. */
    public static Path hugeSharedString(Path file, List<String> header, long bytes) throws IOException {
        return replace(plain(header), file, STRINGS, new Part()
                .add("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + NS + "\"><si><t>")
                .repeat((byte) 'A', bytes).add("</t></si></sst>"));
    }

    /** A workbook whose sheet, after the header, has {@code rows} rows of {@code cellsPerRow} small cells. */
    public static Path manyCells(Path file, List<String> header, long rows, int cellsPerRow) throws IOException {
        String row = "<row>" + "<c t=\"inlineStr\"><is><t>x</t></is></c>".repeat(cellsPerRow) + "</row>";
        return withRows(file, header, new Part().add(row.getBytes(StandardCharsets.US_ASCII), rows));
    }

    /** A workbook whose sheet declares entities in a document type: a "billion laughs" bomb, or an external entity (XXE). */
    public static Path entityBomb(Path file, List<String> header, boolean external) throws IOException {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE worksheet [");
        if (external) {
            dtd.append("<!ENTITY e SYSTEM \"file:///etc/passwd\">");
        } else {
            dtd.append("<!ENTITY l0 \"lol\">");
            for (int i = 1; i < 10; i++) {
                dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
            }
        }
        dtd.append("]><worksheet xmlns=\"" + NS + "\"><sheetData>").append(headerRow(header))
                .append("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>").append(external ? "&e;" : "&l9;")
                .append("</t></is></c></row></sheetData></worksheet>");
        return replace(plain(header), file, SHEET, new Part().add(dtd.toString()));
    }

    /** A workbook with the header and then the given rows in the sheet data. */
    public static Path withRows(Path file, List<String> header, Part rows) throws IOException {
        Part sheet = new Part().add("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + NS + "\"><sheetData>" + headerRow(header));
        sheet.pieces.addAll(rows.pieces);
        sheet.times.addAll(rows.times);
        sheet.add("</sheetData></worksheet>");
        return replace(plain(header), file, SHEET, sheet);
    }

    /** The parts of an ordinary workbook holding the header row only, by name in their order. */
    public static Map<String, byte[]> plain(List<String> header) throws IOException {
        Path temp = Files.createTempFile("counterpart-plain-", ".xlsx");
        try {
            try (OutputStream out = Files.newOutputStream(temp); Workbook wb = new Workbook(out, "test", "1.0")) {
                Worksheet ws = wb.newWorksheet("Sheet1");
                for (int c = 0; c < header.size(); c++) {
                    ws.value(0, c, header.get(c));
                }
                ws.finish();
            }
            Map<String, byte[]> parts = new LinkedHashMap<>();
            try (ZipFile zip = new ZipFile(temp.toFile())) {
                for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    try (var in = zip.getInputStream(entry)) {
                        parts.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
            return parts;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes the parts, one of them (added when missing) replaced. */
    public static Path replace(Map<String, byte[]> parts, Path to, String name, Part content) throws IOException {
        Map<String, Part> all = new LinkedHashMap<>();
        parts.forEach((n, bytes) -> all.put(n, new Part().add(bytes, 1)));
        all.put(name, content);
        write(to, all);
        return to;
    }

    /** A zip of the parts, each deflated piece by piece (a piece once, its block repeated). */
    public static void write(Path to, Map<String, Part> parts) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(to))) {
            java.io.ByteArrayOutputStream central = new java.io.ByteArrayOutputStream();
            long offset = 0;
            for (Map.Entry<String, Part> part : parts.entrySet()) {
                byte[] name = part.getKey().getBytes(StandardCharsets.UTF_8);
                CRC32 crc = new CRC32();
                long size = 0;
                long compressed = 2;
                List<byte[]> blocks = new ArrayList<>();
                Part p = part.getValue();
                for (int i = 0; i < p.pieces.size(); i++) {
                    byte[] piece = p.pieces.get(i);
                    for (long t = 0; t < p.times.get(i); t++) {
                        crc.update(piece);
                    }
                    size += (long) piece.length * p.times.get(i);
                    byte[] block = deflated(piece);
                    blocks.add(block);
                    compressed += (long) block.length * p.times.get(i);
                }
                if (size >= 0xFFFFFFFFL || compressed >= 0xFFFFFFFFL) {
                    throw new IllegalArgumentException("a part of 4 GB or more needs ZIP64, which this writer does not do");
                }
                byte[] header = header(0x04034b50, name, crc.getValue(), compressed, size, -1);
                out.write(header);
                for (int i = 0; i < blocks.size(); i++) {
                    for (long t = 0; t < p.times.get(i); t++) {
                        out.write(blocks.get(i));
                    }
                }
                out.write(new byte[] {3, 0}); // the last block: empty, fixed codes
                central.write(header(0x02014b50, name, crc.getValue(), compressed, size, offset));
                offset += header.length + compressed;
            }
            byte[] directory = central.toByteArray();
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) parts.size()).putShort((short) parts.size())
                    .putInt(directory.length).putInt((int) offset).putShort((short) 0);
            out.write(directory);
            out.write(end.array());
        }
    }

    /** A local header (offset -1) or a central directory entry for a deflated part. */
    private static byte[] header(int signature, byte[] name, long crc, long compressed, long size, long offset) {
        boolean central = offset >= 0;
        ByteBuffer b = ByteBuffer.allocate((central ? 46 : 30) + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(signature);
        if (central) {
            b.putShort((short) 20);
        }
        b.putShort((short) 20).putShort((short) 0x0800).putShort((short) 8).putShort((short) 0).putShort((short) 0x21)
                .putInt((int) crc).putInt((int) compressed).putInt((int) size).putShort((short) name.length).putShort((short) 0);
        if (central) {
            b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset);
        }
        b.put(name);
        return b.array();
    }

    /** A piece as raw deflate blocks that end on a byte and are not the last: any number of them may follow each other. */
    private static byte[] deflated(byte[] piece) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(piece);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        deflater.end();
        return out.toByteArray();
    }

    private static String headerRow(List<String> header) {
        StringBuilder row = new StringBuilder("<row r=\"1\">");
        for (int c = 0; c < header.size(); c++) {
            row.append("<c r=\"").append(column(c)).append("1\" t=\"inlineStr\"><is><t>").append(header.get(c)).append("</t></is></c>");
        }
        return row.append("</row>").toString();
    }

    private static String column(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }
}
