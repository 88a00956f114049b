package dev.hubkeep.server.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OIDC ID token whose signature, issuer and times were checked ({@link IdTokenVerifier}); what
 * it says about the workload (repository, branch, service account…) is in its claims.
 *
 * @param audiences the {@code aud} claim: one value or several
 * @param claims every claim, as the JSON parser gave them (strings, numbers, booleans, lists, maps)
 */
public record IdToken(String issuer, Optional<String> subject, List<String> audiences, Instant expiresAt,
        Map<String, Object> claims) {

    public IdToken {
        audiences = List.copyOf(audiences);
        Map<String, Object> present = new java.util.LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (value != null) {
                present.put(name, value); // a JSON null says nothing a rule could match
            }
        });
        claims = java.util.Collections.unmodifiableMap(present);
    }

    /**
     * A claim as text, for equality rules: a string as it is, a number or boolean as JSON writes it;
     * a list, an object or a missing claim has none.
     */
    public Optional<String> text(String claim) {
        Object value = claims.get(claim);
        if (value instanceof String s) {
            return Optional.of(s);
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return Optional.of(value.toString());
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            return Optional.of(Long.toString(n.longValue()));
        }
        return Optional.empty();
    }
}
