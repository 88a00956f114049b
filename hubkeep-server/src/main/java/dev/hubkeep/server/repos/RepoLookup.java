package dev.hubkeep.server.repos;

import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.ExactCache;
import java.util.Locale;
import java.util.Optional;

/**
 * Repositories and namespaces by name, as every request addressed to a repository resolves them:
 * read once, then kept until a change to them is announced (a repository's settings, move, deletion
 * or push; an account or organization). Nothing missing is kept, so a repository or namespace made
 * elsewhere is found at once.
 */
public final class RepoLookup {

    /** A repository's address as the tables key it: type, namespace and name in lower case. */
    private record Address(RepoType type, String namespaceKey, String nameKey) {}

    private final Database database;
    private final ExactCache<Address, Repo> repos;
    private final ExactCache<String, RepoRepository.Namespace> namespaces;

    public RepoLookup(Database database, Changes changes) {
        this.database = database;
        this.repos = ExactCache.ofPresent(1_000_000, changes);
        this.namespaces = ExactCache.ofPresent(1_000_000, changes);
        changes.subscribe(change -> {
            switch (change) {
                case Change.Repo repo -> repos.invalidateIf((address, found) -> found.map(r -> r.id().equals(repo.repoId())).orElse(true));
                case Change.Account ignored -> namespaces.invalidateAll();
                case Change.Org ignored -> namespaces.invalidateAll();
                case Change.Everything ignored -> {
                    repos.invalidateAll();
                    namespaces.invalidateAll();
                }
                default -> {}
            }
        });
    }

    public Optional<Repo> find(RepoType type, String namespace, String name) {
        return repos.get(new Address(type, namespace.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)),
                address -> database.jdbi().withHandle(h -> new RepoRepository(h).find(address.type(), address.namespaceKey(),
                        address.nameKey())));
    }

    Optional<RepoRepository.Namespace> namespace(String name) {
        return namespaces.get(name.toLowerCase(Locale.ROOT),
                key -> database.jdbi().withHandle(h -> new RepoRepository(h).namespace(key)));
    }
}
