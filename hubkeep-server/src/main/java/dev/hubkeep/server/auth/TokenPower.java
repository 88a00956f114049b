package dev.hubkeep.server.auth;

import dev.hubkeep.server.errors.ForbiddenException;
import java.time.Instant;
import java.util.Optional;

/**
 * The rule against escalation: a token can never make a token with more power than itself. A
 * web session (a password sign-in) and an admin token may make any token; a fine-grained token
 * only fine-grained ones whose grants it holds itself, and that expire no later than it does.
 */
final class TokenPower {

    private TokenPower() {}

    static void checkMayGrant(Principal.Credential creator, TokenRole role, Optional<FineGrained> grants, Optional<Instant> expiresAt) {
        if (!(creator instanceof Principal.TokenCredential token) || token.role() == TokenRole.ADMIN) {
            return;
        }
        if (token.role() != TokenRole.FINE_GRAINED) {
            throw new ForbiddenException("A " + token.role().wireName() + " token cannot manage access tokens.");
        }
        if (role != TokenRole.FINE_GRAINED) {
            throw new ForbiddenException("A fine-grained token can only create fine-grained tokens, not "
                    + role.wireName() + " ones: a token can never grant more than it holds.");
        }
        FineGrained held = token.fineGrained().orElseThrow();
        if (!held.covers(grants.orElseThrow())) {
            throw new ForbiddenException(
                    "The requested grants go beyond this token's own: a token can never grant more than it holds.");
        }
        if (token.expiresAt().isPresent()
                && expiresAt.map(e -> e.isAfter(token.expiresAt().get())).orElse(true)) {
            throw new ForbiddenException("This token expires at " + token.expiresAt().get()
                    + "; a token it creates must expire no later.");
        }
    }
}
