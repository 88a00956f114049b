package dev.hubkeep.server.auth;

import dev.hubkeep.server.errors.UnauthenticatedException;
import java.util.Optional;

/**
 * The one authentication path: every request passes through {@link #authenticate} before its
 * handler runs. Presented credentials that do not hold are an error (401), never a silent fall
 * back to anonymous; a stale session cookie, by contrast, is simply ignored, because browsers
 * keep sending cookies long after they stopped meaning anything.
 */
public final class Authenticator {

    public static final String INVALID_AUTHORIZATION = "Invalid credentials in Authorization header";

    /** Finds the user behind a live session cookie. */
    @FunctionalInterface
    public interface SessionLookup {
        Optional<Principal.Authenticated> find(String cookieSecret);
    }

    private final SessionLookup sessions;

    public Authenticator(SessionLookup sessions) {
        this.sessions = sessions;
    }

    public Principal authenticate(Optional<String> authorizationHeader, Optional<String> sessionCookie) {
        if (authorizationHeader.isPresent()) {
            // No credential kind is accepted in the header yet: access tokens arrive with their own issue.
            throw new UnauthenticatedException(INVALID_AUTHORIZATION);
        }
        return sessionCookie
                .filter(secret -> !secret.isBlank())
                .flatMap(sessions::find)
                .<Principal>map(p -> p)
                .orElse(Principal.ANONYMOUS);
    }
}
