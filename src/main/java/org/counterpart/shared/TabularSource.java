package org.counterpart.shared;

import java.util.Optional;

/** Where a {@link TabularFile} reads its rows from, one at a time: a CSV text or an XLSX sheet. */
interface TabularSource extends AutoCloseable {

    /** The next row, or empty at the end. Throws {@link TabularFileException} when the bytes are broken. */
    Optional<SourceRow> next();

    @Override
    void close();

    /**
     * A row as the source holds it.
     *
     * @param line    the 1-based line or row number a person sees
     * @param cells   the cell texts by column position; null where a sheet has no cell
     * @param numeric by column position, whether the cell was a number; null for text files
     */
    record SourceRow(int line, String[] cells, boolean[] numeric) {

        String cell(int column) {
            return column >= 0 && column < cells.length && cells[column] != null ? cells[column] : "";
        }

        boolean isNumber(int column) {
            return numeric != null && column >= 0 && column < numeric.length && numeric[column];
        }

        boolean isBlank() {
            for (String cell : cells) {
                if (cell != null && !TabularText.normalise(cell).isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }
}
