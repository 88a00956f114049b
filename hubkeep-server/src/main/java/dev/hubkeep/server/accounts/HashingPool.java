package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds password hashing, the one piece of work an anonymous caller can make expensive at will
 * (each sign-in or sign-up costs a memory-hard hash): at most {@code parallel} run at once, at most
 * {@code waiting} more wait their turn, and anyone beyond that is told at once to come back (429
 * with {@code Retry-After}) instead of piling up until every core and the heap are spent.
 */
final class HashingPool {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Semaphore admitted;
    private final Semaphore running;

    HashingPool(int parallel, int waiting) {
        if (parallel < 1 || waiting < 0) {
            throw new IllegalArgumentException("parallel must be at least 1 and waiting at least 0");
        }
        this.admitted = new Semaphore(parallel + waiting);
        this.running = new Semaphore(parallel, true);
    }

    <T> T run(Supplier<T> work) {
        if (!admitted.tryAcquire()) {
            throw new RateLimitedException("The server is busy checking passwords. Try again in a moment.", RETRY_AFTER);
        }
        try {
            running.acquire();
            try {
                return work.get();
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RateLimitedException("The server is stopping. Try again in a moment.", RETRY_AFTER);
        } finally {
            admitted.release();
        }
    }
}
