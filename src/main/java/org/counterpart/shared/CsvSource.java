package org.counterpart.shared;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the records of a CSV or tab-separated text file with fastcsv. Quoted fields may hold
 * separators and line breaks; records may be shorter or longer than the header.
 */
final class CsvSource implements TabularSource {

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private final String fileName;
    private final UploadLimits limits;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private long lastLine;

    private CsvSource(String fileName, UploadLimits limits, CsvReader<CsvRecord> reader) {
        this.fileName = fileName;
        this.limits = limits;
        this.reader = reader;
        this.records = reader.iterator();
    }

    /** Opens the text; a field, a line or a row's fields beyond the limits is refused while reading, never buffered whole. */
    static CsvSource open(Path path, String fileName, Encoding encoding, char separator, UploadLimits limits) {
        InputStream in = null;
        try {
            in = Files.newInputStream(path);
            in.readNBytes(encoding.bomLength());
            int field = (int) Math.min(Integer.MAX_VALUE - 8, limits.cellBytes());
            int line = (int) Math.min(Integer.MAX_VALUE - 8, limits.rowBytes());
            CsvRecordHandler handler = CsvRecordHandler.builder()
                    .maxFields(limits.columns()).maxFieldSize(field).maxRecordSize(line).build();
            CsvReader<CsvRecord> reader = CsvReader.builder()
                    .fieldSeparator(separator)
                    .skipEmptyLines(true)
                    .allowExtraFields(true)
                    .allowMissingFields(true)
                    .allowExtraCharsAfterClosingQuote(true)
                    .maxBufferSize(line)
                    .build(handler, in, encoding.charset());
            return new CsvSource(fileName, limits, reader);
        } catch (IOException e) {
            closeQuietly(in);
            throw TabularFileException.unreadable(fileName, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public Optional<SourceRow> next() {
        try {
            if (!records.hasNext()) {
                return Optional.empty();
            }
            CsvRecord record = records.next();
            lastLine = record.getStartingLineNumber();
            return Optional.of(new SourceRow(Math.toIntExact(record.getStartingLineNumber()),
                    record.getFields().toArray(String[]::new), null));
        } catch (CsvParseException | UncheckedIOException | ArithmeticException e) {
            throw overLimit(e).orElseGet(() -> TabularFileException.unreadable(fileName, String.valueOf(e.getMessage()), e));
        }
    }

    /** A limit fastcsv stopped at, as the refusal naming it and the line; empty for any other failure. */
    private Optional<TabularFileException> overLimit(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            String key = message.contains("max field size") ? "tabular.limit.csvCell"
                    : message.contains("max record size") || message.contains("maximum buffer size") ? "tabular.limit.csvLine"
                    : message.contains("maximum limit of") && message.contains("fields") ? "tabular.limit.csvColumns"
                    : null;
            if (key != null) {
                Matcher line = LINE.matcher(message);
                long at = line.find() ? Long.parseLong(line.group(1)) : lastLine + 1;
                Object limit = key.equals("tabular.limit.csvColumns") ? (Object) limits.columns()
                        : UploadLimits.shown(key.equals("tabular.limit.csvCell") ? limits.cellBytes() : limits.rowBytes());
                return Optional.of(new TabularFileException(e, fileName, key, at, limit));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a file opened for reading loses nothing
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // already failing; the first error is the one to report
            }
        }
    }

    /**
     * The character set a text file is in. Excel on Chinese Windows saves CSV as GBK (GB18030 is its
     * superset); other systems write UTF-8, often with a byte-order mark. Bytes that are valid UTF-8
     * from first to last are almost never meant as GBK, so the whole file is checked in one streaming
     * pass; Excel's "Unicode text" is UTF-16 and always starts with its byte-order mark.
     */
    record Encoding(String name, Charset charset, int bomLength) {

        static Encoding detect(Path path, String fileName) {
            byte[] start;
            try (InputStream in = Files.newInputStream(path)) {
                start = in.readNBytes(4);
            } catch (IOException e) {
                throw TabularFileException.unreadable(fileName, String.valueOf(e.getMessage()), e);
            }
            if (startsWith(start, 0xEF, 0xBB, 0xBF)) {
                Utf8Check check = Utf8Check.of(path, fileName, 3);
                if (check.invalid() > 0) {
                    throw check.refusal(fileName);
                }
                return new Encoding("UTF-8", StandardCharsets.UTF_8, 3);
            }
            if (startsWith(start, 0xFF, 0xFE)) {
                return new Encoding("UTF-16LE", StandardCharsets.UTF_16LE, 2);
            }
            if (startsWith(start, 0xFE, 0xFF)) {
                return new Encoding("UTF-16BE", StandardCharsets.UTF_16BE, 2);
            }
            if (startsWith(start, 'P', 'K', 3, 4)) {
                throw TabularFileException.unreadable(fileName, "an XLSX workbook with a text file's name", null);
            }
            Utf8Check check = Utf8Check.of(path, fileName, 0);
            if (check.invalid() == 0) {
                return new Encoding("UTF-8", StandardCharsets.UTF_8, 0);
            }
            if (check.looksLikeUtf8()) {
                throw check.refusal(fileName);
            }
            return new Encoding("GB18030", Charset.forName("GB18030"), 0);
        }

        private static boolean startsWith(byte[] bytes, int... prefix) {
            if (bytes.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((bytes[i] & 0xFF) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One streaming pass over the bytes as UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
     * above U+10FFFF): how many characters beyond ASCII were well formed, how many sequences were
     * not, and where the first bad one starts. GBK text read so breaks at most of its characters;
     * UTF-8 text with a damaged byte breaks there only, and is refused naming the place rather than
     * read as GBK (which turns its header into nonsense).
     */
    record Utf8Check(long valid, long invalid, long line, long byteInLine, long byteInFile) {

        /**
         * At least three good sequences for every bad one means UTF-8 with damage, not another
         * encoding: read as UTF-8, GBK's Chinese characters are well formed about one time in six.
         */
        boolean looksLikeUtf8() {
            return valid > 0 && valid >= 3 * invalid;
        }

        TabularFileException refusal(String fileName) {
            return new TabularFileException(fileName, "tabular.invalidUtf8", line, byteInLine, byteInFile);
        }

        static Utf8Check of(Path path, String fileName, int skip) {
            long valid = 0;
            long invalid = 0;
            long line = 1;
            long lineStart = 0;
            long firstLine = 0;
            long firstInLine = 0;
            long first = -1;
            int need = 0;
            int low = 0x80;
            int high = 0xBF;
            long sequenceStart = 0;
            long position = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(path)) {
                in.readNBytes(skip);
                position = skip;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++, position++) {
                        int b = buffer[i] & 0xFF;
                        if (need > 0) {
                            if (b >= low && b <= high) {
                                low = 0x80;
                                high = 0xBF;
                                if (--need == 0) {
                                    valid++;
                                }
                                continue;
                            }
                            // the sequence broke here; this byte starts afresh
                            need = 0;
                            low = 0x80;
                            high = 0xBF;
                            if (invalid++ == 0) {
                                first = sequenceStart;
                                firstLine = line;
                                firstInLine = sequenceStart - lineStart;
                            }
                        }
                        if (b < 0x80) {
                            if (b == '\n') {
                                line++;
                                lineStart = position + 1;
                            }
                            continue;
                        }
                        sequenceStart = position;
                        if (b >= 0xC2 && b <= 0xDF) {
                            need = 1;
                        } else if (b >= 0xE0 && b <= 0xEF) {
                            need = 2;
                            low = b == 0xE0 ? 0xA0 : 0x80;
                            high = b == 0xED ? 0x9F : 0xBF;
                        } else if (b >= 0xF0 && b <= 0xF4) {
                            need = 3;
                            low = b == 0xF0 ? 0x90 : 0x80;
                            high = b == 0xF4 ? 0x8F : 0xBF;
                        } else if (invalid++ == 0) {
                            first = position;
                            firstLine = line;
                            firstInLine = position - lineStart;
                        }
                    }
                }
            } catch (IOException e) {
                throw TabularFileException.unreadable(fileName, String.valueOf(e.getMessage()), e);
            }
            if (need > 0 && invalid++ == 0) {
                first = sequenceStart;
                firstLine = line;
                firstInLine = sequenceStart - lineStart;
            }
            // people count from 1: the first byte of a line is byte 1
            return new Utf8Check(valid, invalid, firstLine, firstInLine + 1, first + 1);
        }
    }
}
