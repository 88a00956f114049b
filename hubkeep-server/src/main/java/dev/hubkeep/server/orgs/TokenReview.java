package dev.hubkeep.server.orgs;

import dev.hubkeep.server.auth.FineGrained;
import java.time.Instant;
import java.util.Optional;

/**
 * One token's standing with an organization (pending, approved, denied, revoked); never its value.
 *
 * @param grants for a fine-grained token, its grants on the organization's resources (and no others)
 */
public record TokenReview(
        String tokenId,
        String tokenName,
        String hint,
        String role,
        Optional<FineGrained> grants,
        String owner,
        String status,
        Optional<String> updatedBy,
        Instant updatedAt) {}
