package dev.hubkeep.server.limits;

import dev.hubkeep.server.store.Database;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Request counters in the database ({@code rate-limit-store = database}): every node on one
 * database counts against the same quota, and a restart keeps the window. One statement per
 * counted request: an atomic UPSERT of the row (subject, bucket, window) that adds one only while
 * the quota is not spent, and returns the count when it did. Bucket4j's JDBC backends keep a
 * serialized token bucket per key under a lock (a transaction of several statements per request),
 * refill continuously or at intervals from the bucket's creation, and have no SQLite backend; the
 * Hub's epoch-aligned fixed window is exactly one counter per window, so it is written out here.
 */
public final class DatabaseWindows implements WindowCounts {

    /** Windows kept: the current one and the one before (a node whose clock lags a little still finds it). */
    private static final long KEPT = 2;

    private final Database database;
    private final Clock clock;

    public DatabaseWindows(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Verdict take(Bucket bucket, String subject, long quota) {
        Window window = window();
        Optional<Long> used = database.jdbi().withHandle(h -> h.createQuery("""
                        INSERT INTO rate_limit_counts (subject, bucket, window_no, used)
                        VALUES (:subject, :bucket, :window, 1)
                        ON CONFLICT (subject, bucket, window_no)
                        DO UPDATE SET used = rate_limit_counts.used + 1 WHERE rate_limit_counts.used < :quota
                        RETURNING used""")
                .bind("subject", subject)
                .bind("bucket", bucket.wireName())
                .bind("window", window.number())
                .bind("quota", quota)
                .mapTo(Long.class)
                .findOne());
        // No row returned: the update's condition failed, the quota is spent and nothing was counted.
        return used.map(n -> new Verdict(bucket, quota, Math.max(0, quota - n), window.resetSeconds(), true))
                .orElseGet(() -> new Verdict(bucket, quota, 0, window.resetSeconds(), false));
    }

    @Override
    public Map<Bucket, Long> used(String subject) {
        Map<Bucket, Long> used = new EnumMap<>(Bucket.class);
        database.jdbi().useHandle(h -> h.createQuery(
                        "SELECT bucket, used FROM rate_limit_counts WHERE subject = :subject AND window_no = :window")
                .bind("subject", subject)
                .bind("window", window().number())
                .map((rs, ctx) -> Map.entry(rs.getString("bucket"), rs.getLong("used")))
                .forEach(row -> bucketNamed(row.getKey()).ifPresent(b -> used.put(b, row.getValue()))));
        return used;
    }

    @Override
    public Window window() {
        return Window.at(clock.millis());
    }

    /** Deletes the counters of windows that have ended (run in the background, so the table holds about two windows). */
    public int prune() {
        long oldest = window().number() - KEPT + 1;
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM rate_limit_counts WHERE window_no < :oldest")
                .bind("oldest", oldest)
                .execute());
    }

    private static Optional<Bucket> bucketNamed(String wireName) {
        for (Bucket bucket : Bucket.values()) {
            if (bucket.wireName().equals(wireName)) {
                return Optional.of(bucket);
            }
        }
        return Optional.empty();
    }
}
