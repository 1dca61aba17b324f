package org.counterpart.registry;

import org.counterpart.shared.JobProgress;

import java.util.function.LongConsumer;

/**
 * Hears how far an import is: the job's progress ({@link JobProgress}) in an import's two stages.
 * Every row of the file read and checked (its total first estimated from the lines of a text file,
 * then exact), then the households of each year compared with the registry and written (its total the
 * rows that passed the check). Writing reports a year's rows as its steps finish.
 */
public interface ImportProgress extends JobProgress {

    /** An import reporting to a job's progress. */
    static ImportProgress to(JobProgress job) {
        return new ImportProgress() {
            @Override
            public void total(long rows) {
                job.total(rows);
            }

            @Override
            public void done(long rows) {
                job.done(rows);
            }

            @Override
            public void stage(Stage stage, int year) {
                job.stage(stage, year);
            }
        };
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
