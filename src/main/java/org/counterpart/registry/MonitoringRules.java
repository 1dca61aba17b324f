package org.counterpart.registry;

import java.util.List;

/**
 * The monitoring triggers as set-based SQL: each statement inserts the flags of one trigger for every
 * exited household of {@code :year} at once, reading its threshold from {@code monitoring_rule} (a
 * disabled rule joins no row and inserts nothing). Parameters: {@code :year}, {@code :now}, {@code :sep}
 * (the argument separator), {@code :unstable} and {@code :sudden} (the two categories).
 *
 * <p>Reason arguments are written as plain decimal text (numbers with two decimals, shares in percent
 * with one) so the page can format them in the reader's language. Each statement's key and argument
 * order must match the message texts ({@code monitoring.reason.*}).
 */
final class MonitoringRules {

    private MonitoringRules() {
    }

    private static final String COLUMNS = "insert into monitoring_flag (household_id, reg_year, county_code, village_code, rule_code, "
            + "category, message_key, arguments, computed_at)\n";

    private static final String EXITED = "hy.reg_year = :year and hy.poverty_status in ('已脱贫', '预脱贫')";

    private static String net(String alias) {
        return "((%1$s.income_wage + %1$s.income_business + %1$s.income_transfer + %1$s.income_property - %1$s.production_costs)"
                .formatted(alias) + " / nullif(" + alias + ".member_count, 0))";
    }

    private static String money(String expression) {
        return "cast(cast(" + expression + " as numeric(14, 2)) as varchar(30))";
    }

    private static String percent(String expression) {
        return "cast(cast(" + expression + " as numeric(10, 1)) as varchar(20))";
    }

    private static final String LINE = "coalesce(pp.amount, pn.amount)";

    private static final String HARDSHIP = "m.health in ('患有大病', '残疾')";

    /**
     * Income below a multiple of the year's line (the province's own line where it set one).
     * Arguments: net per capita, the limit (line × multiple), the multiple, the line, the year.
     */
    static final String INCOME_BELOW_LINE = COLUMNS + """
            select hy.household_id, hy.reg_year, hy.county_code, hy.village_code, r.code, :unstable, 'monitoring.reason.incomeBelowLine',
                   %s || :sep || %s || :sep || cast(r.threshold as varchar(20)) || :sep || %s || :sep || cast(hy.reg_year as varchar(4)), :now
            from household_year hy
            join monitoring_rule r on r.code = 'income_below_line' and r.enabled = true and r.threshold is not null
            left join poverty_line pp on pp.reg_year = hy.reg_year and pp.province = left(hy.county_code, 2)
            left join poverty_line pn on pn.reg_year = hy.reg_year and pn.province = ''
            where %s and hy.member_count > 0 and %s < %s * r.threshold"""
            .formatted(money(net("hy")), money(LINE + " * r.threshold"), money(LINE), EXITED, net("hy"), LINE);

    /**
     * A drop of per-capita net income from the previous year by more than the threshold's share.
     * Arguments: previous year, its net per capita, this year's, the drop in percent, the threshold in percent.
     */
    static final String INCOME_DROP = COLUMNS + """
            select hy.household_id, hy.reg_year, hy.county_code, hy.village_code, r.code, :unstable, 'monitoring.reason.incomeDrop',
                   cast(prev.reg_year as varchar(4)) || :sep || %s || :sep || %s || :sep || %s || :sep || %s, :now
            from household_year hy
            join household_year prev on prev.household_id = hy.household_id and prev.reg_year = hy.reg_year - 1
            join monitoring_rule r on r.code = 'income_drop' and r.enabled = true and r.threshold is not null
            where %s and hy.member_count > 0 and prev.member_count > 0
              and %s > 0 and %s < %s * (1 - r.threshold)"""
            .formatted(money(net("prev")), money(net("hy")), percent("(1 - " + net("hy") + " / " + net("prev") + ") * 100"),
                    percent("r.threshold * 100"), EXITED, net("prev"), net("hy"), net("prev"));

    /**
     * Production costs above a share of total income, standing in for rigid spending (the registry
     * holds no medical, disability or disaster spending). Arguments: costs, total income, threshold in percent.
     */
    static final String RIGID_SPENDING = COLUMNS + """
            select hy.household_id, hy.reg_year, hy.county_code, hy.village_code, r.code, :unstable, 'monitoring.reason.rigidSpending',
                   %s || :sep || %s || :sep || %s, :now
            from household_year hy
            join monitoring_rule r on r.code = 'rigid_spending' and r.enabled = true and r.threshold is not null
            where %s and hy.production_costs > 0
              and hy.production_costs > (hy.income_wage + hy.income_business + hy.income_transfer + hy.income_property) * r.threshold"""
            .formatted(money("hy.production_costs"), money("hy.income_wage + hy.income_business + hy.income_transfer + hy.income_property"),
                    percent("r.threshold * 100"), EXITED);

    /**
     * A member seriously ill or disabled in a household where nobody was last year.
     * Arguments: the previous year, how many members are ill or disabled now.
     */
    static final String NEW_ILLNESS = COLUMNS + """
            select hy.household_id, hy.reg_year, hy.county_code, hy.village_code, r.code, :sudden, 'monitoring.reason.newIllness',
                   cast(prev.reg_year as varchar(4)) || :sep
                   || cast((select count(*) from membership m where m.household_id = hy.household_id and m.reg_year = hy.reg_year and %1$s) as varchar(10)),
                   :now
            from household_year hy
            join household_year prev on prev.household_id = hy.household_id and prev.reg_year = hy.reg_year - 1
            join monitoring_rule r on r.code = 'sudden_hardship' and r.enabled = true
            where %2$s
              and exists (select 1 from membership m where m.household_id = hy.household_id and m.reg_year = hy.reg_year and %1$s)
              and not exists (select 1 from membership m where m.household_id = prev.household_id and m.reg_year = prev.reg_year and %1$s)"""
            .formatted(HARDSHIP, EXITED);

    /** A dangerous house recorded this year where last year's was not. Argument: the previous year. */
    static final String NEW_DANGEROUS_HOUSING = COLUMNS + """
            select hy.household_id, hy.reg_year, hy.county_code, hy.village_code, r.code, :sudden, 'monitoring.reason.newDangerousHousing',
                   cast(prev.reg_year as varchar(4)), :now
            from household_year hy
            join household_year prev on prev.household_id = hy.household_id and prev.reg_year = hy.reg_year - 1
            join monitoring_rule r on r.code = 'sudden_hardship' and r.enabled = true
            where %s and hy.dangerous_housing = true and coalesce(prev.dangerous_housing, false) = false"""
            .formatted(EXITED);

    /** In rule order, so flags read in the order the rules page lists them. */
    static final List<String> STATEMENTS = List.of(INCOME_BELOW_LINE, INCOME_DROP, RIGID_SPENDING, NEW_ILLNESS, NEW_DANGEROUS_HOUSING);
}
