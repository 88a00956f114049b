package dev.hubkeep.server.repos;

import java.time.Instant;
import java.util.Optional;

/**
 * A repository's metadata; its content lives in git (see {@code git.RepoStorage}).
 *
 * @param requireSignedCommits every new commit must have the signature status {@code verified} (trust.md)
 */
public record Repo(
        String id,
        RepoType type,
        String namespace,
        String name,
        boolean isPrivate,
        Optional<String> gated,
        boolean requireSignedCommits,
        Instant createdAt,
        Instant updatedAt) {

    public String fullName() {
        return namespace + "/" + name;
    }
}
