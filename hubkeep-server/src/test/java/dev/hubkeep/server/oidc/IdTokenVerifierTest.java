package dev.hubkeep.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.hubkeep.server.testing.MutableClock;
import dev.hubkeep.server.testing.OidcIssuer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ID token checks against a real issuer on loopback: keys made here, fetched over HTTP, the clock injected. */
class IdTokenVerifierTest {

    private static final String AUDIENCE = "http://hub.example";

    private final OidcIssuer issuer = OidcIssuer.start();
    private final MutableClock clock = MutableClock.startingNow();
    private final IdTokenVerifier verifier = new IdTokenVerifier(new IssuerKeys(new HttpKeyFetcher(true), clock), clock);

    @AfterEach
    void stop() {
        issuer.close();
    }

    private Verification verify(String token) {
        return verifier.verify(token, issuer.url()::equals);
    }

    private String token() {
        return issuer.mint(AUDIENCE, clock.instant(), Map.of("sub", "repo:acme/train:ref:refs/heads/main"));
    }

    @Test
    void verify_tokenOfTheIssuer_verifiedWithItsClaims() {
        Verification result = verify(token());

        assertThat(result).isInstanceOfSatisfying(Verification.Verified.class, v ->
                assertThat(v.token().text("sub")).contains("repo:acme/train:ref:refs/heads/main"));
    }

    @Test
    void verify_algNone_rejected() {
        String unsigned = OidcIssuer.unsigned(issuer.claims(AUDIENCE, clock.instant(), Map.of("sub", "x")));

        assertThat(verify(unsigned)).isInstanceOfSatisfying(Verification.Rejected.class, r ->
                assertThat(r.reason()).contains("not signed"));
    }

    @Test
    void verify_hmacSignedWithAnyKey_rejectedForItsAlgorithm() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), issuer.claims(AUDIENCE, clock.instant(), Map.of()).build());
        jwt.sign(new MACSigner(new byte[32]));

        assertThat(verify(jwt.serialize())).isInstanceOfSatisfying(Verification.Rejected.class, r ->
                assertThat(r.reason()).contains("HS256 is not accepted"));
    }

    @Test
    void verify_signedByAnotherKeyUnderTheIssuersKeyId_rejected() {
        RSAKey stranger = new RSAKey.Builder(OidcIssuer.newRsaKey()).keyID(issuer.current().getKeyID()).build();
        String forged = OidcIssuer.sign(stranger, JWSAlgorithm.RS256, issuer.claims(AUDIENCE, clock.instant(), Map.of()));

        assertThat(verify(forged)).isInstanceOfSatisfying(Verification.Rejected.class, r ->
                assertThat(r.reason()).contains("signature is not made by a key"));
    }

    @Test
    void verify_signedByAnUnpublishedKey_rejected() {
        String forged = OidcIssuer.sign(OidcIssuer.newRsaKey(), JWSAlgorithm.RS256, issuer.claims(AUDIENCE, clock.instant(), Map.of()));

        assertThat(verify(forged)).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void verify_expired_rejectedAsAuthentic() {
        String token = token();
        clock.advance(Duration.ofMinutes(10).plus(IdTokenVerifier.SKEW).plusSeconds(1));

        assertThat(verify(token)).isInstanceOfSatisfying(Verification.Rejected.class, r -> {
            assertThat(r.reason()).contains("expired");
            assertThat(r.authentic()).isPresent();
        });
    }

    @Test
    void verify_expiredWithinTheSkew_verified() {
        String token = token();
        clock.advance(Duration.ofMinutes(10).plus(IdTokenVerifier.SKEW).minusSeconds(1));

        assertThat(verify(token)).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void verify_notValidYet_rejected() {
        String early = issuer.mint(AUDIENCE, clock.instant().plus(Duration.ofMinutes(5)), Map.of());

        assertThat(verify(early)).isInstanceOfSatisfying(Verification.Rejected.class, r ->
                assertThat(r.reason()).contains("not valid before"));
    }

    @Test
    void verify_noExpiry_rejected() {
        String forever = issuer.sign(issuer.claims(AUDIENCE, clock.instant(), Map.of()).expirationTime(null));

        assertThat(verify(forever)).isInstanceOfSatisfying(Verification.Rejected.class, r ->
                assertThat(r.reason()).contains("no expiry"));
    }

    @Test
    void verify_untrustedIssuer_rejectedWithoutFetchingItsKeys() {
        Verification result = verifier.verify(token(), iss -> false);

        assertThat(result).isInstanceOf(Verification.Rejected.class);
        assertThat(issuer.keySetFetches()).isZero();
    }

    @Test
    void verify_issuerRotatedToANewKeyId_newKeyFetchedAndAccepted() {
        verify(token());
        clock.advance(IssuerKeys.REFETCH_FLOOR);
        issuer.rotate();

        assertThat(verify(token())).isInstanceOf(Verification.Verified.class);
        assertThat(issuer.keySetFetches()).isEqualTo(2);
    }

    @Test
    void verify_manyUnknownKeyIds_fetchAtMostOncePerFloor() {
        verify(token());
        for (int i = 0; i < 20; i++) {
            verify(OidcIssuer.sign(OidcIssuer.newRsaKey(), JWSAlgorithm.RS256, issuer.claims(AUDIENCE, clock.instant(), Map.of())));
        }

        assertThat(issuer.keySetFetches()).isEqualTo(1);
    }

    @Test
    void verify_keysStillFresh_notFetchedAgain() {
        verify(token());
        clock.advance(IssuerKeys.FRESH_FOR.minusSeconds(1));
        verify(token());

        assertThat(issuer.keySetFetches()).isEqualTo(1);
    }

    @Test
    void verify_keysNoLongerFresh_fetchedAgain() {
        verify(token());
        clock.advance(IssuerKeys.FRESH_FOR);
        verify(issuer.mint(AUDIENCE, clock.instant(), Map.of()));

        assertThat(issuer.keySetFetches()).isEqualTo(2);
    }

    @Test
    void verify_tooLong_rejectedUnparsed() {
        assertThat(verify("x".repeat(IdTokenVerifier.MAX_TOKEN_LENGTH + 1))).isInstanceOf(Verification.Rejected.class);
    }
}
