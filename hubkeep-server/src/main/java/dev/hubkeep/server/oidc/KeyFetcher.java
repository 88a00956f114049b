package dev.hubkeep.server.oidc;

import java.io.IOException;
import java.net.URI;

/** Reads an issuer's discovery document or key set: one GET, its body as text, at most {@code maxBytes}. */
@FunctionalInterface
public interface KeyFetcher {

    String fetch(URI uri, int maxBytes) throws IOException;
}
