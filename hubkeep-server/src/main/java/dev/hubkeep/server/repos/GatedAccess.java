package dev.hubkeep.server.repos;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Access to gated repositories: users ask, owners accept or reject (or grant outright). With
 * gating {@code auto} a request is accepted at once; with {@code manual} it waits for an owner.
 * An accepted request is what lets the permission decision give the user read access.
 */
public final class GatedAccess {

    /** The longest rejection reason kept, as on the Hub. */
    static final int MAX_REASON = 200;

    private final Database database;
    private final AccountService accounts;
    private final Clock clock;

    public GatedAccess(Database database, AccountService accounts, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Whether the user was granted access to the repository. */
    public boolean isGranted(String repoId, String userId) {
        return database.jdbi().withHandle(h -> new AccessRequestRepository(h).statusOf(repoId, userId))
                .map(AccessRequest.Status.ACCEPTED::equals)
                .orElse(false);
    }

    /** The requester's side: ask (again); returns where the request stands. A rejection stands. */
    public AccessRequest.Status ask(Repo repo, String userId, String fieldsJson) {
        String mode = requireGated(repo);
        if (mode.equals("auto") && !accounts.findUser(userId).map(User::emailVerified).orElse(false)) {
            throw new ForbiddenException("Verify your email address before asking for access: this repository lets in"
                    + " verified accounts only. Open the link we mailed you, or ask for a new one with"
                    + " POST /api/verify-email/resend.");
        }
        return database.jdbi().inTransaction(h -> {
            AccessRequestRepository requests = new AccessRequestRepository(h);
            Optional<AccessRequest.Status> current = requests.statusOf(repo.id(), userId);
            if (current.isPresent() && current.get() != AccessRequest.Status.PENDING) {
                return current.get();
            }
            AccessRequest.Status status = mode.equals("auto") ? AccessRequest.Status.ACCEPTED : AccessRequest.Status.PENDING;
            requests.put(repo.id(), userId, status, Optional.of(fieldsJson), Optional.empty(), clock.instant());
            return status;
        });
    }

    /** The requester withdraws a pending request. */
    public void cancel(Repo repo, String userId) {
        requireGated(repo);
        database.jdbi().useTransaction(h -> {
            AccessRequestRepository requests = new AccessRequestRepository(h);
            if (requests.statusOf(repo.id(), userId).orElse(null) != AccessRequest.Status.PENDING) {
                throw new NotFoundException("You have no pending access request for this repository.");
            }
            requests.delete(repo.id(), userId);
        });
    }

    public List<AccessRequest> list(Repo repo, AccessRequest.Status status) {
        requireGated(repo);
        return database.jdbi().withHandle(h -> new AccessRequestRepository(h).list(repo.id(), status));
    }

    /** An owner sets a user's request to accepted, rejected or back to pending. */
    public void handle(Repo repo, String username, AccessRequest.Status status, Optional<String> rejectionReason) {
        requireGated(repo);
        if (rejectionReason.isPresent() && (status != AccessRequest.Status.REJECTED || rejectionReason.get().length() > MAX_REASON)) {
            throw new InvalidInputException("'rejectionReason' goes with status \"rejected\" and has at most " + MAX_REASON + " characters.");
        }
        User user = user(username);
        database.jdbi().useTransaction(h -> {
            AccessRequestRepository requests = new AccessRequestRepository(h);
            if (requests.statusOf(repo.id(), user.id()).isEmpty()) {
                throw new NotFoundException(username + " has not asked for access to this repository; grant it instead.");
            }
            requests.put(repo.id(), user.id(), status, Optional.empty(), rejectionReason, clock.instant());
        });
    }

    /** An owner grants access to a user who may never have asked. */
    public void grant(Repo repo, String username) {
        requireGated(repo);
        User user = user(username);
        database.jdbi().useTransaction(h -> {
            AccessRequestRepository requests = new AccessRequestRepository(h);
            if (requests.statusOf(repo.id(), user.id()).orElse(null) == AccessRequest.Status.ACCEPTED) {
                throw new InvalidInputException("That user already has access to the repo.");
            }
            requests.put(repo.id(), user.id(), AccessRequest.Status.ACCEPTED, Optional.empty(), Optional.empty(), clock.instant());
        });
    }

    private User user(String username) {
        return accounts.findByUsername(username).orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
    }

    private static String requireGated(Repo repo) {
        return repo.gated().orElseThrow(() -> new InvalidInputException(
                repo.fullName() + " is not gated: anyone who can see it can read it. Gate it in its settings first."));
    }
}
