package dev.hubkeep.server.http;

import java.net.URI;
import java.util.Locale;

/**
 * The browser's same-origin rule: two origins are the same when scheme, host and port all match,
 * a missing port standing for the scheme's default. {@code https://hub:8080} is not
 * {@code http://hub:8080}.
 */
final class SameOrigin {

    private SameOrigin() {}

    /**
     * Whether the {@code Origin} header names this server, reached with {@code scheme} at {@code host}
     * (the {@code Host} header). Anything unparsable, or the opaque origin {@code null}, is foreign.
     */
    static boolean matches(String origin, String scheme, String host) {
        if (origin == null || scheme == null || host == null) {
            return false;
        }
        try {
            URI theirs = URI.create(origin.strip());
            URI ours = URI.create(scheme + "://" + host.strip());
            return theirs.getScheme() != null
                    && theirs.getHost() != null
                    && (theirs.getPath() == null || theirs.getPath().isEmpty())
                    && theirs.getScheme().equalsIgnoreCase(ours.getScheme())
                    && theirs.getHost().equalsIgnoreCase(ours.getHost())
                    && port(theirs) == port(ours)
                    && port(ours) > 0;
        } catch (IllegalArgumentException unparsable) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }
}
