package dev.hubkeep.server.git;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hubkeep.server.store.Database;
import java.time.Clock;
import java.util.Optional;

/** Which repository holds which LFS object ({@code lfs_objects}): a repository serves only its own. */
public final class LfsObjects {

    /** Told of each object a repository received (the scanning pipeline queues it). */
    @FunctionalInterface
    public interface Received {
        void received(String repoId, String oid, long size);
    }

    private final Database database;
    private final Clock clock;
    private final Received received;

    private record Held(String repoId, String oid) {}

    /**
     * Objects known to be held, with their sizes. A link is never removed while its repository lives
     * (repository ids are never reused), so what is held stays held: no invalidation is needed.
     */
    private final Cache<Held, Long> held = Caffeine.newBuilder().maximumSize(1_000_000).build();

    public LfsObjects(Database database, Clock clock) {
        this(database, clock, (repoId, oid, size) -> {});
    }

    public LfsObjects(Database database, Clock clock, Received received) {
        this.database = database;
        this.clock = clock;
        this.received = received;
    }

    /** The object's size if the repository holds it. */
    public Optional<Long> sizeIn(String repoId, String oid) {
        Held key = new Held(repoId, oid);
        Long known = held.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Long> size = database.jdbi().withHandle(h -> h.createQuery("SELECT size FROM lfs_objects WHERE repo_id = :repo AND oid = :oid")
                .bind("repo", repoId)
                .bind("oid", oid)
                .mapTo(Long.class)
                .findOne());
        size.ifPresent(bytes -> held.put(key, bytes));
        return size;
    }

    /** Links an object to a repository: only one whose bytes were just received and checked for it. */
    public void link(String repoId, LfsStore.Stored object) {
        database.jdbi().useTransaction(h -> h.createUpdate("INSERT INTO lfs_objects (repo_id, oid, size, created_at)"
                        + " VALUES (:repo, :oid, :size, :at) ON CONFLICT DO NOTHING")
                .bind("repo", repoId)
                .bind("oid", object.oid())
                .bind("size", object.size())
                .bind("at", clock.millis())
                .execute());
        received.received(repoId, object.oid(), object.size());
    }
}
