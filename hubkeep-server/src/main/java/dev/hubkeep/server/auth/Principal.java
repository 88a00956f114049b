package dev.hubkeep.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Who is making a request, as established once per request by the {@link Authenticator}. */
public sealed interface Principal permits Principal.Anonymous, Principal.Authenticated {

    /** No credentials were presented. */
    record Anonymous() implements Principal {}

    /**
     * A known user, and how they proved it.
     *
     * @param emailVerified whether the user verified their email address; until then they may not
     *     create repositories or organizations, nor be let into gated repositories automatically
     * @param serviceAccount a service account of an organization (named {@code org/name}), acting
     *     through one of its tokens: it has an org role, but no account of its own to manage
     */
    record Authenticated(String userId, String username, Credential credential, boolean emailVerified,
            boolean serviceAccount) implements Principal {

        /** A person. */
        public Authenticated(String userId, String username, Credential credential, boolean emailVerified) {
            this(userId, username, credential, emailVerified, false);
        }
    }

    /** How an authenticated user proved who they are. */
    sealed interface Credential permits WebSession, TokenCredential {}

    /**
     * A web session cookie, obtained by signing in with the password. It has no cap of its own.
     *
     * @param sessionId the session's id, so that what is derived from it (a Xet token) ends with it;
     *     empty for the operator's commands, which act as a session of no browser
     */
    record WebSession(Optional<String> sessionId) implements Credential {}

    /**
     * An access token: its identity, the cap it puts on its owner's rights, and the limits (expiry,
     * networks) that any token it makes or obtains must stay within.
     *
     * @param refreshedAt when the presented value was issued by a refresh (empty: at creation); a
     *     self-refresh succeeds only if the value is still the token's current one
     */
    record TokenCredential(
            String tokenId,
            String name,
            TokenRole role,
            Optional<FineGrained> fineGrained,
            Instant createdAt,
            Optional<Instant> expiresAt,
            List<CidrRange> allowedCidrs,
            Optional<Instant> refreshedAt)
            implements Credential {

        public TokenCredential {
            allowedCidrs = List.copyOf(allowedCidrs);
        }
    }

    Anonymous ANONYMOUS = new Anonymous();
    WebSession WEB_SESSION = new WebSession(Optional.empty());
}
