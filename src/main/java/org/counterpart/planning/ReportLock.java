package org.counterpart.planning;

import java.time.Instant;
import java.time.LocalDate;

/** A lock exception: a unit may still save and submit a month's report after its window closed, until a day. */
public record ReportLock(long id, long planId, OwnerUnit unit, int year, int month, LocalDate until, String grantedBy, Instant grantedAt,
                         String reason) {

    public boolean holds(LocalDate today) {
        return !today.isAfter(until);
    }
}
