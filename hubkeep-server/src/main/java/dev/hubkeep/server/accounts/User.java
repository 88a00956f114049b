package dev.hubkeep.server.accounts;

import java.time.Instant;
import java.util.Optional;

/** An account as stored; {@code passwordHash} never leaves the accounts package's services. */
public record User(
        String id,
        String username,
        String email,
        String fullname,
        String passwordHash,
        Optional<Instant> emailVerifiedAt,
        boolean isAdmin,
        Instant createdAt) {

    public boolean emailVerified() {
        return emailVerifiedAt.isPresent();
    }
}
