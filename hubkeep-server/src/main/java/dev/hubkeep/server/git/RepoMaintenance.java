package dev.hubkeep.server.git;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repacks repositories after pushes, in the background, one at a time: packs are merged and get a
 * reachability bitmap, so the next clone is served from one pack with no counting of objects. A
 * repository pushed to again while queued is repacked once. Packs younger than JGit's pack expiry
 * (an hour) are kept, so objects a push or commit is writing at the same moment are never removed;
 * older replaced packs are deleted after their unreachable objects are written out loose, and a
 * loose object is deleted only when a pack holds it. Unreachable objects are never pruned here.
 */
public final class RepoMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RepoMaintenance.class);

    private final RepoStorage storage;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "hubkeep-repack");
        thread.setDaemon(true);
        return thread;
    });

    public RepoMaintenance(RepoStorage storage) {
        this.storage = storage;
    }

    /** A post-receive hook: queue a repack of the pushed repository. */
    public void afterPush(ReceiveHooks.Push push) {
        String repoId = push.repoId();
        if (queued.add(repoId)) {
            worker.execute(() -> repack(repoId));
        }
    }

    private void repack(String repoId) {
        queued.remove(repoId);
        try (Repository repository = storage.open(repoId)) {
            // Objects only: repack (with bitmaps), then drop loose copies of what is now packed. Refs
            // are never packed here: packing locks and deletes loose ref files, which races with a
            // push or an API commit moving the same ref at that moment.
            GC gc = new GC((FileRepository) repository);
            gc.setAuto(false);
            gc.repack();
            gc.prunePacked();
        } catch (Exception e) {
            log.warn("Repacking repository {} failed; it stays as it was", repoId, e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
