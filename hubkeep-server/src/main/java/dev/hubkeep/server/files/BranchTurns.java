package dev.hubkeep.server.files;

import dev.hubkeep.server.errors.ConflictException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * API commits to one branch take turns on this node, first come first served. Without it, commits
 * sent at once (as several uploading processes do) each rebuild their tree on a head that moves
 * under them, and about half lost the branch race after three rebuilds (409) where a Hub user expects
 * every one to land. The compare-and-swap on the ref still guards against pushes and other nodes.
 *
 * <p>A fixed set of locks, chosen by the branch's hash, keeps memory bounded however many
 * repositories exist; two branches that share a lock only wait for each other's short commit.
 */
final class BranchTurns {

    /** Held while one commit is built and its branch moved. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    private static final int LOCKS = 64;

    private final ReentrantLock[] locks = new ReentrantLock[LOCKS];
    private final Duration patience;

    BranchTurns(Duration patience) {
        this.patience = patience;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /** Waits for the branch's turn, at most the patience given; a 409 if it did not come. */
    Turn take(String repoId, String branch) {
        ReentrantLock lock = locks[Math.floorMod((repoId + '\0' + branch).hashCode(), LOCKS)];
        try {
            if (!lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ConflictException("Other commits to " + branch + " of " + repoId + " have been queued for over "
                        + patience.toSeconds() + " s. Try again.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("Interrupted while waiting to commit to " + branch + ". Try again.");
        }
        return lock::unlock;
    }
}
