package dev.hubkeep.server.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hubkeep.server.errors.RateLimitedException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    LoginThrottle(Clock clock) {
        this.time = new ClockTimeMeter(clock);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterAccess(WINDOW.multipliedBy(2))
                .build();
    }

    /** Throws if either allowance is spent. */
    void checkAllowed(String login, String address) {
        Duration wait = max(waitFor(accountKey(login), ACCOUNT_ATTEMPTS), waitFor(addressKey(address), ADDRESS_ATTEMPTS));
        if (!wait.isZero()) {
            throw new RateLimitedException("Too many failed sign-in attempts. Try again later.", wait);
        }
    }

    void recordFailure(String login, String address) {
        bucket(accountKey(login), ACCOUNT_ATTEMPTS).tryConsume(1);
        bucket(addressKey(address), ADDRESS_ATTEMPTS).tryConsume(1);
    }

    private Duration waitFor(String key, int attempts) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    private Bucket bucket(String key, int attempts) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(attempts).refillGreedy(attempts, WINDOW))
                .withCustomTimePrecision(time)
                .build());
    }

    private static String accountKey(String login) {
        return "account:" + login.strip().toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Lets tests move time by moving the injected clock, as everywhere else. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
