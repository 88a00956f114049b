package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Slows password guessing: each failed login spends one attempt from the account's allowance and
 * one from the client address's; when either is spent, logins from there wait (429). Allowances
 * refill steadily, so a user who mistypes a few times is never locked out for long. Kept in
 * memory: a restart forgives, which costs an attacker a restart they cannot cause.
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

    /** Throws if either allowance is spent. */
    void checkAllowed(String login, String address) {
        Duration account = accounts.waitFor(accountKey(login));
        Duration fromAddress = addresses.waitFor(address);
        Duration wait = account.compareTo(fromAddress) >= 0 ? account : fromAddress;
        if (!wait.isZero()) {
            throw new RateLimitedException("Too many failed sign-in attempts. Try again later.", wait);
        }
    }

    void recordFailure(String login, String address) {
        accounts.recordFailure(accountKey(login));
        addresses.recordFailure(address);
    }

    private static String accountKey(String login) {
        return login.strip().toLowerCase(Locale.ROOT);
    }
}
