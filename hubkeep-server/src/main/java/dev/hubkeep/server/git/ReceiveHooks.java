package dev.hubkeep.server.git;

import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where other parts of the hub plug into a push. Pre-receive rules see every ref update before
 * any ref moves and may reject the whole push with a message git prints; post-receive hooks run
 * once the refs moved and must only queue their work (they never slow or fail the push).
 */
public final class ReceiveHooks {

    /** One push: the repository, who pushed, and the ref updates asked for. */
    public record Push(String repoId, String pusher, Repository repository, List<ReceiveCommand> commands) {}

    /** A rule a push must pass: empty to accept, else the reason to reject the whole push. */
    @FunctionalInterface
    public interface PreReceive {
        Optional<String> check(Push push);
    }

    /** Work to start after a push landed (scanning, indexing, timestamps). */
    @FunctionalInterface
    public interface PostReceive {
        void landed(Push push);
    }

    private static final Logger log = LoggerFactory.getLogger(ReceiveHooks.class);

    private final List<PreReceive> rules;
    private final List<PostReceive> hooks;
    private final PushPolicy policy;

    public ReceiveHooks(List<PreReceive> rules, List<PostReceive> hooks, PushPolicy policy) {
        this.rules = List.copyOf(rules);
        this.hooks = List.copyOf(hooks);
        this.policy = policy;
    }

    /** The JGit receiver of one git push by {@code pusher}: limits and object checks of the {@link PushPolicy}. */
    public ReceivePack newReceivePack(Repository repository, String pusher) {
        return policy.newReceivePack(repository, pusher);
    }

    /** The first rule's reason to reject the push, if any. */
    public Optional<String> check(Push push) {
        for (PreReceive rule : rules) {
            Optional<String> reason = rule.check(push);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    /** Runs every post-receive hook; a failing hook is logged, never thrown. */
    public void landed(Push push) {
        for (PostReceive hook : hooks) {
            try {
                hook.landed(push);
            } catch (RuntimeException e) {
                log.error("A post-receive hook failed for repository {}; the push itself landed", push.repoId(), e);
            }
        }
    }

    /**
     * The Hub's own rule: the default branch {@code main} cannot be deleted, since every client
     * resolves files against it.
     */
    public static Optional<String> keepMainBranch(Push push) {
        boolean deletesMain = push.commands().stream()
                .anyMatch(c -> c.getType() == ReceiveCommand.Type.DELETE && c.getRefName().equals("refs/heads/main"));
        return deletesMain ? Optional.of("The default branch main cannot be deleted.") : Optional.empty();
    }
}
