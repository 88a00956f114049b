package dev.hubkeep.server.auth;

import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The one authentication path: every request passes through {@link #authenticate} before its
 * handler runs. A token comes as {@code Authorization: Bearer <token>} or, for git and git-lfs, as
 * the password of HTTP Basic (any user name). Presented credentials that do not hold are an error
 * (401), never a silent fall back to anonymous; a stale session cookie, by contrast, is ignored,
 * because browsers keep sending cookies long after they stopped meaning anything. An address that
 * keeps presenting bad credentials has its further refusals answered 429, but a valid token from
 * there still works: many clients can share one address.
 */
public final class Authenticator {

    public static final String INVALID_AUTHORIZATION = TokenVerifier.INVALID;
    static final int FAILURES_PER_ADDRESS = 100;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    /** Finds the user behind a live session cookie. */
    @FunctionalInterface
    public interface SessionLookup {
        Optional<Principal.Authenticated> find(String cookieSecret);
    }

    private final SessionLookup sessions;
    private final TokenVerifier tokens;
    private final FailureThrottle failures;

    public Authenticator(SessionLookup sessions, TokenVerifier tokens, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.failures = new FailureThrottle(clock, FAILURES_PER_ADDRESS, FAILURE_WINDOW);
    }

    public Principal authenticate(Optional<String> authorization, Optional<String> sessionCookie, String address) {
        if (authorization.isPresent()) {
            return authenticateToken(authorization.get(), address);
        }
        return sessionCookie
                .filter(secret -> !secret.isBlank())
                .flatMap(sessions::find)
                .<Principal>map(p -> p)
                .orElse(Principal.ANONYMOUS);
    }

    /**
     * A valid token is always accepted, whatever else came from its address: the throttle only
     * turns further refusals from an address that keeps failing into 429s, telling the client to
     * back off. (Repeats of one dead value are stopped earlier, by the verifier, per value.)
     */
    private Principal authenticateToken(String header, String address) {
        try {
            TokenRepository.Found found = tokens.verify(tokenIn(header), address);
            AccessToken token = found.token();
            return new Principal.Authenticated(token.userId(), found.username(), new Principal.TokenCredential(
                    token.id(), token.name(), token.role(), token.fineGrained(), token.createdAt(), token.expiresAt(),
                    token.allowedCidrs(), token.refreshedAt()), found.ownerEmailVerified(), found.ownerIsService());
        } catch (UnauthenticatedException e) {
            failures.recordFailure(address);
            Duration wait = failures.waitFor(address);
            if (!wait.isZero()) {
                throw new RateLimitedException(sentence(e.getMessage()) + " Too many requests with invalid credentials came from your"
                        + " address: check the token you send, and wait before trying again.", wait);
            }
            throw e;
        }
    }

    private static String sentence(String message) {
        return message.endsWith(".") ? message : message + ".";
    }

    /** The token of a Bearer header, or the password of a Basic one; anything else is invalid. */
    static String tokenIn(String header) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1);
        if ("Bearer".equalsIgnoreCase(scheme)) {
            return value;
        }
        if ("Basic".equalsIgnoreCase(scheme)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value.strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    return decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException notBase64) {
                // falls through to invalid
            }
        }
        throw new UnauthenticatedException(INVALID_AUTHORIZATION);
    }
}
