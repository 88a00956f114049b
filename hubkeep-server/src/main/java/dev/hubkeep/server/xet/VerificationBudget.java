package dev.hubkeep.server.xet;

import dev.hubkeep.server.errors.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how many file bytes one uploader can make the CAS hash to check a shard's SHA-256s.
 *
 * <p>A shard is small, but a file in it may repeat one stored chunk range a million times: checking
 * its SHA-256 would hash terabytes for a few megabytes sent. So hashing is paid for: every uploader
 * may have the CAS verify, per five-minute window, the xorb bytes they uploaded in it plus a fixed
 * allowance for files made of chunks stored before (a copy of a file from another repository, a
 * file sharing most chunks with an earlier one). A shard that needs more is refused whole with 429
 * before anything is hashed. Files already recorded under the same SHA-256 cost nothing (their
 * hash was checked when first recorded).
 *
 * <p>State is per node and in memory: it bounds the CPU of this node, which is what it protects.
 */
final class VerificationBudget {

    static final Duration WINDOW = Duration.ofMinutes(5);
    /** Bounds the map: past this many uploaders in a window, the oldest windows are forgotten first. */
    private static final int MAX_UPLOADERS = 10_000;

    private final long allowance;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** @param allowance bytes an uploader may have verified per window beyond the xorb bytes they sent in it */
    VerificationBudget(long allowance, Clock clock) {
        this.allowance = allowance;
        this.clock = clock;
    }

    /** Counts {@code bytes} of xorb data {@code uploader} sent: they may have that much more verified. */
    void credit(String uploader, long bytes) {
        windowOf(uploader).credit(bytes);
    }

    /**
     * Takes {@code bytes} of verification from {@code uploader}'s window, or refuses (taking nothing)
     * with a 429 saying what was asked ({@code work}, e.g. "hashing 3 files"), how much is left and
     * when the window turns.
     */
    void charge(String uploader, long bytes, String work) {
        Window window = windowOf(uploader);
        if (!window.take(bytes, allowance)) {
            long retryAfter = Math.max(1, Duration.between(clock.instant(), window.end()).toSeconds());
            throw new RateLimitedException("Checking this shard (" + work + ") costs " + bytes + " bytes of your"
                    + " verification budget, which has " + window.left(allowance) + " left: the xorb bytes you uploaded"
                    + " in this five-minute window plus " + allowance + ". Upload the shard again in " + retryAfter
                    + " seconds, or split the upload into smaller commits.", Duration.ofSeconds(retryAfter));
        }
    }

    private Window windowOf(String uploader) {
        long now = clock.millis();
        long start = now - Math.floorMod(now, WINDOW.toMillis());
        if (windows.size() > MAX_UPLOADERS) {
            windows.values().removeIf(w -> w.start < start);
        }
        return windows.compute(uploader, (key, old) -> old != null && old.start == start ? old : new Window(start));
    }

    private static final class Window {
        final long start;
        private long credited;
        private long taken;

        Window(long start) {
            this.start = start;
        }

        synchronized void credit(long bytes) {
            credited += bytes;
        }

        synchronized boolean take(long bytes, long allowance) {
            if (bytes > left(allowance)) {
                return false;
            }
            taken += bytes;
            return true;
        }

        synchronized long left(long allowance) {
            return Math.max(0, allowance + credited - taken);
        }

        java.time.Instant end() {
            return java.time.Instant.ofEpochMilli(start).plus(WINDOW);
        }
    }
}
