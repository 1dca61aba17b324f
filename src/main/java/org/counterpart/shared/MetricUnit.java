package org.counterpart.shared;

/** What a metric counts, so that pages, exports and targets show and compare it in the same unit. */
public enum MetricUnit {
    /** money in yuan, shown in 万元 where officials expect it */
    YUAN(2),
    /** distinct people */
    PEOPLE(0),
    /** records, projects, meetings, enterprises */
    COUNT(0),
    /** a share, 0–100 with one decimal */
    PERCENT(1),
    /** days served */
    DAYS(0);

    private final int scale;

    MetricUnit(int scale) {
        this.scale = scale;
    }

    /** Decimals a value of this unit keeps. */
    public int scale() {
        return scale;
    }
}
