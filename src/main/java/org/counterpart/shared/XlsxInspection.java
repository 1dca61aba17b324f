package org.counterpart.shared;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;

/**
 * Reads every part of an XLSX package once before the workbook is opened, inflating it in a stream
 * and counting the bytes as they come (the sizes the zip declares are not trusted), and refuses the
 * file at the first limit of {@link UploadLimits} it passes: a part's expanded size or its ratio to
 * the compressed bytes read, the whole package, and inside the XML of the parts one cell, one shared
 * string, one row, the cells of a row, any one tag or text, and any document type declaration (no
 * part of a workbook has one; an entity declared there is how an XML bomb or XXE starts). Memory
 * stays a few buffers whatever the file holds; the reader that follows then meets only what passed.
 */
final class XlsxInspection {

    private static final int BUFFER = 64 * 1024;

    private XlsxInspection() {
    }

    static void check(Path path, String fileName, UploadLimits limits) {
        long total = 0;
        int entries = 0;
        try (ZipFile zip = ZipFile.builder().setPath(path).get()) {
            Enumeration<ZipArchiveEntry> all = zip.getEntries();
            while (all.hasMoreElements()) {
                ZipArchiveEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (++entries > limits.entries()) {
                    throw new TabularFileException(fileName, "tabular.limit.parts", limits.entries());
                }
                total += inspect(zip, entry, fileName, limits, limits.workbookBytes() - total);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TabularFileException refusal) {
                throw refusal;
            }
            throw TabularFileException.unreadable(fileName, "not a readable XLSX package", e);
        }
    }

