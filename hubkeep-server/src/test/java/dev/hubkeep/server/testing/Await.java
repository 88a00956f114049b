package dev.hubkeep.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what another thread or process does, which no {@link MutableClock} can hurry: polls a
 * condition until it holds, and fails the test once the deadline passes instead of hanging it.
 */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {}

    /** Returns once {@code condition} holds; throws an {@link AssertionError} naming {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Still waiting after " + timeout + ": " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + what, e);
            }
        }
    }
}
