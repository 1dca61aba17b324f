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
import java.util.stream.Stream;

/**
 * Slows down password guessing, counted two ways.
 *
 * <ul>
 *   <li>By <b>name and client</b> together: after {@value #FREE_ATTEMPTS} failures in a row for a name from
 *   one client address, that name is locked <i>for that client</i> for a minute, each further failure
 *   doubling the wait up to an hour. The right password from another client still signs in: a lock
 *   only holds back the client that caused the failures, so five wrong passwords from anywhere no longer
 *   lock a colleague out of their account. A success from the client clears its count for the name.</li>
 *   <li>By <b>client</b> alone, whatever the names: after {@value #FREE_CLIENT_ATTEMPTS} failures within an
 *   hour the client is locked for every name, with the same doubling, so one client cannot try a few
 *   passwords on each of many names. A success does not clear it (a guesser with an account of its own
 *   could otherwise reset it between guesses); an hour without failures does.</li>
 * </ul>
 *
 * It counts by the name typed, whether or not an account has it, so the answer never tells which names
 * exist. The client is the address the connection comes from; behind a reverse proxy the server must be
 * told to take the proxy's forwarded address ({@code server.forward-headers-strategy}), or every client
 * shares the proxy's count. Guessing one name from many addresses is held only by the count per client;
 * a lock of the name for everyone would hand that lock to anybody.
 */
@Component
class LoginThrottle {

    static final int FREE_ATTEMPTS = 5;
    static final int FREE_CLIENT_ATTEMPTS = 20;
    private static final Duration MAX_LOCK = Duration.ofHours(1);
    private static final Duration CLIENT_WINDOW = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** How long this client must still wait before trying this name, if it is locked now. */
    Optional<Duration> lockedFor(String username, String client) {
        Instant now = clock.instant();
        Optional<OffsetDateTime> name = jdbc.sql("select locked_until from login_throttle where username = :u and client = :c")
                .param("u", key(username)).param("c", client(client)).query(OffsetDateTime.class).optional();
        Optional<OffsetDateTime> whole = jdbc.sql("select locked_until from login_throttle_client where client = :c")
                .param("c", client(client)).query(OffsetDateTime.class).optional();
        return Stream.of(name, whole).flatMap(Optional::stream)
                .map(OffsetDateTime::toInstant)
                .filter(until -> until.isAfter(now))
                .max(Instant::compareTo)
                .map(until -> Duration.between(now, until));
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void failed(String username, String client) {
        String name = key(username);
        String from = client(client);
        Instant now = clock.instant();
        int failures = jdbc.sql("select failures from login_throttle where username = :u and client = :c")
                .param("u", name).param("c", from).query(Integer.class).optional().orElse(0) + 1;
        OffsetDateTime lockedUntil = lockAfter(failures, FREE_ATTEMPTS, now);
        int updated = jdbc.sql("update login_throttle set failures = :f, locked_until = :l where username = :u and client = :c")
                .param("f", failures).param("l", lockedUntil).param("u", name).param("c", from).update();
        if (updated == 0) {
            jdbc.sql("insert into login_throttle (username, client, failures, locked_until) values (:u, :c, :f, :l)")
                    .param("u", name).param("c", from).param("f", failures).param("l", lockedUntil).update();
        }

        OffsetDateTime windowStart = OffsetDateTime.ofInstant(now.minus(CLIENT_WINDOW), ZoneOffset.UTC);
        int clientFailures = jdbc.sql("select failures from login_throttle_client where client = :c and last_failure > :since")
                .param("c", from).param("since", windowStart).query(Integer.class).optional().orElse(0) + 1;
        OffsetDateTime clientLock = lockAfter(clientFailures, FREE_CLIENT_ATTEMPTS, now);
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        int clientUpdated = jdbc.sql("""
                        update login_throttle_client set failures = :f, last_failure = :at, locked_until = :l where client = :c""")
                .param("f", clientFailures).param("at", at).param("l", clientLock).param("c", from).update();
        if (clientUpdated == 0) {
            jdbc.sql("insert into login_throttle_client (client, failures, last_failure, locked_until) values (:c, :f, :at, :l)")
                    .param("c", from).param("f", clientFailures).param("at", at).param("l", clientLock).update();
        }
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void succeeded(String username, String client) {
        jdbc.sql("delete from login_throttle where username = :u and client = :c")
                .param("u", key(username)).param("c", client(client)).update();
    }

    /** A minute once the free attempts are used up, doubling with each further failure up to an hour. */
    private static OffsetDateTime lockAfter(int failures, int free, Instant now) {
        if (failures < free) {
            return null;
        }
        long minutes = Math.min(1L << Math.min(failures - free, 10), MAX_LOCK.toMinutes());
        return OffsetDateTime.ofInstant(now.plus(Duration.ofMinutes(minutes)), ZoneOffset.UTC);
    }

    private static String key(String username) {
        String k = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return k.length() > 60 ? k.substring(0, 60) : k;
    }

    private static String client(String address) {
        String c = address == null || address.isBlank() ? "unknown" : address.strip();
        return c.length() > 64 ? c.substring(0, 64) : c;
    }
}
