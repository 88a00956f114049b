package dev.hubkeep.server.files;

import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.git.ReceiveHooks;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.git.StorageException;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Moves one ref for the files API exactly as a push would: the same pre-receive rules first (a
 * rule's reason refuses the change), then a compare-and-swap on the ref, then the post-receive
 * hooks. A ref that moved meanwhile is reported, never overwritten.
 */
final class RefWriter {

    /** The ref was not at the expected value: somebody else changed it first. */
    static final class RaceLost extends Exception {
        private static final long serialVersionUID = 1L;

        RaceLost() {
            super(null, null, false, false);
        }
    }

    /** How long a ref held locked by someone else is waited for: 50 times 20 ms. */
    private static final int LOCK_ATTEMPTS = 50;
    private static final long LOCK_WAIT_MILLIS = 20;

    private final ReceiveHooks hooks;
    private final RepoStorage storage;

    RefWriter(ReceiveHooks hooks, RepoStorage storage) {
        this.hooks = hooks;
        this.storage = storage;
    }

    /**
     * Sets {@code refName} from {@code expected} (zero id: must not exist) to {@code next} (zero id:
     * delete), as {@code username} did it.
     */
    void update(Repository repo, String repoId, String username, String refName, ObjectId expected, ObjectId next,
            String reflogMessage) throws RaceLost {
        ReceiveCommand command = new ReceiveCommand(expected, next, refName);
        ReceiveHooks.Push push = new ReceiveHooks.Push(repoId, username, repo, List.of(command));
        hooks.check(push).ifPresent(reason -> {
            throw new ForbiddenException(reason);
        });
        try (RepoStorage.RefChange ignored = storage.changingRefs(repoId)) {
            for (int attempt = 1; !tryUpdate(repo, username, refName, expected, next, reflogMessage); attempt++) {
                // The ref is locked (a push or repack holds it) but still has the value we expect: wait our turn.
                if (attempt == LOCK_ATTEMPTS) {
                    throw new ConflictException(refName + " stayed locked by another operation; try again.");
                }
                Thread.sleep(LOCK_WAIT_MILLIS);
            }
        } catch (IOException e) {
            throw new StorageException("Could not update " + refName + " of " + repoId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("Interrupted while updating " + refName + ".");
        }
        command.setResult(ReceiveCommand.Result.OK);
        hooks.landed(push);
    }

    /** True once the ref moved; false if its lock was busy while it still held {@code expected}. */
    private static boolean tryUpdate(Repository repo, String username, String refName, ObjectId expected, ObjectId next,
            String reflogMessage) throws IOException, RaceLost {
        RefUpdate update = repo.updateRef(refName);
        update.setExpectedOldObjectId(expected);
        update.setRefLogIdent(new PersonIdent(username, username + "@users.noreply.hubkeep"));
        update.setRefLogMessage(reflogMessage, false);
        update.setForceUpdate(true); // the expected old value is what guards the change
        RefUpdate.Result result;
        if (next.equals(ObjectId.zeroId())) {
            result = update.delete();
        } else {
            update.setNewObjectId(next);
            result = update.update();
        }
        switch (result) {
            case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {
                return true;
            }
            case LOCK_FAILURE -> {
                Ref current = repo.exactRef(refName);
                ObjectId now = current == null ? ObjectId.zeroId() : current.getObjectId();
                if (!now.equals(expected)) {
                    throw new RaceLost();
                }
                return false;
            }
            case REJECTED, REJECTED_MISSING_OBJECT -> throw new RaceLost();
            default -> throw new ConflictException("Could not update " + refName + ": " + result + ".");
        }
    }
}
