package dev.hubkeep.server.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which OIDC issuers the hub may trust, and so fetch keys from: with no list, any {@code https://}
 * issuer; with the operator's list ({@code trusted-publisher-issuers}), exactly those, which may
 * include {@code http://} ones (a cluster-internal issuer, a test's). The hub fetches from these
 * addresses, so the list is also how an operator keeps it away from internal ones.
 */
public final class IssuerPolicy {

    static final int MAX_LENGTH = 255;

    private final List<String> allowed;

    /** @param allowed the operator's list; empty lets any well-formed {@code https://} issuer in */
    public IssuerPolicy(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    public List<String> allowed() {
        return allowed;
    }

    /** Why {@code issuer} cannot be trusted here, or empty when it can. */
    public Optional<String> refusal(String issuer) {
        Optional<String> shape = shapeProblem(issuer);
        if (shape.isPresent()) {
            return shape;
        }
        if (!allowed.isEmpty() && !allowed.contains(issuer)) {
            return Optional.of("This hub trusts only the issuers its operator listed (trusted-publisher-issuers): "
                    + String.join(", ", allowed) + ".");
        }
        if (allowed.isEmpty() && !issuer.startsWith("https://")) {
            return Optional.of("An issuer must be an https:// URL (an http:// one only if the hub's operator lists it in"
                    + " trusted-publisher-issuers).");
        }
        return Optional.empty();
    }

    /** Why {@code issuer} is no issuer URL at all (OIDC Discovery: a URL with no query or fragment), or empty. */
    public static Optional<String> shapeProblem(String issuer) {
        if (issuer.isEmpty() || issuer.length() > MAX_LENGTH) {
            return Optional.of("An issuer URL must be 1 to " + MAX_LENGTH + " characters long.");
        }
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            return Optional.of("'" + issuer + "' is not a URL.");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || !scheme.equals(uri.getScheme())) {
            return Optional.of("An issuer URL is https://host[:port][/path], with no user, query or fragment: not '"
                    + issuer + "'.");
        }
        return Optional.empty();
    }

    /** Where an issuer publishes its configuration (OIDC Discovery 1.0, section 4). */
    static URI discoveryUri(String issuer) {
        return URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }
}
