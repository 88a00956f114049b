package dev.hubkeep.server.oidc;

import java.util.Optional;

/** What {@link IdTokenVerifier#verify} found: a token to trust, or why not (for the audit log, never the caller). */
public sealed interface Verification {

    record Verified(IdToken token) implements Verification {}

    /**
     * @param authentic the token, when its signature checked out and only its times did not: its
     *     issuer really said this, so the refusal may go to the audit logs of its publishers
     */
    record Rejected(String reason, Optional<IdToken> authentic) implements Verification {}
}
