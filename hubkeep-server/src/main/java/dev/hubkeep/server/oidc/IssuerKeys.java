package dev.hubkeep.server.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of trusted issuers: discovery ({@code /.well-known/openid-configuration} →
 * {@code jwks_uri}) then the key set, kept for {@link #FRESH_FOR}. A token signed with a key id the
 * set does not hold makes it fetch again (the issuer rotated its keys), but never sooner than
 * {@link #REFETCH_FLOOR} after the last attempt, however many such tokens arrive: unknown key ids
 * cannot make the hub hammer an issuer. One fetch per issuer at a time; the others wait for it.
 * When a refresh fails, the keys held are used until they are {@link #STALE_LIMIT} old.
 */
public final class IssuerKeys {

    public static final Duration FRESH_FOR = Duration.ofMinutes(15);
    public static final Duration REFETCH_FLOOR = Duration.ofSeconds(30);
    static final Duration STALE_LIMIT = Duration.ofHours(24);
    static final int MAX_DISCOVERY_BYTES = 64 * 1024;
    static final int MAX_KEY_SET_BYTES = 256 * 1024;
    static final int MAX_KEYS = 100;
    static final int MAX_ISSUERS = 1000;

    private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyFetcher fetcher;
    private final Clock clock;
    private final Map<String, Held> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
            return size() > MAX_ISSUERS;
        }
    };

    /** What is known of one issuer; guarded by its own monitor. */
    private static final class Held {
        JWKSet keys;
        Instant fetchedAt;
        Instant lastAttempt;
        String lastFailure = "";
    }

    public IssuerKeys(KeyFetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /**
     * The issuer's keys, fetched first when none are held, they are no longer fresh, or
     * {@code keyId} is not among them, and the floor allows a fetch.
     *
     * @throws IOException when no usable keys are held and fetching them failed (now or, within the
     *     floor, last time)
     */
    public JWKSet keys(String issuer, Optional<String> keyId) throws IOException {
        Held entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(issuer, i -> new Held());
        }
        synchronized (entry) {
            Instant now = clock.instant();
            boolean stale = entry.keys == null || !now.isBefore(entry.fetchedAt.plus(FRESH_FOR));
            boolean unknown = entry.keys != null && keyId.map(id -> entry.keys.getKeyByKeyId(id) == null).orElse(false);
            boolean mayFetch = entry.lastAttempt == null || !now.isBefore(entry.lastAttempt.plus(REFETCH_FLOOR));
            if ((stale || unknown) && mayFetch) {
                entry.lastAttempt = now;
                try {
                    entry.keys = fetch(issuer);
                    entry.fetchedAt = now;
                    entry.lastFailure = "";
                } catch (IOException e) {
                    entry.lastFailure = e.getMessage();
                    log.warn("Could not fetch the keys of OIDC issuer {}: {}", issuer, e.getMessage());
                }
            }
            if (entry.keys != null && now.isAfter(entry.fetchedAt.plus(STALE_LIMIT))) {
                entry.keys = null; // too old to trust: the issuer may have withdrawn a key since
            }
            if (entry.keys == null) {
                throw new IOException("no keys of " + issuer + " could be fetched"
                        + (entry.lastFailure.isEmpty() ? "" : ": " + entry.lastFailure));
            }
            return entry.keys;
        }
    }

    private JWKSet fetch(String issuer) throws IOException {
        JsonNode discovery;
        try {
            discovery = JSON.readTree(fetcher.fetch(IssuerPolicy.discoveryUri(issuer), MAX_DISCOVERY_BYTES));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("the discovery document is not JSON");
        }
        if (discovery == null || !discovery.isObject()) {
            throw new IOException("the discovery document is not a JSON object");
        }
        if (!discovery.path("issuer").asText("").equals(issuer)) {
            throw new IOException("the discovery document names another issuer: '" + discovery.path("issuer").asText("")
                    + "'");
        }
        URI jwks = jwksUri(issuer, discovery.path("jwks_uri").asText(""));
        try {
            JWKSet set = JWKSet.parse(fetcher.fetch(jwks, MAX_KEY_SET_BYTES));
            if (set.size() > MAX_KEYS) {
                throw new IOException("the key set holds " + set.size() + " keys; at most " + MAX_KEYS + " are read");
            }
            return set.toPublicJWKSet();
        } catch (ParseException e) {
            throw new IOException("the key set at " + jwks + " is not a JWK set: " + e.getMessage());
        }
    }

    /** The discovery's {@code jwks_uri}: https, or http only for an http issuer (one the operator listed). */
    private static URI jwksUri(String issuer, String text) throws IOException {
        try {
            URI uri = new URI(text);
            boolean secure = "https".equals(uri.getScheme());
            boolean plainAllowed = "http".equals(uri.getScheme()) && issuer.startsWith("http://");
            if (uri.getHost() == null || !(secure || plainAllowed)) {
                throw new IOException("the discovery document's jwks_uri '" + text + "' is not an https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IOException("the discovery document's jwks_uri '" + text + "' is not a URL");
        }
    }
}
