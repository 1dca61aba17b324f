package org.counterpart.shared;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * How large the parts of a file people bring may grow once read, so that no file can take the
 * memory or the time of the server: a small upload may expand a thousandfold (a zip bomb), or hold
 * one cell of a gigabyte. Each is checked while the bytes are read, and {@link TabularFile} refuses
 * the file naming the part and the limit. The properties {@code counterpart.upload.*} change them
 * (README, "Limits of uploaded files").
 *
 * @param cellBytes         one cell: an XLSX cell's XML or shared string, a CSV field (in characters)
 * @param rowBytes          one row: an XLSX row's XML, a CSV line (in characters)
 * @param columns           cells in a row
 * @param sheetBytes        the XML of one XLSX part (a sheet, styles, anything else in the package)
 * @param sharedStringsBytes the XLSX shared strings, which the reader keeps in memory
 * @param workbookBytes     all the parts of a workbook together, expanded
 * @param ratio             how many times a part may expand over its compressed size
 * @param entries           how many parts a workbook may hold
 */
public record UploadLimits(long cellBytes, long rowBytes, int columns, long sheetBytes, long sharedStringsBytes,
                           long workbookBytes, int ratio, int entries) {

    /** Below this a part is not judged by its ratio: a small part of repeated markup expands a lot. */
    static final long RATIO_GRACE_BYTES = 1024 * 1024;

    private static final UploadLimits DEFAULTS = new UploadLimits(128 * 1024, 4 * 1024 * 1024, 1024,
            2L * 1024 * 1024 * 1024, 64L * 1024 * 1024, 4L * 1024 * 1024 * 1024, 200, 1000);

    public UploadLimits {
        if (cellBytes < 1 || rowBytes < cellBytes || columns < 1 || sheetBytes < rowBytes || sharedStringsBytes < 1
                || workbookBytes < sheetBytes || ratio < 2 || entries < 1) {
            throw new IllegalArgumentException("upload limits out of order: " + cellBytes + ", " + rowBytes + ", " + columns
                    + ", " + sheetBytes + ", " + sharedStringsBytes + ", " + workbookBytes + ", " + ratio + ", " + entries);
        }
    }

    /** The limits without any property set. */
    public static UploadLimits defaults() {
        return DEFAULTS;
    }

    /** A size as the messages show it: "128 KB", "4 MB", "2 GB". */
    static String shown(long bytes) {
        if (bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + " GB";
        }
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " B";
    }

    /** The limits of this installation, from {@code counterpart.upload.*}. */
    @Component
    static final class Configured {

        private final UploadLimits limits;

        Configured(@Value("${counterpart.upload.max-cell-size:128KB}") DataSize cell,
                   @Value("${counterpart.upload.max-row-size:4MB}") DataSize row,
                   @Value("${counterpart.upload.max-columns:1024}") int columns,
                   @Value("${counterpart.upload.max-part-size:2GB}") DataSize part,
                   @Value("${counterpart.upload.max-shared-strings-size:64MB}") DataSize sharedStrings,
                   @Value("${counterpart.upload.max-workbook-size:4GB}") DataSize workbook,
                   @Value("${counterpart.upload.max-compression-ratio:200}") int ratio,
                   @Value("${counterpart.upload.max-parts:1000}") int entries) {
            this.limits = new UploadLimits(cell.toBytes(), row.toBytes(), columns, part.toBytes(), sharedStrings.toBytes(),
                    workbook.toBytes(), ratio, entries);
            TabularFile.configure(limits);
        }

        UploadLimits limits() {
            return limits;
        }
    }
}
