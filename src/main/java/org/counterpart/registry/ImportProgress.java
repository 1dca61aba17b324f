package org.counterpart.registry;

import java.util.function.LongConsumer;

/**
 * Hears how far an import is: the number of rows (first estimated from the lines of a text file, then
 * exact once the file has been read), and the rows read and checked so far. Writing follows the check.
 */
public interface ImportProgress {

    void total(long rows);

    void done(long rows);

    static ImportProgress of(LongConsumer done) {
        return new ImportProgress() {
            @Override
            public void total(long rows) {
                // only rows checked are reported
            }

            @Override
            public void done(long rows) {
                done.accept(rows);
            }
        };
    }
}
