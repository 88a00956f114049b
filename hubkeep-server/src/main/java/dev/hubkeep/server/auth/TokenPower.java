package dev.hubkeep.server.auth;

import dev.hubkeep.server.errors.ForbiddenException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rule against escalation: a token never obtains, or makes, a token more powerful, longer-lived
 * or usable from more networks than itself. It holds for every way a token can touch another:
 * create, refresh (which hands out the target's new value), rename and grant changes. A web session
 * (a password sign-in) has no cap of its own and may do all of these. An {@code admin} token may
 * manage any role, a fine-grained one only fine-grained tokens whose grants it holds itself; either
 * way the target must expire no later than the acting token and be limited to networks within its
 * own.
 */
final class TokenPower {

    /** What a token can do and from where: the part of a token the rule compares. */
    record Shape(TokenRole role, Optional<FineGrained> grants, Optional<Instant> expiresAt, List<CidrRange> allowedCidrs) {

        Shape {
            allowedCidrs = List.copyOf(allowedCidrs);
        }

        static Shape of(AccessToken token) {
            return new Shape(token.role(), token.fineGrained(), token.expiresAt(), token.allowedCidrs());
        }

        Shape withGrants(FineGrained changed) {
            return new Shape(role, Optional.of(changed), expiresAt, allowedCidrs);
        }
    }

    private TokenPower() {}

    /**
     * The networks a new token gets: those asked for, or, when none are asked for and the creating
     * token is itself limited to networks, the creator's. A child never escapes its parent's networks.
     */
    static List<CidrRange> inheritedNetworks(Principal.Credential creator, List<CidrRange> requested) {
        if (requested.isEmpty() && creator instanceof Principal.TokenCredential token) {
            return token.allowedCidrs();
        }
        return requested;
    }

    /**
     * Throws unless {@code actor} may {@code verb} ("create", "refresh", "change") a token shaped
     * like {@code target}. A token acting on itself passes: it gains nothing it does not hold.
     */
    static void checkMay(Principal.Credential actor, String verb, Shape target) {
        if (!(actor instanceof Principal.TokenCredential token)) {
            return;
        }
        if (token.role() != TokenRole.ADMIN && token.role() != TokenRole.FINE_GRAINED) {
            throw new ForbiddenException("A " + token.role().wireName() + " token cannot manage access tokens.");
        }
        if (token.role() == TokenRole.FINE_GRAINED) {
            if (target.role() != TokenRole.FINE_GRAINED) {
                throw new ForbiddenException("A fine-grained token cannot " + verb + " " + article(target.role())
                        + " token: a token can never grant more than it holds, nor obtain it.");
            }
            if (!token.fineGrained().orElseThrow().covers(target.grants().orElseThrow())) {
                throw new ForbiddenException("The token's grants go beyond this token's own, so it cannot " + verb
                        + " it: a token can never grant more than it holds, nor obtain it.");
            }
        }
        if (token.expiresAt().isPresent() && target.expiresAt().map(e -> e.isAfter(token.expiresAt().get())).orElse(true)) {
            throw new ForbiddenException("This token expires at " + token.expiresAt().get() + "; a token it can "
                    + verb + " must expire no later.");
        }
        if (!token.allowedCidrs().isEmpty() && !within(target.allowedCidrs(), token.allowedCidrs())) {
            throw new ForbiddenException("This token may only be used from " + text(token.allowedCidrs())
                    + "; a token it can " + verb + " must be limited to networks within those.");
        }
    }

    /** Whether every network of {@code inner} lies inside one of {@code outer}; no networks means everywhere. */
    private static boolean within(List<CidrRange> inner, List<CidrRange> outer) {
        return !inner.isEmpty() && inner.stream().allMatch(n -> outer.stream().anyMatch(o -> o.covers(n)));
    }

    private static String text(List<CidrRange> networks) {
        return networks.stream().map(CidrRange::text).collect(Collectors.joining(", "));
    }

    private static String article(TokenRole role) {
        return (role == TokenRole.ADMIN ? "an " : "a ") + role.wireName();
    }
}
