package dev.hubkeep.server.repos;

import dev.hubkeep.server.access.RepoFacts;
import java.util.Optional;

/**
 * A request's repository, resolved once by the pipeline before the decision: its row (empty when it
 * does not exist) and the facts the decision reads about it and the caller. Handlers are given it
 * and never look the repository up again.
 */
public record RepoContext(Optional<Repo> repo, RepoFacts facts) {

    /** The repository, which exists: the decision allowed an action on it. */
    public Repo existing() {
        return repo.orElseThrow(() -> new IllegalStateException("no repository: " + facts.label()));
    }
}
