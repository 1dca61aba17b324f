package org.counterpart.shared;

/**
 * Hears how far a background job is. A job runs in stages: reading and checking every row of its
 * input (the total first estimated, then exact), then writing what passed (a year at a time where the
 * data are yearly). Within a stage, {@link #done} counts the rows of that stage.
 */
public interface JobProgress {

    /** The stages of a job, in the order they run. */
    enum Stage { CHECKING, WRITING }

    void total(long rows);

    void done(long rows);

    /** A stage begins, or writing moves on to another year ({@code year} is 0 while checking). */
    default void stage(Stage stage, int year) {
        // only rows are reported
    }
}
