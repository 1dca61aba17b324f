package org.counterpart.shared;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Streams the first sheet of an XLSX workbook row by row; the sheet is never held in memory. Any
 * failure of the library on a damaged package becomes a refusal of the file, not a stack trace.
 */
final class XlsxSource implements TabularSource {

    /** Excel keeps numbers as doubles and shows at most 15 significant digits; so do we. */
    private static final MathContext EXCEL_PRECISION = new MathContext(15, RoundingMode.HALF_EVEN);

    private final String fileName;
    private final ReadableWorkbook workbook;
    private final Stream<Row> rows;
    private final Iterator<Row> iterator;

    private XlsxSource(String fileName, ReadableWorkbook workbook, Stream<Row> rows) {
        this.fileName = fileName;
        this.workbook = workbook;
        this.rows = rows;
        this.iterator = rows.iterator();
    }

    static XlsxSource open(Path path, String fileName, UploadLimits limits) {
        checkSignature(path, fileName);
        XlsxInspection.check(path, fileName, limits);
        ReadableWorkbook workbook = null;
        try {
            // a cell whose stored value does not parse becomes an error cell instead of failing the file
            workbook = new ReadableWorkbook(path.toFile(), new ReadingOptions(false, true));
            Stream<Row> rows = workbook.getFirstSheet().openStream();
            return new XlsxSource(fileName, workbook, rows);
        } catch (IOException | RuntimeException e) {
            closeQuietly(workbook);
            throw TabularFileException.unreadable(fileName, reason(e), e);
        }
    }

    private static void checkSignature(Path path, String fileName) {
        byte[] start;
        try (InputStream in = Files.newInputStream(path)) {
            start = in.readNBytes(8);
        } catch (IOException e) {
            throw TabularFileException.unreadable(fileName, reason(e), e);
        }
        if (ReadableWorkbook.isOLE2Header(start)) {
            throw TabularFileException.unreadable(fileName,
                    "an Excel 97-2003 workbook (.xls) with an .xlsx name; save it as .xlsx", null);
        }
        if (!ReadableWorkbook.isOOXMLZipHeader(start)) {
            throw TabularFileException.unreadable(fileName, "not an XLSX workbook", null);
        }
    }

    @Override
    public Optional<SourceRow> next() {
        try {
            if (!iterator.hasNext()) {
                return Optional.empty();
            }
            Row row = iterator.next();
            int width = row.getCellCount();
            String[] cells = new String[width];
            boolean[] numeric = new boolean[width];
            for (int column = 0; column < width; column++) {
                Cell cell = row.getOptionalCell(column).orElse(null);
                if (cell != null) {
                    Object value = cell.getValue();
                    numeric[column] = value instanceof BigDecimal;
                    cells[column] = value == null ? nullToEmpty(cell.getRawValue()) : text(value);
                }
            }
            return Optional.of(new SourceRow(row.getRowNum(), cells, numeric));
        } catch (RuntimeException e) {
            throw TabularFileException.unreadable(fileName, reason(e), e);
        }
    }

    /** A cell as Excel shows it in the General format; formulas give their last computed value. */
    private static String text(Object value) {
        if (value instanceof BigDecimal number) {
            return number.round(EXCEL_PRECISION).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Boolean bool) {
            return bool ? "TRUE" : "FALSE";
        }
        return value.toString();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        try {
            rows.close();
        } catch (RuntimeException e) {
            // closing a damaged stream may fail again; the workbook below must still be closed
        }
        closeQuietly(workbook);
    }

    private static void closeQuietly(ReadableWorkbook workbook) {
        if (workbook != null) {
            try {
                workbook.close();
            } catch (IOException | RuntimeException e) {
                // nothing was written; the file handle is released either way
            }
        }
    }
}
