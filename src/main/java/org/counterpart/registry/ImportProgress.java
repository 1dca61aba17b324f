package org.counterpart.registry;

import java.util.function.LongConsumer;

/**
 * Hears how far an import is. An import has two stages: every row of the file read and checked
 * (its total first estimated from the lines of a text file, then exact), and the households of each
 * year compared with the registry and written (its total the rows that passed the check). Within a
 * stage, {@link #done} counts rows of that stage; writing reports a year's rows as its steps finish.
 */
public interface ImportProgress {

    /** The stages of an import, in the order they run. */
    enum Stage { CHECKING, WRITING }

    void total(long rows);

    void done(long rows);

    /** A stage begins, or writing moves on to another year ({@code year} is 0 while checking). */
    default void stage(Stage stage, int year) {
        // only rows are reported
    }

    static ImportProgress of(LongConsumer done) {
        return new ImportProgress() {
            private boolean checking = true;

            @Override
            public void total(long rows) {
                // only rows checked are reported
            }

            @Override
            public void done(long rows) {
                if (checking) {
                    done.accept(rows);
                }
            }

            @Override
            public void stage(Stage stage, int year) {
                checking = stage == Stage.CHECKING;
            }
        };
    }
}
