package dev.hubkeep.server.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts failures per key (an account, a client address) against an allowance that refills
 * steadily over a window. When a key's allowance is spent, {@link #waitFor} says how long until
 * one more attempt is allowed. Kept in memory and bounded in size.
 */
public final class FailureThrottle {

    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;
    private final int allowance;
    private final Duration window;

    public FailureThrottle(Clock clock, int allowance, Duration window) {
        this.time = new ClockTimeMeter(clock);
        this.allowance = allowance;
        this.window = window;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterAccess(window.multipliedBy(2))
                .build();
    }

    /** Zero while {@code key} may try again, else how long it must wait. */
    public Duration waitFor(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    public void recordFailure(String key) {
        buckets.get(key, k -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(allowance).refillGreedy(allowance, window))
                        .withCustomTimePrecision(time)
                        .build())
                .tryConsume(1);
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
