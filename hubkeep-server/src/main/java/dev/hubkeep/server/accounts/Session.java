package dev.hubkeep.server.accounts;

import java.time.Instant;

/** A signed-in web session; the cookie carries a secret whose digest identifies the row. */
public record Session(String id, String userId, Instant createdAt, Instant expiresAt) {}
