package dev.hubkeep.server.repos;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Moving and deleting repositories on the hub's behalf instead of their owner's: the ones a deleted
 * account left under its name, which nobody else may touch (docs/operations.md, "Repositories of
 * deleted accounts"). For the hub's administrators through the API and for the operator
 * ({@code hubkeep admin repo}); the decision that the caller administers the hub was made before
 * (the route's guard), and this keeps the rule that narrows it: only a deleted account's
 * repositories, moved only to a namespace that lives. Each is one transaction with its audit
 * events, announced once committed so every node's caches drop the repository.
 */
public final class RepoCustodian {

    /** The most repositories {@link #leftBy} lists. */
    public static final int LISTED = 1000;

    /** Who acts: an administrator (with an account the audit names) or the operator. */
    public record Actor(Optional<String> userId, String name, String address) {

        public static Actor operator() {
            return new Actor(Optional.empty(), "operator", "local");
        }

        public static Actor admin(Principal.Authenticated admin, String address) {
            return new Actor(Optional.of(admin.userId()), admin.username(), address);
        }
    }

    private final Database database;
    private final RepoStorage storage;
    private final AccountService accounts;
    private final Clock clock;
    private final Ids ids;
    private final Changes changes;

    public RepoCustodian(Database database, RepoStorage storage, AccountService accounts, Clock clock, Changes changes) {
        this.database = database;
        this.storage = storage;
        this.accounts = accounts;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.changes = changes;
    }

    /** The repositories a deleted account left, by type and name (at most {@link #LISTED}); empty for any other namespace. */
    public List<Repo> leftBy(String username) {
        return database.jdbi().withHandle(h -> {
            RepoRepository repos = new RepoRepository(h);
            return deletedOwner(h, repos, username).isPresent() ? repos.inNamespace(username, LISTED) : List.of();
        });
    }

    /** Moves a deleted account's repository {@code from} ({@code ns/name}) to {@code to}, in a living namespace. */
    public Repo move(Actor actor, RepoType type, String from, String to) {
        String[] source = RepoService.splitId(from, "fromRepo");
        String[] target = RepoService.splitId(to, "toRepo");
        RepoName.validate(target[1]);
        Repo moved;
        try {
            moved = database.jdbi().inTransaction(h -> {
                RepoRepository repos = new RepoRepository(h);
                Repo repo = orphan(h, repos, type, source[0], source[1]);
                User previous = deletedOwner(h, repos, repo.namespace()).orElseThrow();
                RepoRepository.Namespace namespace = livingNamespace(h, repos, target[0]);
                Optional<Repo> existing = repos.find(type, namespace.name(), target[1]);
                if (existing.isPresent()) {
                    throw taken(type, namespace.name() + "/" + target[1]);
                }
                repos.move(repo.id(), namespace.name(), target[1], clock.instant());
                Repo after = repos.findById(repo.id()).orElseThrow();
                Map<String, String> details = details(repo, previous);
                details.put("to", wire(after));
                audit(h, previous.id(), Optional.empty(), actor, "repo.move", details);
                // The receiving namespace hears of it in its own log: the person's, or the organization's.
                if (namespace.kind().equals("org")) {
                    audit(h, actor.userId().orElse(previous.id()), Optional.of(namespace.ownerId()), actor, "repo.move", details);
                } else {
                    audit(h, namespace.ownerId(), Optional.empty(), actor, "repo.move", details);
                }
                changes.publishOnCommit(h, new Change.Repo(repo.id()));
                return after;
            });
        } catch (RuntimeException e) {
            if (database.isUniqueViolation(e)) {
                throw taken(type, target[0] + "/" + target[1]); // a repository made there meanwhile
            }
            throw e;
        }
        return moved;
    }

    /** Deletes a deleted account's repository {@code namespace/name}: its files, history and settings, for good. */
    public void delete(Actor actor, RepoType type, String namespace, String name) {
        Repo deleted = database.jdbi().inTransaction(h -> {
            RepoRepository repos = new RepoRepository(h);
            Repo repo = orphan(h, repos, type, namespace, name);
            User previous = deletedOwner(h, repos, repo.namespace()).orElseThrow();
            repos.delete(repo.id());
            audit(h, previous.id(), Optional.empty(), actor, "repo.delete", details(repo, previous));
            changes.publishOnCommit(h, new Change.Repo(repo.id()));
            return repo;
        });
        storage.delete(deleted.id());
    }

    /** The repository, refused unless it is in a deleted account's namespace. */
    private Repo orphan(Handle h, RepoRepository repos, RepoType type, String namespace, String name) {
        Repo repo = repos.find(type, namespace, name).orElseThrow(() -> new NotFoundException("There is no " + type.singular()
                + " " + namespace + "/" + name + ".", ErrorCode.REPO_NOT_FOUND));
        if (deletedOwner(h, repos, repo.namespace()).isEmpty()) {
            throw new ConflictException(wire(repo) + " belongs to " + repo.namespace() + ", which is not a deleted account:"
                    + " its owner (for an organization, its admins) moves or deletes it. The hub's administrators take care"
                    + " only of the repositories deleted accounts left.");
        }
        return repo;
    }

    /** The deleted person whose namespace {@code name} is; empty for a living one or an organization's. */
    private Optional<User> deletedOwner(Handle h, RepoRepository repos, String name) {
        return repos.namespace(name).filter(ns -> ns.kind().equals("user"))
                .flatMap(ns -> accounts.findUserOn(h, ns.ownerId()))
                .filter(user -> user.deletedAt().isPresent());
    }

    /** An organization, or a person whose account is not deleted: somebody who can look after the repository. */
    private RepoRepository.Namespace livingNamespace(Handle h, RepoRepository repos, String name) {
        RepoRepository.Namespace namespace = repos.namespace(name)
                .orElseThrow(() -> new NotFoundException("There is no user or organization named '" + name + "'."));
        if (deletedOwner(h, repos, name).isPresent()) {
            throw new InvalidInputException(namespace.name() + " is a deleted account too: move the repository to a user or"
                    + " an organization that can look after it.");
        }
        return namespace;
    }

    private void audit(Handle h, String userId, Optional<String> orgId, Actor actor, String action, Map<String, String> details) {
        new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(), userId, actor.name(), action, Optional.empty(),
                Optional.of(actor.address()), details, orgId));
    }

    private static Map<String, String> details(Repo repo, User previous) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("repo", wire(repo));
        details.put("deletedAccount", previous.username());
        return details;
    }

    /** As the Hub's clients write it: {@code ns/name} for a model, {@code datasets/ns/name}. */
    static String wire(Repo repo) {
        return repo.type().urlPrefix() + repo.fullName();
    }

    private static ConflictException taken(RepoType type, String fullName) {
        return new ConflictException("There is already a " + type.singular() + " " + fullName + ": pick another name.");
    }
}
