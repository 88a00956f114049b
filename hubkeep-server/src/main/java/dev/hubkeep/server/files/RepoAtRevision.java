package dev.hubkeep.server.files;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.git.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * One repository at one commit, open for the length of a request: its files and folders, their
 * content and their history. Closing it closes the git repository.
 */
public final class RepoAtRevision implements AutoCloseable {

    /** How far back {@link #lastCommits} looks before giving up on paths untouched for that long. */
    private static final int LAST_COMMIT_HORIZON = 10_000;

    private final Repository repo;
    private final RevWalk walk;
    private final ObjectReader reader;
    private final RevCommit commit;

    private RepoAtRevision(Repository repo, RevWalk walk, RevCommit commit) {
        this.repo = repo;
        this.walk = walk;
        this.reader = walk.getObjectReader();
        this.commit = commit;
    }

    /** Opens repository {@code repoId} at {@code revision}, or a 404 {@code RevisionNotFound}. */
    public static RepoAtRevision open(RepoStorage storage, String repoId, String revision) {
        ObjectId commit = storage.commitOf(repoId, revision);
        Repository repo = storage.open(repoId);
        RevWalk walk = new RevWalk(repo);
        try {
            return new RepoAtRevision(repo, walk, walk.parseCommit(commit));
        } catch (IOException e) {
            walk.close();
            repo.close();
            throw new StorageException("Could not read the git repository " + repo.getDirectory(), e);
        } catch (RuntimeException e) {
            walk.close();
            repo.close();
            throw e;
        }
    }

