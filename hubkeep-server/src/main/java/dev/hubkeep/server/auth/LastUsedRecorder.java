package dev.hubkeep.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind of "last used" (time and address) and of the first use from each new address.
 * Requests only drop a note in a bounded in-memory queue, at most once a minute per token and
 * address; a background flush writes the notes in one transaction. A full queue or a failing
 * flush loses notes, never a request.
 */
public final class LastUsedRecorder {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_PENDING = 10_000;
    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

    private record Use(String tokenId, String userId, String address, Instant at) {}

    private final Database database;
    private final Ids ids;
    private record UseKey(String tokenId, String address) {}

    private final Cache<UseKey, Instant> recentlyNoted;
    private final ConcurrentLinkedQueue<Use> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();

    public LastUsedRecorder(Database database, Clock clock) {
        this.database = database;
        this.ids = new Ids(clock);
        this.recentlyNoted = Caffeine.newBuilder().maximumSize(100_000).build();
    }

    /**
     * Called on every successful token authentication; cheap, and never throws. Answers when this
     * token's use from this address was last noted ({@code now} if by this call): until that time
     * plus {@link #INTERVAL}, further calls for the pair change nothing.
     */
    Instant noteUse(String tokenId, String userId, String address, Instant now) {
        UseKey key = new UseKey(tokenId, address);
        Instant previous = recentlyNoted.getIfPresent(key);
        if (previous != null && previous.plus(INTERVAL).isAfter(now)) {
            return previous;
        }
        recentlyNoted.put(key, now);
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            return now;
        }
        pending.add(new Use(tokenId, userId, address, now));
        return now;
    }

    /** Writes every pending note; runs on the background flusher and at shutdown. */
    public void flush() {
        List<Use> batch = new ArrayList<>();
        for (Use use = pending.poll(); use != null; use = pending.poll()) {
            pendingCount.decrementAndGet();
            batch.add(use);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            database.jdbi().useTransaction(handle -> {
                TokenRepository tokens = new TokenRepository(handle);
                AuditRepository audit = new AuditRepository(handle);
                for (Use use : batch) {
                    tokens.recordUse(use.tokenId(), use.at(), use.address());
                    if (tokens.addAddress(use.tokenId(), use.address(), use.at())) {
                        audit.insert(new AuditEvent(ids.next(), use.at(), use.userId(), "system",
                                "token.used_from_new_address", Optional.of(use.tokenId()), Optional.of(use.address()),
                                Map.of()));
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not record the last use of {} token(s); dropped", batch.size(), e);
        }
    }
}
