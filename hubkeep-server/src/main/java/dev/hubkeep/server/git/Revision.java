package dev.hubkeep.server.git;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.errors.NotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * What the Hub accepts as a revision: a branch, a tag, a full ref name such as {@code refs/pr/1},
 * a full or abbreviated commit sha, or {@code HEAD} for the default branch. Git's revision
 * expressions ({@code main~1}, {@code @{…}}, {@code ^}) are not revisions here: they would let a
 * URL ask for more than it names.
 */
public final class Revision {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

    private Revision() {}

    /** The commit {@code revision} names in {@code repo}, or a 404 with {@code RevisionNotFound}. */
    public static RevCommit resolve(Repository repo, RevWalk walk, String revision) {
        try {
            Optional<ObjectId> id = find(repo, revision);
            if (id.isPresent()) {
                return walk.parseCommit(id.get());
            }
        } catch (IOException e) {
            // a ref that points at something other than a commit names no revision
        }
        throw notFound(revision);
    }

    /** Whether {@code revision} could name a commit by an abbreviated sha (a branch may be named so too). */
    public static boolean isAbbreviatedSha(String revision) {
        return revision.length() < 40 && SHA.matcher(revision).matches();
    }

    public static NotFoundException notFound(String revision) {
        String shown = revision.length() > 100 ? revision.substring(0, 100) + "…" : revision;
        return new NotFoundException("Invalid rev id: " + shown.replaceAll("\\p{Cntrl}", "?"), ErrorCode.REVISION_NOT_FOUND);
    }

    private static Optional<ObjectId> find(Repository repo, String revision) throws IOException {
        if (revision.isEmpty() || revision.length() > 255) {
            return Optional.empty();
        }
        if (revision.equals(Constants.HEAD)) {
            // The default branch: what modelInfo asks for when given no revision.
            Ref head = repo.exactRef(Constants.HEAD);
            return head == null || head.getObjectId() == null ? Optional.empty() : Optional.of(head.getObjectId());
        }
        for (String name : List.of(Constants.R_HEADS + revision, Constants.R_TAGS + revision, revision)) {
            if (name.startsWith(Constants.R_REFS) && Repository.isValidRefName(name)) {
                Ref ref = repo.exactRef(name);
                if (ref != null) {
                    Ref peeled = repo.getRefDatabase().peel(ref);
                    return Optional.of(peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId());
                }
            }
        }
        if (!SHA.matcher(revision).matches()) {
            return Optional.empty();
        }
        if (revision.length() == 40) {
            ObjectId id = ObjectId.fromString(revision);
            return repo.getObjectDatabase().has(id) ? Optional.of(id) : Optional.empty();
        }
        try (var reader = repo.newObjectReader()) {
            var candidates = reader.resolve(AbbreviatedObjectId.fromString(revision));
            return candidates.size() == 1 ? Optional.of(candidates.iterator().next()) : Optional.empty();
        }
    }
}
