package dev.hubkeep.server.limits;

import java.time.Duration;

/**
 * One fixed window: its number (windows of {@link #LENGTH} since the epoch, so every node and every
 * caller sees the same reset instant) and the whole seconds until it ends, as {@code t=} tells clients.
 *
 * @param resetSeconds whole seconds until the window ends (at least 1)
 */
public record Window(long number, long resetSeconds) {

    /** The public Hub's window, stated to clients as {@code w=300}. */
    public static final Duration LENGTH = Duration.ofMinutes(5);

    private static final long MILLIS = LENGTH.toMillis();

    /** The window holding the instant {@code epochMillis}. */
    public static Window at(long epochMillis) {
        long number = Math.floorDiv(epochMillis, MILLIS);
        long resetMillis = (number + 1) * MILLIS - epochMillis;
        return new Window(number, Math.max(1, (resetMillis + 999) / 1000));
    }
}
