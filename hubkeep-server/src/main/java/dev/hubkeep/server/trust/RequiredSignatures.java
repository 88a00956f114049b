package dev.hubkeep.server.trust;

import dev.hubkeep.server.git.ReceiveHooks;
import dev.hubkeep.server.git.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Pre-receive rule "require signed commits" (trust.md): in a repository with the setting on, every
 * commit a ref update brings that no ref reached before must be {@code verified}, or the whole
 * update is refused, naming the oldest such commit, its status and the reason. The hub's own
 * commits (commit API, merges) are signed with its key and pass; history that was already there
 * when the setting was turned on is not checked.
 */
public final class RequiredSignatures {

    private final Function<String, Optional<String>> requiredBy;
    private final SignatureVerifier verifier;

    /**
     * {@code requiredBy} tells, by repository id, who requires signed commits there, as the subject
     * of the refusal ("This repository"), or empty when nobody does.
     */
    public RequiredSignatures(Function<String, Optional<String>> requiredBy, SignatureVerifier verifier) {
        this.requiredBy = requiredBy;
        this.verifier = verifier;
    }

    public Optional<String> check(ReceiveHooks.Push push) {
        if (push.commands().stream().allMatch(c -> c.getType() == ReceiveCommand.Type.DELETE)) {
            return Optional.empty();
        }
        Optional<String> by = requiredBy.apply(push.repoId());
        if (by.isEmpty()) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(push.repository())) {
            for (ReceiveCommand command : push.commands()) {
                if (command.getType() != ReceiveCommand.Type.DELETE && walk.peel(walk.parseAny(command.getNewId())) instanceof RevCommit tip) {
                    walk.markStart(tip);
                }
            }
            for (Ref ref : push.repository().getRefDatabase().getRefs()) { // what was there before this update
                ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
                if (id != null && walk.peel(walk.parseAny(id)) instanceof RevCommit known) {
                    walk.markUninteresting(known);
                }
            }
            // Newest first, walked lazily (a topological sort would read the whole history before the bound
            // applies); reversed, the list starts at the oldest new commit.
            List<RevCommit> arrived = new ArrayList<>();
            for (RevCommit commit : walk) {
                if (arrived.size() == CommitSignatures.MAX_COMMITS_PER_PUSH) {
                    return Optional.of(by.get() + " requires signed commits, and this push brings more than "
                            + CommitSignatures.MAX_COMMITS_PER_PUSH + " new commits, more than the hub checks at once;"
                            + " push them in smaller parts.");
                }
                arrived.add(commit);
            }
            for (RevCommit commit : arrived.reversed()) {
                CommitSignature signature = verifier.verify(commit.getRawBuffer(), commit.getCommitterIdent().getEmailAddress());
                if (signature.status() != CommitSignature.Status.VERIFIED) {
                    return Optional.of(refusal(by.get(), commit, signature));
                }
            }
        } catch (IOException e) {
            throw new StorageException("Could not read the commits of a push to " + push.repoId(), e);
        }
        return Optional.empty();
    }

    private static String refusal(String by, RevCommit commit, CommitSignature signature) {
        String why = signature.reason().orElse("The commit is not signed.");
        return by + " requires signed commits; commit " + commit.abbreviate(12).name() + " (\""
                + commit.getShortMessage() + "\") is " + signature.status().wireName() + ": " + why
                + " Sign your commits with git commit -S using an OpenPGP key on your account whose email is the"
                + " committer email (add the key with hubkeep gpg add, or POST /api/settings/gpg-keys), then push again.";
    }
}
