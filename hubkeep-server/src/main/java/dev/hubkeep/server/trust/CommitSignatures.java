package dev.hubkeep.server.trust;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.git.ReceiveHooks;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signature status of commits, checked once and kept ({@code commit_signatures}): right after
 * a push or an API commit lands (in the background, never delaying it), and for any commit asked
 * about that has none yet. The first status recorded stands, except that adding a key makes the
 * commits it signed while it was on no account be checked again.
 */
public final class CommitSignatures implements AutoCloseable {

    /** New commits checked per pushed ref; a larger import is checked as its commits are asked about. */
    static final int MAX_COMMITS_PER_PUSH = 10_000;

    private static final Logger log = LoggerFactory.getLogger(CommitSignatures.class);

    private final Database database;
    private final SignatureVerifier verifier;
    private final RepoStorage storage;
    private final AccountService accounts;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "hubkeep-commit-signatures");
        thread.setDaemon(true);
        return thread;
    });

    public CommitSignatures(Database database, SignatureVerifier verifier, RepoStorage storage, AccountService accounts,
            Clock clock) {
        this.database = database;
        this.verifier = verifier;
        this.storage = storage;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The status of each of these commits of a repository, in their order. */
    public Map<String, CommitSignature> of(String repoId, List<String> commitIds) {
        Map<String, CommitSignature> known = database.jdbi().withHandle(h -> load(h, commitIds));
        List<ObjectId> missing = commitIds.stream().filter(id -> !known.containsKey(id)).map(ObjectId::fromString).toList();
        if (!missing.isEmpty()) {
            try (Repository repository = storage.open(repoId); RevWalk walk = new RevWalk(repository)) {
                known.putAll(checkAndKeep(walk, missing));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, CommitSignature> ordered = new LinkedHashMap<>();
        commitIds.forEach(id -> ordered.put(id, known.get(id)));
        return ordered;
    }

    /** Post-receive: checks the commits the push brought, in the background. */
    public void landed(ReceiveHooks.Push push) {
        List<ReceiveCommand> updates = push.commands().stream()
                .filter(c -> c.getType() != ReceiveCommand.Type.DELETE)
                .toList();
        if (!updates.isEmpty()) {
            // Opened afresh: the push's own handle on the repository is released once the push returns.
            worker.execute(() -> {
                try (Repository repository = storage.open(push.repoId())) {
                    checkNewCommits(repository, push.repoId(), updates);
                }
            });
        }
    }

    private void checkNewCommits(Repository repository, String repoId, List<ReceiveCommand> updates) {
        try (RevWalk walk = new RevWalk(repository)) {
            for (ReceiveCommand update : updates) {
                walk.reset();
                if (!(walk.peel(walk.parseAny(update.getNewId())) instanceof RevCommit pushed)) {
                    continue; // a tag of a tree or a blob: no commits
                }
                walk.markStart(pushed);
                if (!update.getOldId().equals(ObjectId.zeroId()) && walk.peel(walk.parseAny(update.getOldId())) instanceof RevCommit old) {
                    walk.markUninteresting(old);
                }
                List<RevCommit> arrived = new ArrayList<>();
                for (RevCommit commit : walk) {
                    arrived.add(commit);
                    if (arrived.size() == MAX_COMMITS_PER_PUSH) {
                        break;
                    }
                }
                Map<String, CommitSignature> known = database.jdbi().withHandle(h ->
                        load(h, arrived.stream().map(RevCommit::name).toList()));
                try (RevWalk reader = new RevWalk(repository)) {
                    checkAndKeep(reader, arrived.stream().filter(c -> !known.containsKey(c.name())).map(c -> (ObjectId) c).toList());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not check the signatures of a push to repository {}; they are checked when asked about", repoId, e);
        }
    }

    /**
     * Checks these commits and keeps their statuses, in one transaction; returns what is kept (a
     * status another check kept first stands).
     */
    private Map<String, CommitSignature> checkAndKeep(RevWalk walk, List<ObjectId> commitIds) throws IOException {
        Map<String, CommitSignature> checked = new LinkedHashMap<>();
        for (ObjectId id : commitIds) {
            RevCommit commit = walk.parseCommit(id);
            checked.put(id.name(), verifier.verify(commit.getRawBuffer(), commit.getCommitterIdent().getEmailAddress()));
        }
        if (checked.isEmpty()) {
            return checked;
        }
        Map<String, String> signerIds = new HashMap<>();
        checked.values().forEach(status -> status.signer().ifPresent(signer -> signerIds.computeIfAbsent(signer,
                name -> accounts.findByUsername(name).map(User::id).orElse(null))));
        return database.jdbi().inTransaction(h -> {
            for (Map.Entry<String, CommitSignature> entry : checked.entrySet()) {
                CommitSignature status = entry.getValue();
                String signerId = status.signer().map(signerIds::get).orElse(null);
                h.createUpdate("INSERT INTO commit_signatures (commit_id, status, key_id, signer_user_id, reason, signed_by_hub,"
                                + " checked_at) VALUES (:id, :status, :keyId, :signer, :reason, :byHub, :at)"
                                + " ON CONFLICT (commit_id) DO NOTHING")
                        .bind("id", entry.getKey())
                        .bind("status", status.status().wireName())
                        .bindByType("keyId", status.keyId().orElse(null), String.class)
                        .bindByType("signer", signerId, String.class)
                        .bindByType("reason", status.reason().orElse(null), String.class)
                        .bind("byHub", status.signedByHub() ? 1 : 0)
                        .bind("at", clock.millis())
                        .execute();
            }
            return load(h, List.copyOf(checked.keySet()));
        });
    }

    /**
     * A key just added to an account may be the one commits were signed with before it was known:
     * their "unverified" statuses are dropped (in the caller's transaction) and checked afresh when
     * next asked about. Verified statuses stand, as always.
     */
    static void forgetUnknownKeys(Handle handle, List<String> keyIds) {
        handle.createUpdate("DELETE FROM commit_signatures WHERE status = 'unverified' AND signed_by_hub = 0"
                        + " AND key_id IN (<keyIds>)")
                .bindList("keyIds", keyIds)
                .execute();
    }

    private Map<String, CommitSignature> load(Handle handle, List<String> commitIds) {
        Map<String, CommitSignature> found = new HashMap<>();
        if (commitIds.isEmpty()) {
            return found;
        }
        handle.createQuery("SELECT s.commit_id, s.status, s.key_id, u.username, s.reason, s.signed_by_hub FROM commit_signatures s"
                        + " LEFT JOIN users u ON u.id = s.signer_user_id WHERE s.commit_id IN (<ids>)")
                .bindList("ids", commitIds)
                .map((rs, ctx) -> Map.entry(rs.getString("commit_id"), new CommitSignature(
                        CommitSignature.Status.fromWire(rs.getString("status")),
                        Optional.ofNullable(rs.getString("key_id")),
                        Optional.ofNullable(rs.getString("username")),
                        Optional.ofNullable(rs.getString("reason")),
                        rs.getInt("signed_by_hub") == 1)))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
