package dev.hubkeep.server.limits;

import java.util.Locale;

/** Where rate-limit counters live ({@code rate-limit-store}, docs/limits.md). */
public enum RateLimitStore {
    /** In this process: no database statement per request; each node counts apart; a restart starts afresh. */
    MEMORY,
    /** In the database: every node on it enforces one quota; a restart keeps the window. One statement per request. */
    DATABASE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code memory} or {@code database}. */
    public static RateLimitStore fromWire(String text) {
        for (RateLimitStore store : values()) {
            if (store.wireName().equals(text.toLowerCase(Locale.ROOT))) {
                return store;
            }
        }
        throw new IllegalArgumentException("must be memory or database, not '" + text + "'");
    }
}
