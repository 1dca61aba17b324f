package org.counterpart.planning;

import org.counterpart.shared.Period;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The actuals of hand-reported targets, read from the monthly reports. The rule: a month's value is that
 * month's hand value of the target's report; a longer period (a quarter, a year, a year to date) is the sum
 * of the hand values of its months. Of an approved report the value as approved counts (it never changes
 * afterwards); of any other report (draft, submitted, returned) the value as last saved, so progress shows
 * what a unit has entered before the review. A month without a report or without a value counts as zero.
 */
@Component
class ReportHandValues implements HandValues {

    private final JdbcClient jdbc;

    ReportHandValues(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, BigDecimal> values(Collection<Long> targetIds, Period period) {
        Map<Long, BigDecimal> out = new HashMap<>();
        targetIds.forEach(id -> out.put(id, BigDecimal.ZERO.setScale(2)));
        if (targetIds.isEmpty()) {
            return out;
        }
        int from = period.start().getMonthValue();
        int to = period.end().getMonthValue();
        jdbc.sql("""
                        select v.target_id, sum(case when r.state = 'APPROVED' then coalesce(v.approved_value, 0)
                                                     else coalesce(v.hand_value, 0) end)
                        from report_value v join monthly_report r on r.id = v.report_id
                        where v.target_id in (:ids) and r.report_year = :y and r.report_month between :from and :to
                        group by v.target_id""")
                .param("ids", List.copyOf(targetIds)).param("y", period.year()).param("from", from).param("to", to)
                .query(rs -> {
                    out.put(rs.getLong(1), rs.getBigDecimal(2).setScale(2));
                });
        return out;
    }
}