    /** Whether {@code name} is a branch of this repository (what a commit can move), not a tag or a sha. */
    public boolean isBranch(String name) {
        String ref = Constants.R_HEADS + name;
        try {
            return Repository.isValidRefName(ref) && repo.exactRef(ref) != null;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    public RevCommit commit() {
        return commit;
    }

    public String commitId() {
        return commit.getName();
    }

    /** The file or folder at {@code path}, if the commit has one. */
    public Optional<Entry> entry(String path) {
        try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
            if (tree == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(entryOf(tree, tree.getPathString()));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The file at {@code path}, or a 404 {@code EntryNotFound}. */
    public Entry file(String path) {
        return entry(path).filter(Entry::isFile).orElseThrow(() -> entryNotFound(path));
    }

    /**
     * At most {@code limit} entries of folder {@code folder} ("" for the root), in git's order,
     * starting after the entry {@code after} if given; with {@code recursive}, each folder is
     * followed by everything inside it. Only the entries returned are read (sizes, LFS facts), and
     * folders wholly before {@code after} are not entered, so a page costs about its own size.
     * An {@code after} that is not in the folder is a 400.
     */
    public List<Entry> list(String folder, boolean recursive, Optional<String> after, int limit) {
        List<Entry> entries = new ArrayList<>();
        boolean passed = walk(folder, recursive, after, (tree, path) -> {
            Entry entry = entryOf(tree, path);
            if (entry != null) {
                entries.add(entry);
            }
            return entries.size() < limit;
        });
        if (!passed) {
            throw new InvalidInputException("The 'cursor' does not point into this tree; start again without it.");
        }
        return entries;
    }

    /** The paths of at most {@code limit} files of the whole commit, in git's order (no sizes: nothing but trees is read). */
    public List<String> filePaths(int limit) {
        List<String> paths = new ArrayList<>();
        walk("", true, Optional.empty(), (tree, path) -> {
            if (!tree.isSubtree() && tree.getFileMode(0) != FileMode.GITLINK) {
                paths.add(path);
            }
            return paths.size() < limit;
        });
        return paths;
    }

    /** At most {@code limit} files of the whole commit, in git's order, with sizes and LFS facts. */
    public List<Entry> files(int limit) {
        List<Entry> files = new ArrayList<>();
        walk("", true, Optional.empty(), (tree, path) -> {
            Entry entry = tree.isSubtree() ? null : entryOf(tree, path);
            if (entry != null) {
                files.add(entry);
            }
            return files.size() < limit;
        });
        return files;
    }

    /** What a walk does with each entry it reaches; false to stop. */
    @FunctionalInterface
    private interface Visit {
        boolean next(TreeWalk tree, String path) throws IOException;
    }

    /**
     * Walks the folder's entries (paths relative to the commit's root) in git's order, those after
     * {@code after} only, until {@code visit} says stop. False if {@code after} was never reached.
     */
    private boolean walk(String folder, boolean recursive, Optional<String> after, Visit visit) {
        try (TreeWalk tree = new TreeWalk(repo, reader)) {
            if (folder.isEmpty()) {
                tree.addTree(commit.getTree());
            } else {
                Entry dir = entry(folder).filter(e -> !e.isFile()).orElseThrow(() -> entryNotFound(folder));
                tree.addTree(dir.oid());
            }
            String prefix = folder.isEmpty() ? "" : folder + "/";
            tree.setRecursive(false);
            boolean passed = after.isEmpty();
            while (tree.next()) {
                String path = prefix + tree.getPathString();
                if (!passed) {
                    passed = path.equals(after.get());
                    if (tree.isSubtree() && recursive && (passed || after.get().startsWith(path + "/"))) {
                        tree.enterSubtree(); // the cursor is this folder or inside it
                    }
                    continue; // folders wholly before the cursor are not entered
                }
                if (!visit.next(tree, path)) {
                    return true;
                }
                if (tree.isSubtree() && recursive) {
                    tree.enterSubtree();
                }
            }
            return passed;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * For each path, the newest commit (following first parents) that changed it or anything
     * under it. Paths untouched within the last {@value #LAST_COMMIT_HORIZON} commits are left out.
     */
    public Map<String, CommitSummary> lastCommits(Collection<String> paths) {
        Map<String, CommitSummary> found = new HashMap<>();
        Set<String> remaining = new LinkedHashSet<>(paths);
        remaining.remove("");
        if (remaining.isEmpty()) {
            return found;
        }
        try (RevWalk history = new RevWalk(reader)) {
            RevCommit current = history.parseCommit(commit);
            for (int seen = 0; current != null && !remaining.isEmpty() && seen < LAST_COMMIT_HORIZON; seen++) {
                RevCommit parent = current.getParentCount() == 0 ? null : history.parseCommit(current.getParent(0));
                for (String changed : changedAmong(current, parent, remaining)) {
                    found.put(changed, summary(current));
                }
                remaining.removeAll(found.keySet());
                current = parent;
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return found;
    }

    private List<String> changedAmong(RevCommit child, RevCommit parent, Set<String> paths) throws IOException {
        List<String> changed = new ArrayList<>();
        try (TreeWalk diff = new TreeWalk(repo, reader)) {
            diff.addTree(child.getTree());
            if (parent == null) {
                diff.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            } else {
                diff.addTree(parent.getTree());
            }
            diff.setRecursive(true);
            diff.setFilter(AndTreeFilter.create(PathFilterGroup.createFromStrings(paths), TreeFilter.ANY_DIFF));
            while (diff.next()) {
                String file = diff.getPathString();
                for (String path : paths) {
                    if (file.equals(path) || file.startsWith(path + "/")) {
                        changed.add(path);
                    }
                }
            }
        }
        return changed;
    }

    /** Writes {@code length} bytes of a file kept in git (not LFS), from {@code offset}. */
    public void copy(Entry file, long offset, long length, OutputStream out) throws IOException {
        ObjectLoader loader = reader.open(file.oid(), Constants.OBJ_BLOB);
        if (!loader.isLarge()) {
            out.write(loader.getCachedBytes(), Math.toIntExact(offset), Math.toIntExact(length));
            return;
        }
        try (InputStream in = loader.openStream()) {
            in.skipNBytes(offset);
            byte[] buffer = new byte[64 * 1024];
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("blob ended early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** The bytes of a small file kept in git (such as {@code .gitattributes}). */
    public byte[] bytes(Entry file, int maxBytes) throws IOException {
        return reader.open(file.oid(), Constants.OBJ_BLOB).getBytes(maxBytes);
    }

    /** A file a commit added, modified or deleted. */
    public record Change(String path, String kind) {}

    /**
     * The files this commit changed against its first parent (every file of a first commit), in
     * git's order, at most {@code limit} of them.
     */
    public List<Change> changes(int limit) {
        List<Change> changes = new ArrayList<>();
        try (TreeWalk diff = new TreeWalk(repo, reader)) {
            diff.addTree(commit.getTree());
            if (commit.getParentCount() == 0) {
                diff.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            } else {
                diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
            }
            diff.setRecursive(true);
            diff.setFilter(TreeFilter.ANY_DIFF);
            while (changes.size() < limit && diff.next()) {
                String kind = diff.getFileMode(1) == FileMode.MISSING ? "added"
                        : diff.getFileMode(0) == FileMode.MISSING ? "deleted" : "modified";
                changes.add(new Change(diff.getPathString(), kind));
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return changes;
    }

    /** Commits reachable from this one, newest first: {@code limit} of them after skipping {@code skip}. */
    public List<CommitSummary> history(int skip, int limit) {
        List<CommitSummary> page = new ArrayList<>();
        try (RevWalk history = new RevWalk(reader)) {
            history.markStart(history.parseCommit(commit));
            int index = 0;
            for (RevCommit c : history) {
                if (index++ >= skip) {
                    page.add(summary(c));
                    if (page.size() == limit) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return page;
    }

    /** How many commits are reachable from this one. */
    public int historySize() {
        int count = 0;
        try (RevWalk history = new RevWalk(reader)) {
            history.markStart(history.parseCommit(commit));
            history.setRetainBody(false);
            for (RevCommit ignored : history) {
                count++;
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return count;
    }

    static CommitSummary summary(RevCommit c) {
        String full = c.getFullMessage();
        String title = c.getShortMessage();
        int firstBreak = full.indexOf("\n\n");
        String message = firstBreak < 0 ? "" : full.substring(firstBreak + 2).strip();
        return new CommitSummary(c.getName(), title, message, c.getAuthorIdent().getName(),
                c.getAuthorIdent().getEmailAddress(), Instant.ofEpochSecond(c.getCommitTime()));
    }

    /** The entry the walk stands on; null for what the Hub does not show (submodules). */
    private Entry entryOf(TreeWalk tree, String path) throws IOException {
        FileMode mode = tree.getFileMode(0);
        ObjectId id = tree.getObjectId(0);
        if (mode == FileMode.TREE) {
            return new Entry(Entry.Kind.DIRECTORY, path, id, 0, 0, Optional.empty());
        }
        if (mode == FileMode.GITLINK) {
            return null;
        }
        long blobSize = reader.getObjectSize(id, Constants.OBJ_BLOB);
        Optional<LfsPointer> lfs = blobSize <= LfsPointer.MAX_POINTER_BYTES
                ? LfsPointer.parse(reader.open(id, Constants.OBJ_BLOB).getCachedBytes())
                : Optional.empty();
        return new Entry(Entry.Kind.FILE, path, id, lfs.map(LfsPointer::size).orElse(blobSize), blobSize, lfs);
    }

    public static NotFoundException entryNotFound(String path) {
        return new NotFoundException("Entry not found: " + path, ErrorCode.ENTRY_NOT_FOUND);
    }

    private StorageException failure(IOException e) {
        return new StorageException("Could not read the git repository " + repo.getDirectory(), e);
    }

    @Override
    public void close() {
        walk.close();
        repo.close();
    }
}
