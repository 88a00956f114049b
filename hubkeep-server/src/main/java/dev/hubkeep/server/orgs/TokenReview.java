package dev.hubkeep.server.orgs;

import java.time.Instant;
import java.util.Optional;

/** One token's standing with an organization (pending, approved, denied, revoked); never its value. */
public record TokenReview(
        String tokenId,
        String tokenName,
        String hint,
        String role,
        String owner,
        String status,
        Optional<String> updatedBy,
        Instant updatedAt) {}
