package org.counterpart.identity.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows down password guessing. After {@value #FREE_ATTEMPTS} failures in a row a name is locked for a
 * minute, and each further failure doubles the wait up to an hour. It counts by the name typed, whether
 * or not an account has it, so the answer never tells an attacker which names exist.
 */
@Component
class LoginThrottle {

    static final int FREE_ATTEMPTS = 5;
    private static final Duration MAX_LOCK = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** How long this name must still wait, if it is locked now. */
    Optional<Duration> lockedFor(String username) {
        Instant now = clock.instant();
        return jdbc.sql("select locked_until from login_throttle where username = :u")
                .param("u", key(username))
                .query(OffsetDateTime.class).optional()
                .map(OffsetDateTime::toInstant)
                .filter(until -> until.isAfter(now))
                .map(until -> Duration.between(now, until));
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void failed(String username) {
        String key = key(username);
        int failures = jdbc.sql("select failures from login_throttle where username = :u").param("u", key)
                .query(Integer.class).optional().orElse(0) + 1;
        OffsetDateTime lockedUntil = null;
        if (failures >= FREE_ATTEMPTS) {
            long minutes = Math.min(1L << Math.min(failures - FREE_ATTEMPTS, 10), MAX_LOCK.toMinutes());
            lockedUntil = OffsetDateTime.ofInstant(clock.instant().plus(Duration.ofMinutes(minutes)), ZoneOffset.UTC);
        }
        int updated = jdbc.sql("update login_throttle set failures = :f, locked_until = :l where username = :u")
                .param("f", failures).param("l", lockedUntil).param("u", key).update();
        if (updated == 0) {
            jdbc.sql("insert into login_throttle (username, failures, locked_until) values (:u, :f, :l)")
                    .param("u", key).param("f", failures).param("l", lockedUntil).update();
        }
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void succeeded(String username) {
        jdbc.sql("delete from login_throttle where username = :u").param("u", key(username)).update();
    }

    private static String key(String username) {
        String k = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return k.length() > 60 ? k.substring(0, 60) : k;
    }
}
