package dev.hubkeep.server.git;

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
        return database.jdbi().withHandle(h -> h.createQuery("SELECT size FROM lfs_objects WHERE repo_id = :repo AND oid = :oid")
                .bind("repo", repoId)
                .bind("oid", oid)
                .mapTo(Long.class)
                .findOne());
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
