package org.counterpart.cooperation;

import org.counterpart.shared.InvalidInputException;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A milestone's status moves by a method that refuses what may not happen (a done milestone planned
 * again, a move to the status it has) and publishes each move as MilestoneStatusChanged, audited.
 * Its agreement lies in Qiannan (5227).
 */
@IntegrationTest
@Claims("522722")
@RecordApplicationEvents
class MilestoneStatusTest {

    @Autowired
    Ledgers ledgers;

    @Autowired
    Milestones milestones;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEvents events;

    @Test
    void aMilestoneMovesForwardIsReopenedAsInProgressAndIsNeverPlannedAgainOnceDone() {
        Map<String, String> agreement = new HashMap<>(Map.of("title", "黔南州劳务协作协议", "kind", "FRAMEWORK", "signed_on", "2018-03-01",
                "owner", "5227", "partner", "522722"));
        long id = ledgers.create(Ledger.AGREEMENT, new Ledgers.Entry(agreement, List.of(), 0));
        long m = milestones.add(id, "签订用工意向", "2018-06-30", null);

        milestones.setStatus(id, m, Milestones.Status.IN_PROGRESS, 0);
        milestones.setStatus(id, m, Milestones.Status.DONE, 1);
        assertThat(milestones.of(id).get(0).doneOn()).isNotNull();
        assertThatThrownBy(() -> milestones.setStatus(id, m, Milestones.Status.PLANNED, 2))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.messageKey()).isEqualTo("milestone.move.refused"));
        assertThatThrownBy(() -> milestones.setStatus(id, m, Milestones.Status.DONE, 2))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.messageKey()).isEqualTo("milestone.move.same"));
        milestones.setStatus(id, m, Milestones.Status.IN_PROGRESS, 2);
        Milestones.Milestone reopened = milestones.of(id).get(0);
        assertThat(reopened.status()).isEqualTo(Milestones.Status.IN_PROGRESS);
        assertThat(reopened.doneOn()).isNull();

        assertThat(events.stream(Milestones.MilestoneStatusChanged.class).filter(e -> e.milestoneId() == m)
                .map(e -> e.from() + ">" + e.to()).toList())
                .containsExactly("PLANNED>IN_PROGRESS", "IN_PROGRESS>DONE", "DONE>IN_PROGRESS");
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'cooperation.milestone' and entity_id = :id and action = 'updated'")
                .param("id", String.valueOf(m)).query(Long.class).single()).isEqualTo(3);
    }
}
