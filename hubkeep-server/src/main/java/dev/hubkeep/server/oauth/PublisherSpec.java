package dev.hubkeep.server.oauth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trusted publisher as its admin asks for it, before any check.
 *
 * @param audience empty: the hub's public URL
 * @param repositories as the Hub's clients write them ({@code acme/bert}, {@code datasets/acme/squad})
 * @param access {@code read} or {@code write}
 * @param lifetime empty: the most the hub allows ({@code trusted-publisher-max-lifetime})
 * @param serviceAccount for an organization's publisher: the service account its tokens belong to
 */
public record PublisherSpec(
        String name,
        String issuer,
        Optional<String> audience,
        Map<String, String> claims,
        List<String> repositories,
        String access,
        Optional<Duration> lifetime,
        Optional<String> serviceAccount) {

    public PublisherSpec {
        claims = Map.copyOf(claims);
        repositories = List.copyOf(repositories);
    }
}
