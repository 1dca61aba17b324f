package org.counterpart.cooperation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.counterpart.cooperation.LedgerField.choice;
import static org.counterpart.cooperation.LedgerField.count;
import static org.counterpart.cooperation.LedgerField.date;
import static org.counterpart.cooperation.LedgerField.money;

/**
 * A ledger that only the tests know, defined as any module would define one: this bean and its table
 * ({@code db/test-ledgers}). Nothing in the application's code names it; ContributedLedgerTest shows
 * that the pages, checks, import and export serve it all the same.
 */
@Configuration(proxyBeanMethods = false)
class TestLedgers {

    static final LedgerField<LocalDate> VISITED_ON = date("visited_on", true);
    static final LedgerField<Integer> VISITORS = count("visitors", false);
    static final LedgerField<BigDecimal> EXPENSE = money("expense", false);
    static final LedgerField<LocalDate> REPORT_DUE = date("report_due", false);
    static final LedgerField<LocalDate> REPORTED_ON = date("reported_on", false);

    static final Ledger VISITS = Ledger.define("TEST_VISIT", "test-visits", "ledger_test_visit")
            .dated(VISITED_ON).money(EXPENSE)
            .fields(VISITED_ON, choice("purpose", "ROUTINE", "INSPECTION"), VISITORS, EXPENSE, REPORT_DUE, REPORTED_ON)
            .check(LedgerRules.inOrder(VISITED_ON, REPORTED_ON))
            // its own rule: money spent on a visit names how many went
            .check(c -> {
                if (c.values().get(EXPENSE) != null && c.values().get(VISITORS) == null) {
                    c.refuse(VISITORS.name(), "field.required");
                }
            })
            .overdue(new LedgerRules.Overdue(REPORT_DUE, REPORTED_ON))
            .build();

    @Bean
    Ledger testVisits() {
        return VISITS;
    }
}
