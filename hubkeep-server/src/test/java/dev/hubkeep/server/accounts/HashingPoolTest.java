package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.errors.RateLimitedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HashingPoolTest {

    @Test
    void full_nextCallerRefusedAtOnceWithRetryAfter() throws Exception {
        HashingPool pool = new HashingPool(1, 0);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            callers.submit(() -> pool.run(() -> hold(running, release)));
            running.await();

            assertThatThrownBy(() -> pool.run(() -> "second"))
                    .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isPositive());
            release.countDown();
        }
    }

    @Test
    void afterTheWorkIsDone_admitsAgain() throws Exception {
        HashingPool pool = new HashingPool(1, 0);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = callers.submit(() -> pool.run(() -> "first"));
            first.get();
        }

        assertThat(pool.run(() -> "second")).isEqualTo("second");
    }

    private static String hold(CountDownLatch running, CountDownLatch release) {
        running.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }
}
