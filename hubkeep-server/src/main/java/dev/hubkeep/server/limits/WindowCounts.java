package dev.hubkeep.server.limits;

import java.util.Map;

/**
 * Request counters per bucket and subject over {@link Window fixed windows}: in process
 * ({@link FixedWindows}, no database statement) or in the database ({@link DatabaseWindows}, shared
 * by every node on it and kept across restarts). Chosen by {@code rate-limit-store}.
 */
public interface WindowCounts {

    /**
     * Counts one request of {@code subject} in {@code bucket} against {@code quota}, unless it is
     * already spent: a refused request does not count, so the window still ends when it said it would.
     */
    Verdict take(Bucket bucket, String subject, long quota);

    /** What {@code subject} has used of each bucket in the current window (buckets it has not touched: absent). */
    Map<Bucket, Long> used(String subject);

    /** The current window. */
    Window window();
}
