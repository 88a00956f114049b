package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Slows password guessing: each failed login spends one attempt from the account's allowance and
 * one from the client address's. A spent account allowance makes every login to it wait (429),
 * checked before the password is. A spent address allowance never refuses a correct password
 * (many users can share one address behind a proxy or NAT): it only turns further wrong ones from
 * there into 429s. Allowances refill steadily, so a user who mistypes a few times is never locked
 * out for long. Kept in memory: a restart forgives, which costs an attacker a restart they cannot
 * cause.
 */
final class LoginThrottle {

    static final int ACCOUNT_ATTEMPTS = 10;
    static final int ADDRESS_ATTEMPTS = 100;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final FailureThrottle accounts;
    private final FailureThrottle addresses;

    LoginThrottle(Clock clock) {
        this.accounts = new FailureThrottle(clock, ACCOUNT_ATTEMPTS, WINDOW);
        this.addresses = new FailureThrottle(clock, ADDRESS_ATTEMPTS, WINDOW);
    }

    /** Throws if the account's allowance is spent. */
    void checkAllowed(String login) {
        Duration wait = accounts.waitFor(accountKey(login));
        if (!wait.isZero()) {
            throw new RateLimitedException("Too many failed sign-in attempts. Try again later.", wait);
        }
    }

    /** Counts a failure; how long the address must now wait before its next failure is answered 401 again. */
    Duration recordFailure(String login, String address) {
        accounts.recordFailure(accountKey(login));
        addresses.recordFailure(address);
        return addresses.waitFor(address);
    }

    private static String accountKey(String login) {
        return login.strip().toLowerCase(Locale.ROOT);
    }
}
