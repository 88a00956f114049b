package dev.hubkeep.server.repos;

import java.time.Instant;
import java.util.Optional;

/** A repository's metadata; its content lives in git (see {@code git.RepoStorage}). */
public record Repo(
        String id,
        RepoType type,
        String namespace,
        String name,
        boolean isPrivate,
        Optional<String> gated,
        Instant createdAt,
        Instant updatedAt) {

    public String fullName() {
        return namespace + "/" + name;
    }
}
