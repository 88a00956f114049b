package dev.hubkeep.server.repos;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Resource;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Repository metadata and lifecycle. Operations addressed by the request body (create, delete,
 * move) ask the permission decision here, once they know the repository; the others were decided
 * by their route's guard.
 */
public final class RepoService {

    /** A repository at a revision: its metadata and the commit the revision names. */
    public record Snapshot(Repo repo, ObjectId commit) {}

    private final Database database;
    private final RepoStorage storage;
    private final RepoFactsLoader facts;
    private final Clock clock;
    private final Ids ids;
    private final Supplier<String> publicUrl;
    private final Changes changes;

    private final RepoLookup lookup;
    private final Consumer<CommitBuilder> signer;

    /** {@code signer} signs the first commit of a new repository (with the hub's key). */
    public RepoService(Database database, RepoStorage storage, RepoFactsLoader facts, RepoLookup lookup, Clock clock,
            Supplier<String> publicUrl, Changes changes, Consumer<CommitBuilder> signer) {
        this.signer = signer;
        this.database = database;
        this.lookup = lookup;
        this.changes = changes;
        this.storage = storage;
        this.facts = facts;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.publicUrl = publicUrl;
    }

    /** The listing's URL with these parameters, from the hub's public URL (for {@code Link} headers). */
    public String listUrl(RepoType type, Optional<String> author, Optional<String> search, int limit, RepoListCursor after) {
        StringBuilder url = new StringBuilder(publicUrl.get()).append("/api/").append(type.plural())
                .append("?limit=").append(limit);
        author.ifPresent(a -> url.append("&author=").append(java.net.URLEncoder.encode(a, java.nio.charset.StandardCharsets.UTF_8)));
        search.ifPresent(q -> url.append("&search=").append(java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)));
        return url.append("&cursor=").append(after.encode()).toString();
    }

    public String url(RepoType type, String fullName) {
        return publicUrl.get() + "/" + type.urlPrefix() + fullName;
    }

    public Repo create(Principal principal, RepoType type, String namespace, String name, boolean isPrivate) {
        Access.decide(principal, Action.REPO_CREATE, new Resource.Namespace(facts.namespace(principal, namespace))).orThrow();
        RepoName.validate(name);
        String canonicalNamespace = facts.namespace(principal, namespace).name();
        Instant now = clock.instant();
        Repo repo = new Repo(ids.next(), type, canonicalNamespace, name, isPrivate, Optional.empty(), false, now, now);
        Optional<Repo> existing = database.jdbi().withHandle(h -> new RepoRepository(h).find(type, canonicalNamespace, name));
        if (existing.isPresent()) {
            throw exists(type, existing.get().fullName());
        }
        String author = principal instanceof Principal.Authenticated user ? user.username() : canonicalNamespace;
        storage.create(repo.id(), author, now, signer);
        try {
            database.jdbi().useTransaction(h -> new RepoRepository(h).insert(repo));
        } catch (RuntimeException e) {
            storage.delete(repo.id());
            if (database.isUniqueViolation(e)) {
                throw exists(type, repo.fullName());
            }
            throw e;
        }
        return repo;
    }

    public void delete(Principal principal, RepoType type, String namespace, String name) {
        Repo repo = decided(principal, Action.REPO_ADMIN, type, namespace, name);
        database.jdbi().useTransaction(h -> {
            new RepoRepository(h).delete(repo.id());
            changes.publishOnCommit(h, new Change.Repo(repo.id()));
        });
        storage.delete(repo.id());
    }

    /** Renames or moves to another namespace; the git storage stays where it is. */
    public Repo move(Principal principal, RepoType type, String from, String to) {
        String[] source = splitId(from, "fromRepo");
        String[] target = splitId(to, "toRepo");
        Repo repo = decided(principal, Action.REPO_MANAGE, type, source[0], source[1]);
        Access.decide(principal, Action.REPO_CREATE, new Resource.Namespace(facts.namespace(principal, target[0]))).orThrow();
        RepoName.validate(target[1]);
        String namespace = facts.namespace(principal, target[0]).name();
        try {
            database.jdbi().useTransaction(h -> {
                RepoRepository repos = new RepoRepository(h);
                Optional<Repo> existing = repos.find(type, namespace, target[1]);
                if (existing.isPresent() && !existing.get().id().equals(repo.id())) {
                    throw exists(type, namespace + "/" + target[1]);
                }
                repos.move(repo.id(), namespace, target[1], clock.instant());
                changes.publishOnCommit(h, new Change.Repo(repo.id()));
            });
        } catch (RuntimeException e) {
            if (database.isUniqueViolation(e)) {
                throw exists(type, namespace + "/" + target[1]);
            }
            throw e;
        }
        return get(type, namespace, target[1]);
    }

    /** Visibility and gating; the route's guard has decided {@code REPO_MANAGE}. */
    public Repo updateSettings(RepoType type, String namespace, String name, Optional<Boolean> isPrivate,
            Optional<Optional<String>> gated, Optional<Boolean> requireSignedCommits) {
        Repo repo = get(type, namespace, name);
        database.jdbi().useTransaction(h -> {
            new RepoRepository(h).updateSettings(repo.id(), isPrivate.orElse(repo.isPrivate()), gated.orElse(repo.gated()),
                    requireSignedCommits.orElse(repo.requireSignedCommits()), clock.instant());
            changes.publishOnCommit(h, new Change.Repo(repo.id()));
        });
        return get(type, namespace, name);
    }

    /**
     * Who requires signed commits of the repository with this id, as a message's subject ("This
     * repository", "The organization acme"); empty when nobody does or it is gone. An
     * organization's setting applies whatever the repository's own says.
     */
    public Optional<String> signedCommitsRequiredBy(String repoId) {
        return database.jdbi().withHandle(h -> new RepoRepository(h).signedCommitsRequiredBy(repoId))
                .map(by -> by.startsWith("org:") ? "The organization " + by.substring(4) : "This repository");
    }

    /** The repository at a revision; the route's guard has decided {@code REPO_READ}. */
    public Snapshot snapshot(Repo repo, String revision) {
        return new Snapshot(repo, storage.commitOf(repo.id(), revision));
    }

    /** One page of a listing, and where the next starts if there may be more. */
    public record Page(List<Repo> repos, Optional<RepoListCursor> next) {}

    /** The most rows one page looks at, as a multiple of its size, before it ends short (with a cursor). */
    private static final int BATCHES_PER_PAGE = 4;

    /** The repositories the caller may read, newest change first (the first page). */
    public List<Repo> list(Principal principal, RepoType type, Optional<String> author, Optional<String> search, int limit) {
        return list(principal, type, author, search, limit, Optional.empty()).repos();
    }

    /**
     * A page of the repositories the caller may read, newest change first, after {@code after}. The
     * query keeps only public repositories and those of the caller's own namespaces (the only ones a
     * private repository can be read through), in order and by batches; the same decision as every
     * route then has the last word on each row (a fine-grained token reads fewer), from cached facts.
     */
    public Page list(Principal principal, RepoType type, Optional<String> author, Optional<String> search, int limit,
            Optional<RepoListCursor> after) {
        java.util.Set<String> mine = facts.namespacesOf(principal);
        List<Repo> page = new java.util.ArrayList<>();
        Optional<RepoListCursor> cursor = after;
        for (int batch = 0; batch < BATCHES_PER_PAGE; batch++) {
            Optional<RepoListCursor> from = cursor;
            List<Repo> rows = database.jdbi().withHandle(h -> new RepoRepository(h).listBatch(type, author, search, mine, from, limit));
            for (Repo repo : rows) {
                cursor = Optional.of(RepoListCursor.after(repo));
                if (Access.decide(principal, Action.REPO_READ, new Resource.Repo(facts.facts(principal, repo))).allowed()) {
                    page.add(repo);
                    if (page.size() == limit) {
                        return new Page(page, cursor);
                    }
                }
            }
            if (rows.size() < limit) {
                return new Page(page, Optional.empty());
            }
        }
        return new Page(page, cursor);
    }

    /** Marks the repository changed now (its {@code lastModified}), e.g. after a push. */
    public void touch(String repoId) {
        database.jdbi().useTransaction(h -> {
            new RepoRepository(h).touch(repoId, clock.instant());
            changes.publishOnCommit(h, new Change.Repo(repoId));
        });
    }

    public Optional<Repo> find(RepoType type, String namespace, String name) {
        return lookup.find(type, namespace, name);
    }

    /** A repository by its id (for background work that kept only the id). */
    public Optional<Repo> findById(String id) {
        return database.jdbi().withHandle(h -> new RepoRepository(h).findById(id));
    }

    public Repo get(RepoType type, String namespace, String name) {
        return find(type, namespace, name)
                .orElseThrow(() -> new NotFoundException("Repository not found.", ErrorCode.REPO_NOT_FOUND));
    }

    /** Loads the repository after the decision allowed {@code action} on it (a missing one is refused like a private one). */
    private Repo decided(Principal principal, Action action, RepoType type, String namespace, String name) {
        Access.decide(principal, action, new Resource.Repo(facts.repo(principal, type.singular(), namespace, name))).orThrow();
        return get(type, namespace, name);
    }

    public static String[] splitId(String id, String field) {
        String[] parts = id.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidInputException("'" + field + "' must be namespace/name, not '" + id + "'.");
        }
        return parts;
    }

    private ConflictException exists(RepoType type, String fullName) {
        return ConflictException.withUrl(
                "You already created this " + type.singular() + " repo: " + fullName + ".", url(type, fullName));
    }
}
