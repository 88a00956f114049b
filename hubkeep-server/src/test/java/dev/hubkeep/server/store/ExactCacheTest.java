package dev.hubkeep.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** While a node may be missing other nodes' changes, its caches neither answer nor keep. */
class ExactCacheTest {

    @Test
    void whileSuspended_everyReadGoesToTheSource() {
        Changes changes = new Changes();
        ExactCache<String, String> cache = ExactCache.ofPresent(10, changes);
        AtomicInteger loads = new AtomicInteger();
        cache.get("k", k -> Optional.of("v" + loads.incrementAndGet()));

        changes.suspend();
        cache.get("k", k -> Optional.of("v" + loads.incrementAndGet()));
        Optional<String> read = cache.get("k", k -> Optional.of("v" + loads.incrementAndGet()));

        assertThat(read).contains("v3");
    }

    @Test
    void resumed_keepsAgain() {
        Changes changes = new Changes();
        ExactCache<String, String> cache = ExactCache.ofPresent(10, changes);
        AtomicInteger loads = new AtomicInteger();
        changes.suspend();
        cache.get("k", k -> Optional.of("v" + loads.incrementAndGet()));

        changes.resume();
        cache.get("k", k -> Optional.of("v" + loads.incrementAndGet()));
        Optional<String> read = cache.get("k", k -> Optional.of("v" + loads.incrementAndGet()));

        assertThat(read).contains("v2");
    }
}
