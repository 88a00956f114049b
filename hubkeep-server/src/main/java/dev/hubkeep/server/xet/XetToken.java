package dev.hubkeep.server.xet;

import java.time.Instant;
import java.util.Optional;

/**
 * What a Xet token grants: one scope on one repository (named, and pinned by its id so a repository
 * moved or replaced under the same name is not reached), until {@code expiresAt}, on behalf of the
 * hub credential that asked for it, which is re-checked at every use.
 *
 * @param userId the user who asked; empty for an anonymous reader of a public repository
 * @param tokenId the hub token they asked with; empty when they asked with a web session
 * @param sessionId the web session they asked with; empty when they asked with a hub token
 */
public record XetToken(
        XetScope scope,
        String repoId,
        String repoType,
        String namespace,
        String name,
        Optional<String> userId,
        Optional<String> tokenId,
        Optional<String> sessionId,
        Instant expiresAt) {

    public String repoFullName() {
        return namespace + "/" + name;
    }
}
