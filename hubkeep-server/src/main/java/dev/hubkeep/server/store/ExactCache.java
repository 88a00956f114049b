package dev.hubkeep.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A bounded cache whose entries live until they are invalidated (by a {@link Change}), never for a
 * set time. A load racing an invalidation never leaves what it read before the change behind: every
 * invalidation bumps a generation, and a load keeps its value only if no invalidation began while it
 * ran (checked again after the value is in, since one may begin in between).
 *
 * <p>Absence ({@code Optional.empty()}) is cached only by a cache made {@link #keepingAbsence}: a
 * non-member of an organization stays a non-member until a change to the organization is announced.
 * Others forget nothing they never saw created (a user made by an operator command in another
 * process, say), so they keep only what exists.
 */
public final class ExactCache<K, V> {

    private final Cache<K, Optional<V>> entries;
    private final AtomicLong generation = new AtomicLong();
    private final boolean keepsAbsence;
    private final Changes changes;

    private ExactCache(long maximumSize, boolean keepsAbsence, Changes changes) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
        this.keepsAbsence = keepsAbsence;
        this.changes = changes;
    }

    /**
     * Keeps what exists; asks again about what did not. Bypassed while {@code changes} says caches
     * are not usable (a node that may be missing other nodes' announcements).
     */
    public static <K, V> ExactCache<K, V> ofPresent(long maximumSize, Changes changes) {
        return new ExactCache<>(maximumSize, false, changes);
    }

    /** Keeps absence too: the creations that end it must be announced. */
    public static <K, V> ExactCache<K, V> keepingAbsence(long maximumSize, Changes changes) {
        return new ExactCache<>(maximumSize, true, changes);
    }

    /** The cached value of {@code key}, or what {@code loader} reads (and is kept unless a change raced it). */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        if (!changes.cachesUsable()) {
            return loader.apply(key); // suspending dropped every entry and bumped the generation: nothing to keep
        }
        Optional<V> cached = entries.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        Optional<V> loaded = loader.apply(key);
        if ((loaded.isPresent() || keepsAbsence) && generation.get() == before) {
            entries.put(key, loaded);
            if (generation.get() != before) {
                entries.asMap().remove(key, loaded); // an invalidation began meanwhile: it may not have seen this entry
            }
        }
        return loaded;
    }

    /** Forgets every entry whose key and value satisfy {@code stale}. */
    public void invalidateIf(BiPredicate<K, Optional<V>> stale) {
        generation.incrementAndGet();
        entries.asMap().entrySet().removeIf(e -> stale.test(e.getKey(), e.getValue()));
    }

    public void invalidate(K key) {
        generation.incrementAndGet();
        entries.invalidate(key);
    }

    public void invalidateAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }
}
