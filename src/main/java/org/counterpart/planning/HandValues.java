package org.counterpart.planning;

import org.counterpart.shared.Period;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Where the actuals of hand-reported tasks come from: the values units entered in their monthly reports
 * (with evidence). Computed tasks never ask here.
 */
public interface HandValues {

    /** The value reported for each target over a period (a month, or a year to date), zero where none was. */
    Map<Long, BigDecimal> values(Collection<Long> targetIds, Period period);
}
