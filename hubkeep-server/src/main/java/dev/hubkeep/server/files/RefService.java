package dev.hubkeep.server.files;

import dev.hubkeep.server.git.Revision;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.git.ReceiveHooks;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.git.StorageException;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.hubkeep.server.trust.HubSigningKeys;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** Branches and tags through the API; each change meets the same receive rules as a push. */
public final class RefService {

    /** A branch or tag: its short name, full ref name and the commit it names. */
    public record RefInfo(String name, String ref, String targetCommit) {}

    /** All refs of a repository, grouped as the Hub's {@code refs} endpoint groups them. */
    public record Refs(List<RefInfo> branches, List<RefInfo> tags, List<RefInfo> pullRequests) {}

    private final RepoStorage storage;
    private final RefWriter writer;
    private final HubSigningKeys hubKey;
    private final Clock clock;

    public RefService(RepoStorage storage, ReceiveHooks hooks, HubSigningKeys hubKey, Clock clock) {
        this.hubKey = hubKey;
        this.storage = storage;
        this.writer = new RefWriter(hooks, storage);
        this.clock = clock;
    }

    public Refs list(String repoId) {
        try (Repository repo = storage.open(repoId)) {
            return new Refs(group(repo, Constants.R_HEADS), group(repo, Constants.R_TAGS), group(repo, "refs/pr/"));
        } catch (IOException e) {
            throw new StorageException("Could not list the refs of " + repoId, e);
        }
    }

    private static List<RefInfo> group(Repository repo, String prefix) throws IOException {
        List<RefInfo> refs = new ArrayList<>();
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix)) {
            Ref peeled = repo.getRefDatabase().peel(ref);
            ObjectId target = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
            refs.add(new RefInfo(ref.getName().substring(prefix.length()), ref.getName(), target.getName()));
        }
        return refs;
    }

    /**
     * Creates {@code branch} at {@code startingPoint} (default: main), or as a new history with
     * one empty commit; an existing branch is a 409 unless {@code overwrite}.
     */
    public void createBranch(String repoId, String username, String branch, Optional<String> startingPoint,
            boolean overwrite, boolean empty) {
        String refName = refName(Constants.R_HEADS, branch, "branch");
        try (Repository repo = storage.open(repoId); RevWalk walk = new RevWalk(repo)) {
            Ref existing = repo.exactRef(refName);
            if (existing != null && !overwrite) {
                throw new ConflictException("The branch " + branch + " already exists.");
            }
            ObjectId target = empty
                    ? emptyCommit(repo, username)
                    : Revision.resolve(repo, walk, startingPoint.orElse("main")).getId();
            move(repo, repoId, username, refName, existing, target, "branch: created");
        } catch (IOException e) {
            throw new StorageException("Could not create the branch " + branch, e);
        }
    }

    public void deleteBranch(String repoId, String username, String branch) {
        deleteRef(repoId, username, refName(Constants.R_HEADS, branch, "branch"), "branch " + branch);
    }

    /** Tags {@code revision}: annotated when there is a {@code message}, like {@code git tag -m}. */
    public void createTag(String repoId, String username, String revision, String tag, Optional<String> message) {
        String refName = refName(Constants.R_TAGS, tag, "tag");
        try (Repository repo = storage.open(repoId); RevWalk walk = new RevWalk(repo)) {
            if (repo.exactRef(refName) != null) {
                throw new ConflictException("The tag " + tag + " already exists.");
            }
            RevCommit commit = Revision.resolve(repo, walk, revision);
            ObjectId target = commit.getId();
            if (message.filter(m -> !m.isBlank()).isPresent()) {
                try (ObjectInserter inserter = repo.newObjectInserter()) {
                    TagBuilder annotated = new TagBuilder();
                    annotated.setObjectId(commit);
                    annotated.setTag(tag);
                    annotated.setTagger(ident(username));
                    annotated.setMessage(message.get().strip() + "\n");
                    target = inserter.insert(annotated);
                    inserter.flush();
                }
            }
            move(repo, repoId, username, refName, null, target, "tag: created");
        } catch (IOException e) {
            throw new StorageException("Could not create the tag " + tag, e);
        }
    }

    public void deleteTag(String repoId, String username, String tag) {
        deleteRef(repoId, username, refName(Constants.R_TAGS, tag, "tag"), "tag " + tag);
    }

    private void deleteRef(String repoId, String username, String refName, String what) {
        try (Repository repo = storage.open(repoId)) {
            Ref existing = repo.exactRef(refName);
            if (existing == null) {
                throw new NotFoundException("There is no " + what + ".");
            }
            move(repo, repoId, username, refName, existing, ObjectId.zeroId(), "deleted");
        } catch (IOException e) {
            throw new StorageException("Could not delete the " + what, e);
        }
    }

    private void move(Repository repo, String repoId, String username, String refName, Ref existing, ObjectId target,
            String reason) {
        ObjectId expected = existing == null ? ObjectId.zeroId() : existing.getObjectId();
        try {
            writer.update(repo, repoId, username, refName, expected, target, reason);
        } catch (RefWriter.RaceLost lost) {
            throw new ConflictException(refName + " changed meanwhile; try again.");
        }
    }

    private ObjectId emptyCommit(Repository repo, String username) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(new TreeFormatter()));
            commit.setAuthor(ident(username));
            commit.setCommitter(ident(username));
            commit.setMessage("Empty branch\n");
            hubKey.sign(commit);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private PersonIdent ident(String username) {
        return new PersonIdent(username, username + "@users.noreply.hubkeep", clock.instant(), ZoneOffset.UTC);
    }

    private static String refName(String prefix, String name, String what) {
        String refName = prefix + name;
        if (name.isEmpty() || name.length() > 255 || !Repository.isValidRefName(refName)) {
            throw new InvalidInputException("'" + name.replaceAll("\\p{Cntrl}", "?") + "' is not a valid " + what + " name.");
        }
        return refName;
    }
}
