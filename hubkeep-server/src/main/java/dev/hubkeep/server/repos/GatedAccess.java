package dev.hubkeep.server.repos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.access.Right;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Json;
import dev.hubkeep.server.mail.MailException;
import dev.hubkeep.server.mail.Mailer;
import dev.hubkeep.server.mail.OutgoingMail;
import dev.hubkeep.server.orgs.OrgService;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.ExactCache;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access to gated repositories: users ask, owners accept or reject (or grant outright). With
 * gating {@code auto} a request is accepted at once; with {@code manual} it waits for an owner.
 * An accepted request is what lets the permission decision give the user read access.
 */
public final class GatedAccess {

    /** The longest rejection reason kept, as on the Hub. */
    static final int MAX_REASON = 200;
    /**
     * Mails the owners get about one requester of one repository per day: each new request is one, but
     * withdrawing and asking again in a loop must not flood their inboxes.
     */
    static final int OWNER_MAILS_PER_REQUESTER_PER_DAY = 3;

    private static final Logger log = LoggerFactory.getLogger(GatedAccess.class);

    private final Database database;
    private final AccountService accounts;
    private final OrgService orgs;
    private final Mailer mailer;
    private final Clock clock;
    private final Supplier<String> publicUrl;
    private final FailureThrottle ownerMails;
    private final Changes changes;

    private record Asker(String repoId, String userId) {}

    /** Each caller's standing on each gated repository read: kept until a request on the repository changes. */
    private final ExactCache<Asker, AccessRequest.Status> standing;

    public GatedAccess(Database database, AccountService accounts, OrgService orgs, Mailer mailer, Clock clock,
            Supplier<String> publicUrl, Changes changes) {
        this.database = database;
        this.changes = changes;
        this.standing = ExactCache.keepingAbsence(1_000_000, changes);
        changes.subscribe(change -> {
            switch (change) {
                case Change.Repo repo -> standing.invalidateIf((key, status) -> key.repoId().equals(repo.repoId()));
                case Change.Everything ignored -> standing.invalidateAll();
                default -> {}
            }
        });
        this.accounts = accounts;
        this.orgs = orgs;
        this.mailer = mailer;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.ownerMails = new FailureThrottle(clock, OWNER_MAILS_PER_REQUESTER_PER_DAY, Duration.ofDays(1));
    }

    /** Whether the user was granted access to the repository. */
    public boolean isGranted(String repoId, String userId) {
        return standing.get(new Asker(repoId, userId),
                        key -> database.jdbi().withHandle(h -> new AccessRequestRepository(h).statusOf(key.repoId(), key.userId())))
                .map(AccessRequest.Status.ACCEPTED::equals)
                .orElse(false);
    }

    /** Where the user's request stands; empty when they never asked (or withdrew). */
    public Optional<AccessRequest.Status> statusOf(Repo repo, String userId) {
        return database.jdbi().withHandle(h -> new AccessRequestRepository(h).statusOf(repo.id(), userId));
    }

    /**
     * The requester's side: ask (again); returns where the request stands. A rejection stands. Asking
     * again keeps everything the first request said (new fields are added, none is replaced), and only
     * a new request is mailed to the owners.
     */
    public AccessRequest.Status ask(Repo repo, String userId, String fieldsJson) {
        String mode = requireGated(repo);
        if (mode.equals("auto") && !accounts.findUser(userId).map(User::emailVerified).orElse(false)) {
            throw new ForbiddenException("Verify your email address before asking for access: this repository lets in"
                    + " verified accounts only. Open the link we mailed you, or ask for a new one with"
                    + " POST /api/verify-email/resend.");
        }
        record Asked(AccessRequest.Status status, boolean isNew, String fields) {}
        Asked asked = database.jdbi().inTransaction(h -> {
            AccessRequestRepository requests = new AccessRequestRepository(h);
            Optional<AccessRequest.Status> current = requests.statusOf(repo.id(), userId);
            if (current.isPresent() && current.get() != AccessRequest.Status.PENDING) {
                return new Asked(current.get(), false, "");
            }
            AccessRequest.Status status = mode.equals("auto") ? AccessRequest.Status.ACCEPTED : AccessRequest.Status.PENDING;
            String fields = current.isPresent()
                    ? keepingFirst(requests.fieldsOf(repo.id(), userId).orElse("{}"), fieldsJson)
                    : fieldsJson;
            requests.put(repo.id(), userId, status, Optional.of(fields), Optional.empty(), clock.instant());
            changes.publishOnCommit(h, new Change.Repo(repo.id()));
            return new Asked(status, current.isEmpty(), fields);
        });
        if (asked.isNew()) {
            tellOwners(repo, userId, mode, asked.fields());
        }
        return asked.status();
    }

