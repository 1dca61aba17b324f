package org.counterpart.shared;

import java.math.BigDecimal;

/**
 * One record behind a metric value: which record, at which version, with what it contributes, and the
 * page that shows it. Planning keeps these at approval, so that a later change to an approved month can be
 * shown as the records that changed, not only as a new total.
 *
 * @param kind    the owning module's name for the kind of record, e.g. {@code FUND}
 * @param id      the record's id within its kind
 * @param version the record's optimistic-lock version when read
 * @param title   the record's own title (never a person's name)
 * @param amount  what the record adds to the value (1 for a counted record)
 * @param link    the address of the record's page
 */
public record MetricRecord(String kind, long id, int version, String title, BigDecimal amount, String link) {

    /** The record's identity across versions, e.g. {@code FUND:12}. */
    public String ref() {
        return kind + ":" + id;
    }
}
