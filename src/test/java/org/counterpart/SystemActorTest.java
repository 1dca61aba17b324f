package org.counterpart;

import org.counterpart.cooperation.Institutions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.insight.Reach;
import org.counterpart.registry.Households;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service called with nobody behind it — no signed-in user and not the system's own work — sees and
 * may do nothing; the same call as the system sees everything, as the command line needs.
 */
@IntegrationTest
@Claims(scenario = "counts the scenario's households with nobody and as the system; changes nothing")
class SystemActorTest {

    @Autowired
    Households households;

    @Autowired
    Institutions institutions;

    @Autowired
    Reach reach;

    /** A fresh thread: the test's own thread acts as the system (AsTheSystem), this one is nobody. */
    private static <T> T asNobody(Supplier<T> call) throws Exception {
        var thread = Executors.newSingleThreadExecutor();
        try {
            return CompletableFuture.supplyAsync(call, thread).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.shutdown();
        }
    }

    @Test
    void nobodySeesNothingAndMayDoNothing() throws Exception {
        assertThat(asNobody(() -> CurrentUser.isSystem())).isFalse();
        assertThat(asNobody(() -> households.counts(2018).households())).isZero();
        assertThat(asNobody(() -> institutions.canCreate())).isFalse();
        assertThatThrownBy(() -> asNobody(() -> {
            reach.rebuild(2018);
            return null;
        })).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theSystemSeesEverything() throws Exception {
        long asSystem = asNobody(() -> CurrentUser.asSystem(() -> households.counts(2018).households()));
        assertThat(asSystem).isPositive();
        assertThat(asNobody(() -> CurrentUser.asSystem(() -> institutions.canCreate()))).isTrue();
    }
}
