package org.counterpart.shared;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the records of a CSV or tab-separated text file with fastcsv. Quoted fields may hold
 * separators and line breaks; records may be shorter or longer than the header.
 */
final class CsvSource implements TabularSource {

    private final String fileName;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;

    private CsvSource(String fileName, CsvReader<CsvRecord> reader) {
        this.fileName = fileName;
        this.reader = reader;
        this.records = reader.iterator();
    }

    static CsvSource open(Path path, String fileName, Encoding encoding, char separator) {
        InputStream in = null;
        try {
            in = Files.newInputStream(path);
            in.readNBytes(encoding.bomLength());
            CsvReader<CsvRecord> reader = CsvReader.builder()
                    .fieldSeparator(separator)
                    .skipEmptyLines(true)
                    .allowExtraFields(true)
                    .allowMissingFields(true)
                    .allowExtraCharsAfterClosingQuote(true)
                    .ofCsvRecord(in, encoding.charset());
            return new CsvSource(fileName, reader);
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
            return Optional.of(new SourceRow(Math.toIntExact(record.getStartingLineNumber()),
                    record.getFields().toArray(String[]::new), null));
        } catch (CsvParseException | UncheckedIOException | ArithmeticException e) {
            throw TabularFileException.unreadable(fileName, String.valueOf(e.getMessage()), e);
        }
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
            return isValidUtf8(path, fileName)
                    ? new Encoding("UTF-8", StandardCharsets.UTF_8, 0)
                    : new Encoding("GB18030", Charset.forName("GB18030"), 0);
        }

        private static boolean isValidUtf8(Path path, String fileName) {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            char[] buffer = new char[8192];
            try (Reader reader = new InputStreamReader(Files.newInputStream(path), strict)) {
                while (reader.read(buffer) >= 0) {
                    // decoding is the check
                }
                return true;
            } catch (CharacterCodingException e) {
                return false;
            } catch (IOException e) {
                throw TabularFileException.unreadable(fileName, String.valueOf(e.getMessage()), e);
            }
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
}