    /** Reads one part, answering its expanded size. */
    private static long inspect(ZipFile zip, ZipArchiveEntry entry, String fileName, UploadLimits limits, long workbookLeft)
            throws IOException {
        String part = entry.getName();
        if (!zip.canReadEntryData(entry)) {
            throw TabularFileException.unreadable(fileName, "a part stored in a way Excel does not write (" + shortName(part) + ")", null);
        }
        String lower = part.toLowerCase(Locale.ROOT);
        boolean sharedStrings = lower.endsWith("sharedstrings.xml");
        long partLimit = sharedStrings ? limits.sharedStringsBytes() : limits.sheetBytes();
        XmlScan xml = lower.endsWith(".xml") || lower.endsWith(".rels") || lower.endsWith(".vml")
                ? new XmlScan(fileName, shortName(part), limits, lower.contains("worksheets/"), sharedStrings) : null;
        byte[] buffer = new byte[BUFFER];
        long expanded = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                expanded += n;
                if (expanded > partLimit) {
                    throw new TabularFileException(fileName, sharedStrings ? "tabular.limit.sharedStrings" : "tabular.limit.part",
                            shortName(part), UploadLimits.shown(partLimit));
                }
                if (expanded > workbookLeft) {
                    throw new TabularFileException(fileName, "tabular.limit.workbook", UploadLimits.shown(limits.workbookBytes()));
                }
                if (expanded > UploadLimits.RATIO_GRACE_BYTES) {
                    long compressed = in instanceof InputStreamStatistics stats ? stats.getCompressedCount() : entry.getCompressedSize();
                    if (compressed <= 0 || expanded / Math.max(1, compressed) > limits.ratio()) {
                        throw new TabularFileException(fileName, "tabular.limit.ratio", shortName(part), limits.ratio());
                    }
                }
                if (xml != null) {
                    xml.feed(buffer, n);
                }
            }
        }
        return expanded;
    }

    /** A part's name as a message may show it: what the package says, cut short and without control characters. */
    private static String shortName(String part) {
        String clean = part.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }

    /**
     * Walks the bytes of one XML part as a small state machine, without building anything: tags and
     * the texts between them, with their lengths, and where a cell, a shared string or a row begins
     * and ends. Markup is ASCII, so bytes suffice; text and attribute values are only counted.
     */
    static final class XmlScan {

        private enum State { TEXT, TAG, QUOTED, COMMENT, CDATA, DECLARATION }

        private static final int NAME = 16;
        private static final int TAG = 256;

        private final String fileName;
        private final String part;
        private final UploadLimits limits;
        private final boolean sheet;
        private final boolean sharedStrings;

        private State state = State.TEXT;
        private byte quote;
        private long runLength;
        private final byte[] name = new byte[NAME];
        private int nameLength;
        private boolean nameDone;
        private boolean closing;
        private int previous;
        private int beforePrevious;
        private long tagStart = -1;
        private long position;
        private long cellStart = -1;
        private long rowStart = -1;
        private long siStart = -1;
        private int cellsInRow;
        private long rows;
        private long strings;
        /** The start of the tag being read, enough for a cell's reference. */
        private final byte[] tag = new byte[TAG];
        private int tagLength;

        XmlScan(String fileName, String part, UploadLimits limits, boolean sheet, boolean sharedStrings) {
            this.fileName = fileName;
            this.part = part;
            this.limits = limits;
            this.sheet = sheet;
            this.sharedStrings = sharedStrings;
        }

        void feed(byte[] bytes, int length) {
            int i = 0;
            while (i < length) {
                if (state == State.TEXT || state == State.QUOTED) {
                    // most bytes are text or attribute values: skip to the byte that ends them in one loop
                    byte end = state == State.TEXT ? (byte) '<' : quote;
                    int j = i;
                    while (j < length && bytes[j] != end) {
                        j++;
                    }
                    if (state == State.TEXT) {
                        runLength += j - i;
                        if (runLength > limits.cellBytes()) {
                            throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
                        }
                    } else {
                        for (int k = i; k < j && tagLength < TAG; k++) {
                            tag[tagLength++] = bytes[k];
                        }
                        if (position + (j - i) - tagStart > limits.cellBytes()) {
                            throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
                        }
                    }
                    position += j - i;
                    i = j;
                    if (i == length) {
                        return;
                    }
                }
                if (state == State.TAG && nameDone) {
                    // the attributes of a tag, up to the quote, the end or a slash
                    int j = i;
                    while (j < length && bytes[j] != '>' && bytes[j] != '"' && bytes[j] != '\'' && bytes[j] != '/') {
                        if (tagLength < TAG) {
                            tag[tagLength++] = bytes[j];
                        }
                        j++;
                    }
                    if (j > i) {
                        previous = bytes[j - 1];
                        if (position + (j - i) - tagStart > limits.cellBytes()) {
                            throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
                        }
                        position += j - i;
                        i = j;
                        if (i == length) {
                            return;
                        }
                    }
                }
                step(bytes[i]);
                position++;
                i++;
            }
        }

        private void step(byte b) {
            switch (state) {
                case TEXT -> {
                    if (b == '<') {
                        startTag();
                    } else if (++runLength > limits.cellBytes()) {
                        throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
                    }
                }
                case TAG -> tagByte(b);
                case QUOTED -> {
                    counted();
                    keep(b);
                    if (b == quote) {
                        state = State.TAG;
                    }
                }
                case COMMENT -> {
                    if (b == '>' && previous == '-' && beforePrevious == '-') {
                        state = State.TEXT;
                        runLength = 0;
                    }
                    remember(b);
                }
                case CDATA -> {
                    if (b == '>' && previous == ']' && beforePrevious == ']') {
                        state = State.TEXT;
                        runLength = 0;
                    } else if (++runLength > limits.cellBytes()) {
                        throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
                    }
                    remember(b);
                }
                case DECLARATION -> {
                    // only "<!" followed by "--" (a comment) or "[CDATA[" is allowed
                    remember(b);
                    if (runLength == 0 && b == '-' ) {
                        runLength = 1;
                    } else if (runLength == 1 && b == '-') {
                        state = State.COMMENT;
                        previous = 0;
                        beforePrevious = 0;
                        runLength = 0;
                    } else if (runLength < 7 && b == "[CDATA[".charAt((int) runLength)) {
                        runLength++;
                        if (runLength == 7) {
                            state = State.CDATA;
                            runLength = 0;
                        }
                    } else {
                        throw refusal("tabular.limit.doctype");
                    }
                }
            }
        }

        private void startTag() {
            state = State.TAG;
            tagStart = position;
            nameLength = 0;
            nameDone = false;
            closing = false;
            runLength = 0;
            tagLength = 0;
            previous = '<';
        }

        private void tagByte(byte b) {
            counted();
            keep(b);
            if (position == tagStart + 1) {
                if (b == '!') {
                    state = State.DECLARATION;
                    runLength = 0;
                    return;
                }
                if (b == '/') {
                    closing = true;
                    previous = b;
                    return;
                }
            }
            if (b == '"' || b == '\'') {
                nameDone = true;
                quote = b;
                state = State.QUOTED;
                return;
            }
            if (b == '>') {
                endTag(previous == '/');
                state = State.TEXT;
                runLength = 0;
                return;
            }
            if (!nameDone) {
                if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '/') {
                    nameDone = nameLength > 0 || b != '/';
                } else if (b == ':') {
                    nameLength = 0; // a prefix: the local name follows
                } else if (nameLength < NAME) {
                    name[nameLength++] = b;
                } else {
                    nameLength = NAME + 1;
                    nameDone = true;
                }
            }
            previous = b;
        }

        /** The column of a cell's tag, from its reference {@code r="AB12"}; 0 when it has none. */
        private long referenceColumn() {
            for (int i = 0; i + 3 < tagLength; i++) {
                boolean space = tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r';
                if (space && tag[i + 1] == 'r' && tag[i + 2] == '=' && (tag[i + 3] == '"' || tag[i + 3] == '\'')) {
                    long column = 0;
                    for (int j = i + 4; j < tagLength && tag[j] >= 'A' && tag[j] <= 'Z'; j++) {
                        column = column * 26 + (tag[j] - 'A' + 1);
                        if (column > Integer.MAX_VALUE) {
                            break;
                        }
                    }
                    return column;
                }
            }
            return 0;
        }

        private void counted() {
            if (position - tagStart + 1 > limits.cellBytes()) {
                throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
            }
        }

        private void endTag(boolean selfClosing) {
            long end = position + 1;
            if (sheet && isName("row")) {
                if (closing) {
                    rowStart = -1;
                } else {
                    rows++;
                    cellsInRow = 0;
                    rowStart = selfClosing ? -1 : tagStart;
                }
            } else if (sheet && isName("c")) {
                if (closing) {
                    checkCell(cellStart, end);
                    cellStart = -1;
                } else {
                    if (++cellsInRow > limits.columns() || referenceColumn() > limits.columns()) {
                        throw refusal("tabular.limit.columns", limits.columns());
                    }
                    cellStart = selfClosing ? -1 : tagStart;
                }
            } else if (sharedStrings && isName("si")) {
                if (closing) {
                    checkCell(siStart, end);
                    siStart = -1;
                } else {
                    strings++;
                    siStart = selfClosing ? -1 : tagStart;
                }
            }
            checkOpen(end);
        }

        private void checkCell(long start, long end) {
            if (start >= 0 && end - start > limits.cellBytes()) {
                throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
            }
        }

        /** The open cell, string and row may not outgrow their limits before they close. */
        private void checkOpen(long now) {
            if (cellStart >= 0 && now - cellStart > limits.cellBytes() || siStart >= 0 && now - siStart > limits.cellBytes()) {
                throw refusal("tabular.limit.cell", UploadLimits.shown(limits.cellBytes()));
            }
            if (rowStart >= 0 && now - rowStart > limits.rowBytes()) {
                throw refusal("tabular.limit.row", UploadLimits.shown(limits.rowBytes()));
            }
        }

        private boolean isName(String expected) {
            if (nameLength != expected.length()) {
                return false;
            }
            for (int i = 0; i < nameLength; i++) {
                if (name[i] != expected.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private void keep(byte b) {
            if (tagLength < TAG) {
                tag[tagLength++] = b;
            }
        }

        private void remember(byte b) {
            beforePrevious = previous;
            previous = b;
        }

        private TabularFileException refusal(String key, Object... details) {
            if (key.equals("tabular.limit.cell") && !sheet) {
                key = sharedStrings ? "tabular.limit.sharedString" : "tabular.limit.text";
            }
            Object[] arguments = new Object[details.length + 2];
            arguments[0] = part;
            arguments[1] = where();
            System.arraycopy(details, 0, arguments, 2, details.length);
            return new TabularFileException(fileName, key, arguments);
        }

        /** Which row or shared string the scan is in, 0 when neither. */
        private long where() {
            return sharedStrings ? strings : rows;
        }
    }
}
