package dev.hubkeep.server.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Stored scan statuses kept in memory, so a warm download or tree page asks the database nothing
 * (as every hot read path of the hub). Exact, never timed: {@link ScanQueue} forgets a key whenever
 * it changes that key's row; all such changes happen in this process (one hub per database). A
 * batch read that raced a change keeps nothing it read (the generation moved on meanwhile).
 * Thread-safe.
 */
final class StatusCache {

    private static final long MAXIMUM = 200_000;

    private final Cache<ScanKey, ScanQueue.Stored> entries = Caffeine.newBuilder().maximumSize(MAXIMUM).build();
    private final AtomicLong generation = new AtomicLong();

    /** The statuses of these keys: cached ones, and the rest from {@code loader} (kept unless a change raced it). */
    Map<ScanKey, ScanQueue.Stored> get(Collection<ScanKey> keys, Function<List<ScanKey>, Map<ScanKey, ScanQueue.Stored>> loader) {
        Map<ScanKey, ScanQueue.Stored> found = new HashMap<>(entries.getAllPresent(keys));
        List<ScanKey> missing = keys.stream().filter(k -> !found.containsKey(k)).distinct().toList();
        if (missing.isEmpty()) {
            return found;
        }
        long before = generation.get();
        Map<ScanKey, ScanQueue.Stored> loaded = loader.apply(missing);
        found.putAll(loaded);
        if (generation.get() == before) {
            entries.putAll(loaded);
            if (generation.get() != before) {
                loaded.keySet().forEach(entries::invalidate); // a change began meanwhile: it may not have seen these
            }
        }
        return found;
    }

    /** One key's status, or null if it has none stored: the warm download's lookup, with no collection built. */
    ScanQueue.Stored get(ScanKey key, Function<List<ScanKey>, Map<ScanKey, ScanQueue.Stored>> loader) {
        ScanQueue.Stored cached = entries.getIfPresent(key);
        return cached != null ? cached : get(List.of(key), loader).get(key);
    }

    void forget(Collection<ScanKey> keys) {
        generation.incrementAndGet();
        entries.invalidateAll(keys);
    }
}
