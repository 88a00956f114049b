package dev.hubkeep.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Request counters over fixed windows of five minutes, aligned on the epoch (so every node and every
 * caller sees the same reset instant), one counter per bucket and subject. In process: counting costs
 * no database statement. Bucket4j models refilling buckets; a fixed window, which the Hub's clients
 * are told about, is a counter and a window number, so it is written out here.
 */
public final class FixedWindows {

    /** The public Hub's window, stated to clients as {@code w=300}. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** Counters kept at most; beyond it the least recently used is forgotten (its subject starts afresh). */
    private static final long MAX_SUBJECTS = 1_000_000;

    private record Key(Bucket bucket, String subject) {}

    private record Count(long window, long used) {}

    private final Clock clock;
    private final long windowMillis;
    private final Cache<Key, Count> counts;

    public FixedWindows(Clock clock) {
        this.clock = clock;
        this.windowMillis = WINDOW.toMillis();
        // A counter untouched for a whole window is stale: the next request starts a new one anyway.
        this.counts = Caffeine.newBuilder()
                .maximumSize(MAX_SUBJECTS)
                .expireAfterAccess(2 * windowMillis, TimeUnit.MILLISECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /**
     * Counts one request of {@code subject} in {@code bucket} against {@code quota}, unless it is
     * already spent: a refused request does not count, so the window still ends when it said it would.
     */
    public Verdict take(Bucket bucket, String subject, long quota) {
        long now = clock.millis();
        long window = Math.floorDiv(now, windowMillis);
        long resetMillis = (window + 1) * windowMillis - now;
        long resetSeconds = Math.max(1, (resetMillis + 999) / 1000);
        boolean[] counted = new boolean[1];
        Count after = counts.asMap().compute(new Key(bucket, subject), (key, count) -> {
            long used = count == null || count.window() != window ? 0 : count.used();
            counted[0] = used < quota;
            return new Count(window, counted[0] ? used + 1 : used);
        });
        return new Verdict(bucket, quota, quota - after.used(), resetSeconds, counted[0]);
    }
}
