package dev.hubkeep.server.files;

import dev.hubkeep.server.errors.ConflictException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * A commit's added files against the tree they land in: git holds a name as a file or as a
 * folder, never both, and given both, git's index quietly keeps the newer and drops the other (a
 * file inside {@code README.md} would delete the README; a file named like a folder, the folder's
 * files). Such a commit is refused, unless it also deletes what is in the way.
 */
final class FileFolderClash {

    private final ObjectReader reader;
    private final RevCommit parent;

    FileFolderClash(ObjectReader reader, RevCommit parent) {
        this.reader = reader;
        this.parent = parent;
    }

    /** Throws a 409 naming an added path that clashes with a file or folder that stays. */
    void check(List<CommitOperation> operations) throws IOException {
        Set<String> added = new HashSet<>();
        Set<String> deletedFiles = new HashSet<>();
        Set<String> deletedFolders = new HashSet<>();
        for (CommitOperation operation : operations) {
            switch (operation) {
                case CommitOperation.AddFile add -> added.add(add.path());
                case CommitOperation.AddLfsFile add -> added.add(add.path());
                case CommitOperation.DeleteFile delete -> deletedFiles.add(delete.path());
                case CommitOperation.DeleteFolder delete -> deletedFolders.add(delete.path());
            }
        }
        if (added.isEmpty()) {
            return;
        }
        Map<String, FileMode> modes = modes(added);
        for (String path : added) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String above = path.substring(0, slash);
                if (added.contains(above)) {
                    throw clash("'" + path + "' and '" + above + "' cannot both be files: one is inside the other.");
                }
                if (isFile(modes.get(above)) && !deletedFiles.contains(above) && !gone(above, deletedFolders)) {
                    throw clash("Cannot add '" + path + "': '" + above + "' is a file. Delete it in the same commit, or"
                            + " pick another path.");
                }
            }
            if (modes.get(path) == FileMode.TREE && !gone(path, deletedFolders)) {
                throw clash("Cannot add the file '" + path + "': a folder has that name. Delete the folder in the same"
                        + " commit, or pick another name.");
            }
        }
    }

    /** Whether {@code path} is inside (or is) a folder the commit deletes. */
    private static boolean gone(String path, Set<String> deletedFolders) {
        for (String folder : deletedFolders) {
            if (path.equals(folder) || path.startsWith(folder + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFile(FileMode mode) {
        return mode != null && mode != FileMode.TREE;
    }

    /**
     * What the added paths and the folders above them are in the parent's tree, in one walk: it
     * enters only the folders above an added path, so it reads about as much as those folders hold.
     */
    private Map<String, FileMode> modes(Set<String> added) throws IOException {
        Set<String> above = new HashSet<>();
        for (String path : added) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                above.add(path.substring(0, slash));
            }
        }
        Set<String> wanted = new HashSet<>(added);
        wanted.addAll(above);
        Map<String, FileMode> modes = new HashMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(parent.getTree());
            walk.setRecursive(false);
            walk.setFilter(PathFilterGroup.createFromStrings(wanted));
            while (walk.next()) {
                String path = walk.getPathString();
                if (wanted.contains(path)) {
                    modes.put(path, walk.getFileMode(0));
                }
                if (walk.isSubtree() && above.contains(path)) {
                    walk.enterSubtree();
                }
            }
        }
        return modes;
    }

    private static ConflictException clash(String message) {
        return new ConflictException(message);
    }
}
