package org.counterpart.shared;

import java.util.OptionalLong;

/**
 * Progress that remembers where a job is: its stage (and year, while writing), the rows of the
 * stage done of its total, and from these the rate and the time the stage still needs. A new stage
 * starts its count and its clock again. Safe to read from another thread than the import's.
 */
public class ProgressTracker implements JobProgress {

    private volatile Stage stage = Stage.CHECKING;
    private volatile int year;
    private volatile long total;
    private volatile long done;
    private volatile long stageStarted = System.nanoTime();

    @Override
    public void total(long rows) {
        total = rows;
    }

    @Override
    public void done(long rows) {
        done = rows;
    }

    @Override
    public void stage(Stage next, int year) {
        if (next != stage) {
            stageEnds();
            done = 0;
            stageStarted = System.nanoTime();
        }
        this.year = year;
        stage = next;
    }

    /** Called as a stage ends, before the next one starts its count. */
    protected void stageEnds() {
        // nothing by default
    }

    public Stage stage() {
        return stage;
    }

    public int year() {
        return year;
    }

    public long total() {
        return total;
    }

    public long done() {
        return done;
    }

    public long rowsPerSecond() {
        double seconds = Math.max(0.001, (System.nanoTime() - stageStarted) / 1e9);
        return (long) (done / seconds);
    }

    /** Seconds the stage still needs at its rate so far; empty while the total or the rate is unknown. */
    public OptionalLong secondsLeft() {
        long rate = rowsPerSecond();
        long rows = total;
        long now = done;
        return rows > 0 && rate > 0 ? OptionalLong.of(Math.max(0, (rows - now + rate - 1) / rate)) : OptionalLong.empty();
    }
}
