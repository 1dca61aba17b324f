package org.counterpart.shared;

import org.counterpart.shared.TabularHeader.Found;
import org.counterpart.shared.TabularHeader.Search;
import org.counterpart.shared.TabularSource.SourceRow;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A CSV, tab-separated or XLSX file a person brought, read as they made it: the encoding detected,
 * the header found below any title rows, the columns matched by Chinese header or English alias in
 * any order. Opening refuses a file that cannot be imported at all; the rows are then streamed one
 * at a time, so a file of any size is read in constant memory.
 *
 * <pre>{@code
 * try (TabularFile file = TabularFile.open(upload, "户籍信息.xlsx", COLUMNS)) {
 *     for (TabularRow row : file) { ... row.get("id_number") ... }
 * }
 * }</pre>
 */
public final class TabularFile implements Iterable<TabularRow>, AutoCloseable {

    /** The limits every file is read within; the installation's once {@link UploadLimits.Configured} has started. */
    private static volatile UploadLimits limits = UploadLimits.defaults();

    private final String fileName;
    private final String encoding;
    private final Character separator;
    private final Found header;
    private final TabularSource source;
    private final Map<String, Integer> positionOfKey = new HashMap<>();
    private final List<TabularColumn> columns;
    private boolean read;
    private boolean closed;

    private TabularFile(String fileName, String encoding, Character separator, TabularHeader columns,
                        Found header, TabularSource source) {
        this.fileName = fileName;
        this.encoding = encoding;
        this.separator = separator;
        this.header = header;
        this.source = source;
        this.columns = columns.columns();
        for (int position = 0; position < columns.columns().size(); position++) {
            positionOfKey.put(columns.columns().get(position).key(), position);
        }
    }

    /**
     * Opens the file and reads up to its header.
     *
     * @param path     where the bytes are
     * @param fileName the name the person gave the file: it decides the type (.xlsx; .csv, .txt, .tsv)
     *                 and names the file in every refusal
     * @param columns  the columns the import expects
     * @throws TabularFileException when the file cannot be imported at all
     */
    public static TabularFile open(Path path, String fileName, List<TabularColumn> columns) {
        return open(path, fileName, columns, limits);
    }

    /** Opens the file as {@link #open(Path, String, List)} does, within the given limits. */
    public static TabularFile open(Path path, String fileName, List<TabularColumn> columns, UploadLimits within) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(within, "within");
        String name = fileName == null || fileName.isBlank() ? String.valueOf(path.getFileName()) : fileName;
        TabularHeader expected = new TabularHeader(columns);
        String extension = extension(name);
        return switch (extension) {
            case "xlsx" -> openWorkbook(path, name, expected, within);
            case "csv", "txt", "tsv" -> openText(path, name, expected, extension.equals("tsv"), within);
            default -> throw TabularFileException.unsupportedType(name);
        };
    }

    /** The installation's limits, set once at start. */
    static void configure(UploadLimits configured) {
        limits = Objects.requireNonNull(configured);
    }

    private static TabularFile openWorkbook(Path path, String name, TabularHeader expected, UploadLimits within) {
        XlsxSource source = XlsxSource.open(path, name, within);
        try {
            Search search = expected.search(source, name);
            if (search.found().isPresent()) {
                return new TabularFile(name, "XLSX", null, expected, search.found().get(), source);
            }
            throw refusal(name, expected, search, null);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * Tries the separators in turn, comma first unless the name says tab-separated: a row split by
     * the wrong one never shows the required headers as separate cells.
     */
    private static TabularFile openText(Path path, String name, TabularHeader expected, boolean tabSeparated, UploadLimits within) {
        CsvSource.Encoding encoding = CsvSource.Encoding.detect(path, name);
        char[] separators = tabSeparated ? new char[] {'\t', ','} : new char[] {',', '\t'};
        Search closest = null;
        TabularFileException broken = null;
        for (char separator : separators) {
            CsvSource source = CsvSource.open(path, name, encoding, separator, within);
            boolean keep = false;
            try {
                Search search = expected.search(source, name);
                if (search.found().isPresent()) {
                    keep = true;
                    return new TabularFile(name, encoding.name(), separator, expected, search.found().get(), source);
                }
                closest = search.betterThan(closest) ? search : closest;
            } catch (TabularFileException e) {
                if (!e.messageKey().equals("tabular.unreadable")) {
                    throw e;
                }
                broken = broken == null ? e : broken;
            } finally {
                if (!keep) {
                    source.close();
                }
            }
        }
        throw refusal(name, expected, closest, broken);
    }

    private static TabularFileException refusal(String name, TabularHeader expected, Search closest,
                                                TabularFileException broken) {
        if (closest != null && closest.bestRecognised() > 0) {
            return TabularFileException.missingColumns(name, expected.displayNames(closest.bestMissing()));
        }
        return broken != null ? broken : TabularFileException.noHeader(name);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
    }

    public String fileName() {
        return fileName;
    }

    /** "UTF-8" or "GB18030" for text files ("UTF-16LE"/"UTF-16BE" for Excel's Unicode text), "XLSX" for workbooks. */
    public String encoding() {
        return encoding;
    }

    /** The field separator of a text file, comma or tab; empty for a workbook. */
    public Optional<Character> separator() {
        return Optional.ofNullable(separator);
    }

    /** The 1-based line or row number of the header. */
    public int headerLine() {
        return header.line();
    }

    /** The header texts of the columns nobody asked for, in file order; they are not read. */
    public List<String> unknownColumns() {
        return header.unknownColumns();
    }

    /** Whether the file has the column (an optional column may be absent). */
    public boolean hasColumn(String key) {
        return header.sourceColumnOf()[position(key)] >= 0;
    }

    /** The data rows below the header, skipping empty ones; can be called once. */
    @Override
    public Iterator<TabularRow> iterator() {
        if (read) {
            throw new IllegalStateException("the rows of " + fileName + " are read once");
        }
        read = true;
        return new Iterator<>() {
            private TabularRow next;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    Optional<SourceRow> row = source.next();
                    if (row.isEmpty()) {
                        done = true;
                    } else if (!row.get().isBlank()) {
                        next = toRow(row.get());
                    }
                }
                return next != null;
            }

            @Override
            public TabularRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TabularRow row = next;
                next = null;
                return row;
            }
        };
    }

    /** The same rows as a stream; closing the stream closes the file. */
    public Stream<TabularRow> rows() {
        Spliterator<TabularRow> rows = Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(rows, false).onClose(this::close);
    }

    private TabularRow toRow(SourceRow row) {
        int[] sourceColumnOf = header.sourceColumnOf();
        String[] raw = new String[sourceColumnOf.length];
        boolean[] numeric = new boolean[sourceColumnOf.length];
        for (int position = 0; position < sourceColumnOf.length; position++) {
            raw[position] = row.cell(sourceColumnOf[position]);
            if (raw[position].indexOf('\u0000') >= 0) {
                // no database stores it (PostgreSQL refuses even to compare it): the file is refused, naming the cell
                throw new TabularFileException(fileName, "tabular.nul", row.line(), columns.get(position).chineseHeader());
            }
            numeric[position] = row.isNumber(sourceColumnOf[position]);
        }
        return new TabularRow(row.line(), positionOfKey, raw, numeric);
    }

    private int position(String key) {
        Integer position = positionOfKey.get(key);
        if (position == null) {
            throw new IllegalArgumentException("no expected column with key " + key);
        }
        return position;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            source.close();
        }
    }
}
