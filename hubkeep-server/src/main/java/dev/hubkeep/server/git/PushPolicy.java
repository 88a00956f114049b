package dev.hubkeep.server.git;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TooLargeObjectInPackException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.internal.submodule.SubmoduleValidator.SubmoduleValidationException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * What a git push may bring: objects no larger than {@code maxObjectSize} (larger files belong in
 * LFS), a pack no larger than {@code maxPackSize}, only well-formed objects (no tree entry named
 * {@code .git} in any spelling git or a file system treats as it, {@code .} or {@code ..}, or with
 * control characters), and at most {@code pushesPerUser} packs received at once per user. The ref
 * rules ({@link #refNames}, {@link #refTargets}) are pre-receive rules of {@link ReceiveHooks},
 * so they hold for the hub's own ref updates too. Every refusal reaches the user as
 * {@code remote:} lines.
 */
public final class PushPolicy {

    private final long maxObjectSize;
    private final long maxPackSize;
    private final int pushesPerUser;
    private final Map<String, Semaphore> receiving = new ConcurrentHashMap<>();

    public PushPolicy(long maxObjectSize, long maxPackSize, int pushesPerUser) {
        this.maxObjectSize = maxObjectSize;
        this.maxPackSize = maxPackSize;
        this.pushesPerUser = pushesPerUser;
    }

    /** A JGit {@link ReceivePack} for one push by {@code pusher}, with this policy's limits and checks. */
    public ReceivePack newReceivePack(Repository repository, String pusher) {
        return new Checked(repository, pusher);
    }

    /** Pre-receive rule: only branches ({@code refs/heads/…}) and tags ({@code refs/tags/…}) may be pushed. */
    public static Optional<String> refNames(ReceiveHooks.Push push) {
        for (ReceiveCommand command : push.commands()) {
            String name = command.getRefName();
            if (name.startsWith("refs/pr/")) {
                return Optional.of("Refs under refs/pr/ are managed by the hub; push " + name.substring("refs/pr/".length())
                        + " as a branch (refs/heads/…) instead.");
            }
            if (!name.startsWith(Constants.R_HEADS) && !name.startsWith(Constants.R_TAGS)) {
                return Optional.of("Only branches (refs/heads/…) and tags (refs/tags/…) can be pushed, not " + name + ".");
            }
        }
        return Optional.empty();
    }

    /**
     * Pre-receive rule: a branch names a commit, a tag a commit or a tag object of one; anything
     * else would leave the repository's files unreadable through that ref.
     */
    public static Optional<String> refTargets(ReceiveHooks.Push push) {
        try (RevWalk walk = new RevWalk(push.repository())) {
            for (ReceiveCommand command : push.commands()) {
                if (command.getType() == ReceiveCommand.Type.DELETE) {
                    continue;
                }
                String name = command.getRefName();
                RevObject target = walk.parseAny(command.getNewId());
                boolean tag = name.startsWith(Constants.R_TAGS);
                if (tag && target instanceof RevTag) {
                    target = walk.peel(target);
                }
                if (target.getType() != Constants.OBJ_COMMIT) {
                    return Optional.of((tag ? "Tag " : "Branch ") + Repository.shortenRefName(name) + " must point at a commit"
                            + (tag ? " (or a tag of one)" : "") + ", not at a " + Constants.typeString(target.getType())
                            + " (" + command.getNewId().name() + ").");
                }
            }
        } catch (MissingObjectException e) {
            return Optional.of("The push names object " + e.getObjectId().name() + ", which it did not send.");
        } catch (IOException e) {
            throw new StorageException("Could not read the objects of a push to " + push.repoId(), e);
        }
        return Optional.empty();
    }

    /** A ReceivePack that applies this policy. */
    private final class Checked extends ReceivePack {

        private final String pusher;

        Checked(Repository repository, String pusher) {
            super(repository);
            this.pusher = pusher;
            setMaxObjectSizeLimit(maxObjectSize);
            setMaxPackSizeLimit(maxPackSize);
            setObjectChecker(new NameChecker()
                    .setSafeForMacOS(true) // .git spelled with characters HFS+ ignores
                    .setAllowLeadingZeroFileMode(true) // harmless, and common in old histories
                    .setAllowInvalidPersonIdent(true)); // likewise
        }

        /** Receives the pack only while the pusher has a free place; turns JGit's refusals into advice. */
        @Override
        protected void receivePackAndCheckConnectivity()
                throws IOException, LargeObjectException, SubmoduleValidationException {
            Semaphore places = receiving.computeIfAbsent(pusher, user -> new Semaphore(pushesPerUser));
            if (!places.tryAcquire()) {
                throw refused("You already have " + pushesPerUser + " push" + (pushesPerUser == 1 ? "" : "es")
                        + " in progress; wait for one to finish, then push again.", null);
            }
            try {
                super.receivePackAndCheckConnectivity();
            } catch (TooLargeObjectInPackException e) {
                throw refused("The push has a file or other object larger than " + mebibytes(maxObjectSize)
                        + ", the most git may carry here; track large files with git-lfs (git lfs track, or git lfs"
                        + " migrate import for history already committed), then push again.", e);
            } catch (TooLargePackException e) {
                throw refused("The push is larger than " + mebibytes(maxPackSize)
                        + ", the most one push may send here; push fewer commits at a time, and track large files with git-lfs.", e);
            } catch (CorruptObjectException e) {
                throw refused("The push has an object the hub does not accept: " + e.getMessage()
                        + ". Rename the file or folder (names such as .git, . and .., or with control characters, are refused)"
                        + " and push again.", e);
            } finally {
                places.release();
            }
        }

        /** The rules' rejections are also told as {@code remote:} lines, which git shows before its summary. */
        @Override
        public void setPreReceiveHook(PreReceiveHook hook) {
            super.setPreReceiveHook(hook == null ? null : (pack, commands) -> {
                hook.onPreReceive(pack, commands);
                Set<String> reasons = new LinkedHashSet<>();
                for (ReceiveCommand command : commands) {
                    if (command.getResult() == ReceiveCommand.Result.REJECTED_OTHER_REASON && command.getMessage() != null) {
                        reasons.add(command.getMessage());
                    }
                }
                reasons.forEach(pack::sendError);
            });
        }

        private IOException refused(String message, Exception cause) {
            sendError(message);
            return new IOException(message, cause);
        }
    }

    private static String mebibytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /**
     * JGit's object checks, plus: no tree entry whose name holds a control character (they break
     * terminals, logs and file systems, and no client needs them).
     */
    private static final class NameChecker extends ObjectChecker {

        @Override
        public void checkTree(AnyObjectId id, byte[] raw) throws CorruptObjectException {
            super.checkTree(id, raw);
            int ptr = 0;
            while (ptr < raw.length) {
                while (raw[ptr] != ' ') { // the mode, already checked
                    ptr++;
                }
                ptr++;
                int start = ptr;
                while (raw[ptr] != 0) {
                    byte c = raw[ptr];
                    if ((c >= 0 && c < 0x20) || c == 0x7f) {
                        throw new CorruptObjectException("tree " + (id == null ? "" : id.name() + " ")
                                + "has an entry whose name has a control character ("
                                + new String(raw, start, ptr - start, java.nio.charset.StandardCharsets.UTF_8)
                                        .replaceAll("\\p{Cntrl}", "?") + ")");
                    }
                    ptr++;
                }
                ptr += 1 + Constants.OBJECT_ID_LENGTH;
            }
        }
    }
}