    /** What the first request said, with the fields only a later one filled in added. */
    static String keepingFirst(String firstJson, String laterJson) {
        try {
            JsonNode first = Json.mapper().readTree(firstJson);
            JsonNode later = Json.mapper().readTree(laterJson);
            if (!(first instanceof ObjectNode merged) || !(later instanceof ObjectNode)) {
                return first instanceof ObjectNode ? firstJson : laterJson;
            }
            later.fields().forEachRemaining(field -> {
                if (!merged.has(field.getKey())) {
                    merged.set(field.getKey(), field.getValue());
                }
            });
            return merged.toString();
        } catch (java.io.IOException e) {
            return firstJson; // written by this hub as JSON; keep it as it is
        }
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
            changes.publishOnCommit(h, new Change.Repo(repo.id()));
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
        Optional<AccessRequest.Status> before = database.jdbi().inTransaction(h -> {
            AccessRequestRepository requests = new AccessRequestRepository(h);
            Optional<AccessRequest.Status> current = requests.statusOf(repo.id(), user.id());
            if (current.isEmpty()) {
                throw new NotFoundException(username + " has not asked for access to this repository; grant it instead.");
            }
            requests.put(repo.id(), user.id(), status, Optional.empty(), rejectionReason, clock.instant());
            changes.publishOnCommit(h, new Change.Repo(repo.id()));
            return current;
        });
        if (status != AccessRequest.Status.PENDING && before.get() != status) {
            tellRequester(repo, user, status, rejectionReason);
        }
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
            changes.publishOnCommit(h, new Change.Repo(repo.id()));
        });
        tellRequester(repo, user, AccessRequest.Status.ACCEPTED, Optional.empty());
    }

    /**
     * Mails everyone who can handle the request: the owner of a user's repository, the write and admin
     * members of an organization's. Only verified addresses are mailed, and not the requester.
     */
    private void tellOwners(Repo repo, String requesterId, String mode, String fieldsJson) {
        String key = repo.id() + "/" + requesterId;
        if (!ownerMails.waitFor(key).isZero()) {
            return;
        }
        ownerMails.recordFailure(key);
        Optional<User> requester = accounts.findUser(requesterId);
        if (requester.isEmpty()) {
            return;
        }
        for (User owner : handlers(repo)) {
            if (owner.id().equals(requesterId) || !owner.emailVerified()) {
                continue;
            }
            send(AccessRequestMail.toOwner(owner, requester.get(), repo, mode, fieldsJson, publicUrl.get()),
                    "tell " + owner.username() + " about an access request to " + repo.fullName());
        }
    }

    private List<User> handlers(Repo repo) {
        Optional<RepoRepository.Namespace> namespace =
                database.jdbi().withHandle(h -> new RepoRepository(h).namespace(repo.namespace()));
        if (namespace.isEmpty()) {
            return List.of();
        }
        if (!"org".equals(namespace.get().kind())) {
            return accounts.findUser(namespace.get().ownerId()).stream().toList();
        }
        return orgs.members(namespace.get().name()).stream()
                .filter(member -> member.role().right().atLeast(Right.WRITE))
                .flatMap(member -> accounts.findUser(member.userId()).stream())
                .toList();
    }

    private void tellRequester(Repo repo, User requester, AccessRequest.Status status, Optional<String> reason) {
        if (requester.emailVerified()) {
            send(AccessRequestMail.toRequester(requester, repo, status, reason, publicUrl.get()),
                    "tell " + requester.username() + " that their access request to " + repo.fullName() + " was " + status.wireName());
        }
    }

    /** A mail that cannot go out is logged; the request itself stands. */
    private void send(OutgoingMail mail, String purpose) {
        try {
            mailer.send(mail);
        } catch (MailException e) {
            log.error("Could not {}", purpose, e);
        }
    }

    private User user(String username) {
        return accounts.findByUsername(username).orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
    }

    private static String requireGated(Repo repo) {
        return repo.gated().orElseThrow(() -> new InvalidInputException(
                repo.fullName() + " is not gated: anyone who can see it can read it. Gate it in its settings first."));
    }
}
