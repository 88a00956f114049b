package dev.hubkeep.server.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * An account as stored; {@code passwordHash} never leaves the accounts package's services.
 *
 * @param kind a person, or a service account of an organization (no password, no email, no session)
 * @param ownerOrgId for a service account, the organization that owns it
 * @param deactivatedAt since when the account may not sign in nor use any credential
 * @param deletedAt when an instance admin deleted it (it stays deactivated; the row keeps the audit trail)
 */
public record User(
        String id,
        String username,
        String email,
        String fullname,
        String passwordHash,
        Optional<Instant> emailVerifiedAt,
        boolean isAdmin,
        Instant createdAt,
        AccountKind kind,
        Optional<String> ownerOrgId,
        Optional<Instant> deactivatedAt,
        Optional<Instant> deletedAt) {

    /** A person's live account. */
    public User(String id, String username, String email, String fullname, String passwordHash,
            Optional<Instant> emailVerifiedAt, boolean isAdmin, Instant createdAt) {
        this(id, username, email, fullname, passwordHash, emailVerifiedAt, isAdmin, createdAt, AccountKind.PERSON,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean emailVerified() {
        return emailVerifiedAt.isPresent();
    }

    public boolean isService() {
        return kind == AccountKind.SERVICE;
    }

    /** Whether the account may sign in and use credentials. */
    public boolean active() {
        return deactivatedAt.isEmpty();
    }
}
