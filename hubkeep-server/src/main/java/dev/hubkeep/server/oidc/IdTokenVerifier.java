package dev.hubkeep.server.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks an OIDC ID token (a JWS-signed JWT) as trusted publishing needs it: an algorithm from
 * {@link #ALGORITHMS} ({@code none}, HMAC and anything else refused), an issuer the caller trusts,
 * a signature by one of that issuer's published keys ({@link IssuerKeys}), and its times
 * ({@code exp} required; {@code nbf}, {@code iat}) against the injected clock with {@link #SKEW}.
 * Who the token is for ({@code aud}) and what it says are the caller's rules to check. Nothing here
 * knows HTTP or the database.
 */
public final class IdTokenVerifier {

    /** Asymmetric signatures only: an HMAC key would be a secret the issuer shares, which a JWKS never is. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    /** How far the hub's clock and the issuer's may disagree. */
    public static final Duration SKEW = Duration.ofSeconds(60);
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    static final int MIN_RSA_BITS = 2048;

    private final IssuerKeys keys;
    private final Clock clock;

    public IdTokenVerifier(IssuerKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param trusted whether an issuer is one the caller trusts (has publishers for); the keys of no
     *     other issuer are ever fetched
     */
    public Verification verify(String compact, Predicate<String> trusted) {
        if (compact.length() > MAX_TOKEN_LENGTH) {
            return rejected("the token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        JWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = JWTParser.parse(compact);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return rejected("not a JWT: " + e.getMessage());
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return rejected("the token is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            return rejected("the algorithm " + algorithm + " is not accepted; accepted: " + names(ALGORITHMS));
        }
        String issuer = claims.getIssuer();
        if (issuer == null || !trusted.test(issuer)) {
            return rejected("no trusted publisher names the issuer '" + Optional.ofNullable(issuer).orElse("") + "'");
        }
        Optional<String> keyId = Optional.ofNullable(signed.getHeader().getKeyID());
        JWKSet set;
        try {
            set = keys.keys(issuer, keyId);
        } catch (IOException e) {
            return rejected("the issuer's keys are not available: " + e.getMessage());
        }
        if (!signedByOneOf(signed, candidates(set, keyId, algorithm))) {
            return rejected("the signature is not made by a key " + issuer + " publishes"
                    + keyId.map(id -> " (key id '" + id + "')").orElse(""));
        }
        IdToken token = new IdToken(issuer, Optional.ofNullable(claims.getSubject()),
                Optional.ofNullable(claims.getAudience()).orElse(List.of()),
                Optional.ofNullable(claims.getExpirationTime()).map(Date::toInstant).orElse(Instant.EPOCH), claims.getClaims());
        return times(claims).<Verification>map(problem -> new Verification.Rejected(problem, Optional.of(token)))
                .orElseGet(() -> new Verification.Verified(token));
    }

    private Optional<String> times(JWTClaimsSet claims) {
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null) {
            return Optional.of("the token has no expiry (exp)");
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (now.isAfter(exp.plus(SKEW))) {
            return Optional.of("the token expired at " + exp);
        }
        Optional<Instant> nbf = Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant);
        if (nbf.map(t -> now.plus(SKEW).isBefore(t)).orElse(false)) {
            return Optional.of("the token is not valid before " + nbf.get());
        }
        Optional<Instant> iat = Optional.ofNullable(claims.getIssueTime()).map(Date::toInstant);
        if (iat.map(t -> now.plus(SKEW).isBefore(t)).orElse(false)) {
            return Optional.of("the token was issued in the future (" + iat.get() + ")");
        }
        return Optional.empty();
    }

    /** The keys that could have made this signature: by key id when the token names one, of the algorithm's type, for signing. */
    private static List<JWK> candidates(JWKSet set, Optional<String> keyId, JWSAlgorithm algorithm) {
        return set.getKeys().stream()
                .filter(k -> keyId.map(id -> id.equals(k.getKeyID())).orElse(true))
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> k.getAlgorithm() == null || k.getAlgorithm().equals(algorithm))
                .filter(k -> JWSAlgorithm.Family.RSA.contains(algorithm) ? k instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS
                        : k instanceof ECKey)
                .toList();
    }

    private static boolean signedByOneOf(SignedJWT signed, List<JWK> candidates) {
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
                if (signed.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // a key that cannot check this algorithm (an EC key of another curve): try the next
            }
        }
        return false;
    }

    private static Verification rejected(String reason) {
        return new Verification.Rejected(reason, Optional.empty());
    }

    private static String names(Set<JWSAlgorithm> algorithms) {
        return algorithms.stream().map(JWSAlgorithm::getName).sorted().collect(Collectors.joining(", "));
    }
}
