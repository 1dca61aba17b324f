package org.counterpart.registry;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The list's readiness, computed in SQL for speed, must say exactly what ExitPolicy says household by household. */
@IntegrationTest
@Claims(scenario = "reads the scenario's households")
class HouseholdSearchTest {

    @Autowired
    Households households;

    @Autowired
    JdbcClient jdbc;

    static Households.Filter filter(Optional<Boolean> ready) {
        return new Households.Filter(2018, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ready, Optional.empty(),
                Optional.empty());
    }

    @Test
    void readinessInTheListAgreesWithTheExitPolicy() {
        long all = households.search(filter(Optional.empty()), 0, 10).total();
        var ready = households.search(filter(Optional.of(true)), 0, 500);
        var notReady = households.search(filter(Optional.of(false)), 0, 500);
        assertThat(ready.total() + notReady.total()).isEqualTo(all);
        assertThat(ready.total()).isPositive();
        assertThat(notReady.total()).isPositive();
        assertThat(households.counts(2018).readyToExit()).isEqualTo(ready.total());
        ready.items().forEach(r -> {
            assertThat(r.exitReady()).isTrue();
            assertThat(households.get(r.householdId(), Optional.of(2018)).exit().ready()).as(r.householdNo()).isTrue();
        });
        notReady.items().forEach(r -> {
            assertThat(r.exitReady()).isFalse();
            assertThat(households.get(r.householdId(), Optional.of(2018)).exit().ready()).as(r.householdNo()).isFalse();
        });
    }

    @Test
    void pagesFollowTheOrderOfVillageAndHouseholdNumber() {
        var first = households.search(filter(Optional.empty()), 0, 20).items();
        var second = households.search(filter(Optional.empty()), 1, 20).items();
        assertThat(first).hasSize(20);
        String last = first.get(19).village().value() + first.get(19).householdNo();
        assertThat(second.get(0).village().value() + second.get(0).householdNo()).isGreaterThan(last);
        assertThat(first).extracting(r -> r.village().value() + r.householdNo()).isSorted();
    }

    /** The members' part of readiness is stored by the import; it must say what ExitPolicy says of the same members. */
    @Test
    void storedMembersReadinessAgreesWithTheExitPolicy() {
        var sample = jdbc.sql("""
                        (select household_id, members_ready from household_year where reg_year = 2018 and members_ready = true
                         order by household_id fetch first 150 rows only)
                        union all
                        (select household_id, members_ready from household_year where reg_year = 2018 and members_ready = false
                         order by household_id fetch first 150 rows only)""")
                .query((rs, i) -> new Object[]{rs.getLong(1), rs.getBoolean(2)}).list();
        assertThat(sample).extracting(r -> r[1]).contains(true, false);
        sample.forEach(r -> {
            var exit = households.get((Long) r[0], Optional.of(2018)).exit();
            boolean membersMet = exit.verdicts().stream()
                    .filter(v -> v.condition() == ExitPolicy.Condition.MEDICAL_INSURANCE || v.condition() == ExitPolicy.Condition.COMPULSORY_EDUCATION)
                    .allMatch(ExitPolicy.Verdict::met);
            assertThat(membersMet).as("household " + r[0]).isEqualTo(r[1]);
        });
    }

    /** Places are searched as ranges of codes; they must find what a prefix finds. */
    @Test
    void aPlaceFindsTheHouseholdsWhoseVillageCodeBeginsWithIt() {
        String village = jdbc.sql("select min(village_code) from household_year where reg_year = 2018").query(String.class).single();
        for (String prefix : new String[]{village.substring(0, 4), village.substring(0, 6), village.substring(0, 9), village}) {
            long expected = jdbc.sql("select count(*) from household_year where reg_year = 2018 and village_code like :p || '%'")
                    .param("p", prefix).query(Long.class).single();
            var filter = new Households.Filter(2018, Optional.of(new org.counterpart.geography.RegionCode(prefix)), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            assertThat(households.search(filter, 0, 10).total()).as(prefix).isEqualTo(expected).isPositive();
        }
        assertThat(Households.following("5209")).isEqualTo("521");
        assertThat(Households.following("520201")).isEqualTo("520202");
        assertThat(Households.following("999")).isNull();
    }
}
