package dev.hubkeep.server.files;

import dev.hubkeep.server.git.Revision;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.PreconditionFailedException;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.git.LfsContent;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.git.StorageException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import dev.hubkeep.server.trust.HubSigningKeys;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Commits made through the API: the operations applied to a branch's tree in memory, written as
 * an ordinary git commit, and the branch moved with a compare-and-swap behind the same receive
 * rules a push meets. Every check happens before the branch moves; a refused commit changes
 * nothing anyone can see.
 */
public final class CommitService {

    /**
     * Without {@code parentCommit}, a commit raced by a push or another node is rebuilt on the new
     * head this often; commits through this node take turns and never race each other.
     */
    private static final int ATTEMPTS = 3;

    /** How long a commit waits behind others to the same branch before it is refused. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final RepoStorage storage;
    private final LfsContent lfsContent;
    private final RefWriter refs;
    private final BranchTurns turns;
    private final HubSigningKeys hubKey;
    private final Clock clock;

    public CommitService(RepoStorage storage, LfsContent lfsContent, dev.hubkeep.server.git.ReceiveHooks hooks,
            HubSigningKeys hubKey, Clock clock) {
        this.hubKey = hubKey;
        this.storage = storage;
        this.lfsContent = lfsContent;
        this.refs = new RefWriter(hooks, storage);
        this.turns = new BranchTurns(PATIENCE);
        this.clock = clock;
    }

    /** Commits {@code request} to {@code branch} as {@code username}; returns the new commit's sha. */
    public String commit(String repoId, String branch, String username, CommitRequest request) {
        String refName = Constants.R_HEADS + branch;
        if (!Repository.isValidRefName(refName)) {
            throw Revision.notFound(branch);
        }
        List<CommitOperation> operations = withLfsSizes(repoId, request.operations());
        try (Repository repo = storage.open(repoId); BranchTurns.Turn ignored = turns.take(repoId, branch)) {
            for (int attempt = 1; ; attempt++) {
                Ref head = repo.exactRef(refName);
                if (head == null) {
                    throw Revision.notFound(branch);
                }
                ObjectId parent = head.getObjectId();
                if (request.parentCommit().isPresent() && !request.parentCommit().get().equals(parent.getName())) {
                    throw new PreconditionFailedException("A commit has happened since " + request.parentCommit().get()
                            + ": the branch " + branch + " is now at " + parent.getName() + ". Refresh and try again.");
                }
                ObjectId commit = write(repo, parent, username, request, operations);
                try {
                    refs.update(repo, repoId, username, refName, parent, commit, "commit: " + request.summary());
                    return commit.getName();
                } catch (RefWriter.RaceLost lost) {
                    if (request.parentCommit().isPresent()) {
                        throw new PreconditionFailedException("A commit has happened since " + parent.getName()
                                + " on " + branch + ". Refresh and try again.");
                    }
                    if (attempt == ATTEMPTS) {
                        throw new ConflictException("The branch " + branch
                                + " kept moving while committing: another conflicting operation is in progress. Try again.");
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("Could not commit to " + repoId, e);
        }
    }

    /**
     * Every LFS file must already be uploaded to this repository, through LFS or Xet; its stored size
     * fills in a missing one.
     */
    private List<CommitOperation> withLfsSizes(String repoId, List<CommitOperation> operations) {
        List<CommitOperation> checked = new ArrayList<>(operations.size());
        for (CommitOperation operation : operations) {
            if (operation instanceof CommitOperation.AddLfsFile lfs) {
                long stored = lfsContent.find(repoId, lfs.pointer().oid()).map(LfsContent.Source::size)
                        .orElseThrow(() -> new InvalidInputException("The file " + lfs.pointer().oid() + " for '" + lfs.path()
                                + "' was not uploaded to this repository: upload it first, through the LFS batch API or"
                                + " through Xet (its xorbs, then a shard naming it with this SHA-256)."));
                if (lfs.pointer().size() >= 0 && lfs.pointer().size() != stored) {
                    throw new InvalidInputException("The LFS object for '" + lfs.path() + "' has " + stored
                            + " bytes, not " + lfs.pointer().size() + ".");
                }
                checked.add(new CommitOperation.AddLfsFile(lfs.path(), new LfsPointer(lfs.pointer().oid(), stored)));
            } else {
                checked.add(operation);
            }
        }
        return checked;
    }

    private ObjectId write(Repository repo, ObjectId parentId, String username, CommitRequest request,
            List<CommitOperation> operations) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = repo.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            RevCommit parent = walk.parseCommit(parentId);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
            builder.finish();

            new FileFolderClash(reader, parent).check(operations);
            DirCacheEditor editor = index.editor();
            Optional<GitAttributes> attributes = Optional.empty();
            boolean attributesChanged = false;
            for (CommitOperation operation : operations) {
                switch (operation) {
                    case CommitOperation.AddFile add when add.path().equals(GitAttributes.PATH) -> {
                        attributes = Optional.of(new GitAttributes(add.content()));
                        attributesChanged = true;
                    }
                    case CommitOperation.AddFile add ->
                            editor.add(fileEdit(add.path(), inserter.insert(Constants.OBJ_BLOB, add.content())));
                    case CommitOperation.AddLfsFile lfs ->
                            editor.add(fileEdit(lfs.path(), inserter.insert(Constants.OBJ_BLOB, lfs.pointer().bytes())));
                    case CommitOperation.DeleteFile delete -> {
                        if (!exists(reader, parent, delete.path(), false)) {
                            throw RepoAtRevision.entryNotFound(delete.path());
                        }
                        editor.add(new DirCacheEditor.DeletePath(delete.path()));
                    }
                    case CommitOperation.DeleteFolder delete -> {
                        if (!exists(reader, parent, delete.path(), true)) {
                            throw RepoAtRevision.entryNotFound(delete.path() + "/");
                        }
                        editor.add(new DirCacheEditor.DeleteTree(delete.path()));
                    }
                }
            }
            GitAttributes current = attributes.orElseGet(() -> new GitAttributes(read(reader, parent, GitAttributes.PATH)));
            for (CommitOperation operation : operations) {
                if (operation instanceof CommitOperation.AddLfsFile lfs && !current.isLfs(lfs.path())) {
                    current = current.tracking(lfs.path());
                    attributesChanged = true;
                }
            }
            if (attributesChanged) {
                editor.add(fileEdit(GitAttributes.PATH, inserter.insert(Constants.OBJ_BLOB, current.bytes())));
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);

            PersonIdent ident = new PersonIdent(username, username + "@users.noreply.hubkeep", clock.instant(), ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(parentId);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            String description = request.description().strip();
            commit.setMessage(request.summary().strip() + (description.isEmpty() ? "" : "\n\n" + description) + "\n");
            hubKey.sign(commit);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static DirCacheEditor.PathEdit fileEdit(String path, ObjectId blob) {
        return new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
                if (entry.getFileMode() != FileMode.EXECUTABLE_FILE) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                }
                entry.setObjectId(blob);
            }
        };
    }

    private static boolean exists(ObjectReader reader, RevCommit commit, String path, boolean folder) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(reader, path, commit.getTree())) {
            return walk != null && (walk.getFileMode(0) == FileMode.TREE) == folder;
        }
    }

    private static byte[] read(ObjectReader reader, RevCommit commit, String path) {
        try (TreeWalk walk = TreeWalk.forPath(reader, path, commit.getTree())) {
            if (walk == null || walk.getFileMode(0) == FileMode.TREE) {
                return new byte[0];
            }
            return reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes(1024 * 1024);
        } catch (IOException e) {
            throw new StorageException("Could not read " + path, e);
        }
    }
}
