package dev.hubkeep.server.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows password guessing without locking anyone out. Failures are counted per account (signing in
 * by username or by email counts against the same one; a login that names no account is counted
 * under the name given, so the two cases look alike). The first {@link #FREE_FAILURES} cost
 * nothing; after that each attempt must wait, from the last failure, a delay that doubles with
 * every further failure, from one second up to {@link #MAX_DELAY}: a guesser gets a few hundred
 * tries a day, while the owner, even under attack, waits at most that long. An attempt made too
 * early is answered 429 before the password is looked at, so it reveals nothing. A success, or
 * {@link #WINDOW} without failures, forgives.
 *
 * <p>Per client address, failures only turn further wrong passwords from there into 429s; a
 * correct password is never refused for its address (many users can share one behind a proxy or
 * NAT). Kept in memory: a restart forgives, which costs an attacker a restart they cannot cause.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(2);
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int ADDRESS_ATTEMPTS = 100;

    /** An account's failures in a row, and when the last one was. */
    private record Failures(int count, Instant last) {}

    private final Clock clock;
    private final Cache<String, Failures> accounts;
    private final FailureThrottle addresses;

    LoginThrottle(Clock clock) {
        this.clock = clock;
        this.accounts = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(WINDOW.multipliedBy(2)).build();
        this.addresses = new FailureThrottle(clock, ADDRESS_ATTEMPTS, WINDOW);
    }

    /** Throws if the account must still wait before its next attempt. */
    void checkAllowed(String accountKey) {
        Failures failures = current(accountKey);
        if (failures == null || failures.count() < FREE_FAILURES) {
            return;
        }
        Instant next = failures.last().plus(delayAfter(failures.count()));
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            throw new RateLimitedException("Too many failed sign-in attempts for this account. Wait "
                    + "the time in Retry-After, then try again.", Duration.between(now, next));
        }
    }

    /** Counts a failure; how long the address must now wait before its next failure is answered 401 again. */
    Duration recordFailure(String accountKey, String address) {
        Instant now = clock.instant();
        accounts.asMap().compute(accountKey, (key, before) -> new Failures(
                before == null || forgiven(before, now) ? 1 : before.count() + 1, now));
        addresses.recordFailure(address);
        return addresses.waitFor(address);
    }

    void recordSuccess(String accountKey) {
        accounts.invalidate(accountKey);
    }

    /** The wait after {@code count} failures in a row: 1 s after the first one beyond the free ones, doubling, capped. */
    static Duration delayAfter(int count) {
        int doublings = Math.min(count - FREE_FAILURES, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private Failures current(String accountKey) {
        Failures failures = accounts.getIfPresent(accountKey);
        return failures == null || forgiven(failures, clock.instant()) ? null : failures;
    }

    private static boolean forgiven(Failures failures, Instant now) {
        return !now.isBefore(failures.last().plus(WINDOW));
    }
}
