package dev.hubkeep.server.accounts;

import java.time.Instant;
import java.util.Optional;

/** One verification link as stored: only the digest of its secret is kept. */
record EmailVerification(
        String id, String userId, String email, Instant createdAt, Instant expiresAt, Optional<Instant> usedAt) {}
