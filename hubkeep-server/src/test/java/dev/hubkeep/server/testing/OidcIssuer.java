package dev.hubkeep.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OIDC issuer on loopback, for tests: its discovery document and JWK set served by the JDK's
 * HTTP server, RSA keys made in the test, ID tokens minted with them. {@link #rotate} adds a key
 * with a new key id (the issuer's own key rotation); {@link #keySetFetches} counts how often the hub
 * came for the keys.
 */
public final class OidcIssuer implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    private final List<RSAKey> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger keySetFetches = new AtomicInteger();

    private OidcIssuer(HttpServer server) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        keys.add(newRsaKey());
        server.createContext("/.well-known/openid-configuration", exchange -> answer(exchange,
                "{\"issuer\": \"" + issuer + "\", \"jwks_uri\": \"" + issuer + "/keys\","
                        + " \"id_token_signing_alg_values_supported\": [\"RS256\"]}"));
        server.createContext("/keys", exchange -> {
            keySetFetches.incrementAndGet();
            List<JWK> published = new ArrayList<>(keys);
            answer(exchange, new JWKSet(published).toPublicJWKSet().toString());
        });
        server.start();
    }

    public static OidcIssuer start() {
        try {
            return new OidcIssuer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer URL: the {@code iss} of its tokens. */
    public String url() {
        return issuer;
    }

    public int keySetFetches() {
        return keySetFetches.get();
    }

    /** Publishes a new key with a new key id, and signs with it from now on (the old one stays published). */
    public RSAKey rotate() {
        RSAKey key = newRsaKey();
        keys.add(key);
        return key;
    }

    /** A token for {@code audience}, valid for ten minutes from {@code now}, with the given claims too. */
    public String mint(String audience, Instant now, Map<String, Object> claims) {
        return sign(current(), JWSAlgorithm.RS256, claims(audience, now, claims));
    }

    /** The claims of a token as {@link #mint} makes them, to change before {@link #sign}ing. */
    public JWTClaimsSet.Builder claims(String audience, Instant now, Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(builder::claim);
        return builder;
    }

    /** Signs with the current key. */
    public String sign(JWTClaimsSet.Builder claims) {
        return sign(current(), JWSAlgorithm.RS256, claims);
    }

    /** Signs with {@code key} (one of the issuer's, or a stranger's), naming its key id. */
    public static String sign(RSAKey key, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with an EC P-256 key of its own (ES256), naming its key id. */
    public static String signEs256(ECKey key, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims.build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims with {@code "alg": "none"} and no signature. */
    public static String unsigned(JWTClaimsSet.Builder claims) {
        return new PlainJWT(claims.build()).serialize();
    }

    public RSAKey current() {
        return keys.get(keys.size() - 1);
    }

    public static RSAKey newRsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey newEcKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code key} too (an EC key, say). */
    public void publish(RSAKey key) {
        keys.add(key);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
