package dev.hubkeep.server.scan;

import dev.hubkeep.server.files.LfsPointer;
import dev.hubkeep.server.git.RepoStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Lists the files a push brought: every file of every new commit that differs from the same
 * path in all its parents, so a file added and removed again within the push is scanned too (it
 * stays in history, downloadable by its commit). A new branch or tag is walked only as far as the
 * other refs do not already reach. Bounded per push; what lies beyond is queued when viewed.
 */
final class PushLister {

    static final int MAX_COMMITS = 10_000;
    static final int MAX_FILES = 100_000;

    private final RepoStorage storage;

    PushLister(RepoStorage storage) {
        this.storage = storage;
    }

    /** {@code updates}: one "old new ref" line per ref update, as {@link ScanIntake} records them. */
    List<ScanQueue.Sighting> list(String repoId, String updates) throws IOException {
        Map<ObjectId, ScanQueue.Sighting> found = new LinkedHashMap<>();
        try (Repository repo = storage.open(repoId); ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            Set<String> updatedRefs = new HashSet<>();
            List<String[]> lines = new ArrayList<>();
            for (String line : updates.split("\n")) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    lines.add(parts);
                    updatedRefs.add(parts[2]);
                }
            }
            for (String[] update : lines) {
                ObjectId newId = ObjectId.fromString(update[1]);
                if (newId.equals(ObjectId.zeroId())) {
                    continue;
                }
                walk.reset();
                if (!(peel(walk, newId) instanceof RevCommit tip)) {
                    continue;
                }
                walk.markStart(tip);
                ObjectId oldId = ObjectId.fromString(update[0]);
                if (!oldId.equals(ObjectId.zeroId())) {
                    if (peel(walk, oldId) instanceof RevCommit old) {
                        walk.markUninteresting(old);
                    }
                } else {
                    for (Ref ref : repo.getRefDatabase().getRefs()) {
                        if (!updatedRefs.contains(ref.getName()) && ref.getObjectId() != null
                                && peel(walk, ref.getObjectId()) instanceof RevCommit other) {
                            walk.markUninteresting(other);
                        }
                    }
                }
                int commits = 0;
                for (RevCommit commit : walk) {
                    if (++commits > MAX_COMMITS || found.size() >= MAX_FILES) {
                        break;
                    }
                    filesOf(repoId, reader, walk, commit, found);
                }
            }
        }
        return List.copyOf(found.values());
    }

    private static RevObject peel(RevWalk walk, ObjectId id) throws IOException {
        try {
            return walk.peel(walk.parseAny(id));
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            return null;
        }
    }

    private static void filesOf(String repoId, ObjectReader reader, RevWalk walk, RevCommit commit,
            Map<ObjectId, ScanQueue.Sighting> found) throws IOException {
        try (TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(commit.getTree());
            for (RevCommit parent : commit.getParents()) {
                tree.addTree(walk.parseCommit(parent).getTree());
            }
            tree.setRecursive(true);
            tree.setFilter(commit.getParentCount() == 0 ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
            while (tree.next() && found.size() < MAX_FILES) {
                FileMode mode = tree.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    continue;
                }
                ObjectId blob = tree.getObjectId(0);
                if (found.containsKey(blob) || inAnyParent(tree, blob)) {
                    continue;
                }
                found.put(blob, sighting(repoId, reader, blob, commit.name(), tree.getPathString()));
            }
        }
    }

    private static boolean inAnyParent(TreeWalk tree, ObjectId blob) {
        for (int i = 1; i < tree.getTreeCount(); i++) {
            if (tree.getObjectId(i).equals(blob)) {
                return true;
            }
        }
        return false;
    }

    /** An LFS pointer stands for its object: the object is what gets scanned. */
    static ScanQueue.Sighting sighting(String repoId, ObjectReader reader, ObjectId blob, String commit, String path)
            throws IOException {
        long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
        Optional<LfsPointer> lfs = size <= 1024
                ? LfsPointer.parse(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes())
                : Optional.empty();
        return lfs.map(p -> new ScanQueue.Sighting(ScanKey.sha256(p.oid()), p.size(), repoId, Optional.of(commit), Optional.of(path)))
                .orElseGet(() -> new ScanQueue.Sighting(ScanKey.gitBlob(blob.name()), size, repoId, Optional.of(commit), Optional.of(path)));
    }
}
