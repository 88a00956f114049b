package dev.hubkeep.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Request counters held in this process ({@code rate-limit-store = memory}, the default): counting
 * costs no database statement; each node counts apart and a restart starts every window afresh.
 * At most {@link #MAX_COUNTERS} counters (subject and bucket) are kept; beyond it the least
 * recently used is forgotten (its subject starts that window afresh), so a flood of new addresses
 * cannot grow memory without bound.
 */
public final class FixedWindows implements WindowCounts {

    /** The public Hub's window, stated to clients as {@code w=300}. */
    public static final Duration WINDOW = Window.LENGTH;

    /** Counters kept at most, about 100 bytes each. */
    static final long MAX_COUNTERS = 1_000_000;

    private record Key(Bucket bucket, String subject) {}

    private record Count(long window, long used) {}

    private final Clock clock;
    private final Cache<Key, Count> counts;

    public FixedWindows(Clock clock) {
        this.clock = clock;
        // A counter untouched for a whole window is stale: the next request starts a new one anyway.
        this.counts = Caffeine.newBuilder()
                .maximumSize(MAX_COUNTERS)
                .expireAfterAccess(2 * WINDOW.toMillis(), TimeUnit.MILLISECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    @Override
    public Verdict take(Bucket bucket, String subject, long quota) {
        Window window = window();
        boolean[] counted = new boolean[1];
        Count after = counts.asMap().compute(new Key(bucket, subject), (key, count) -> {
            long used = count == null || count.window() != window.number() ? 0 : count.used();
            counted[0] = used < quota;
            return new Count(window.number(), counted[0] ? used + 1 : used);
        });
        return new Verdict(bucket, quota, Math.max(0, quota - after.used()), window.resetSeconds(), counted[0]);
    }

    @Override
    public Map<Bucket, Long> used(String subject) {
        long window = window().number();
        Map<Bucket, Long> used = new EnumMap<>(Bucket.class);
        for (Bucket bucket : Bucket.values()) {
            Count count = counts.getIfPresent(new Key(bucket, subject));
            if (count != null && count.window() == window) {
                used.put(bucket, count.used());
            }
        }
        return used;
    }

    @Override
    public Window window() {
        return Window.at(clock.millis());
    }
}
