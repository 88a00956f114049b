package dev.hubkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Guessing, typos and leaks: what an attacker or an accident gets. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class TokenAttackTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    String token;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
        token = hub.createToken(alice, "ci", "write");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void thousandNearMissesWithValidChecksum_allRefused() {
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (i % 90 == 0) {
                hub.clock.advance(Authenticator.FAILURE_WINDOW); // stay under the failure throttle
            }
            String nearMiss = withValidChecksum(changeOneCharacter(token, i));
            if (hub.withToken(nearMiss).get("/api/whoami-v2").status() != 401) {
                accepted++;
            }
        }

        assertThat(accepted).isZero();
    }

    @Test
    void thousandBrokenChecksums_allRefusedWithoutTouchingTheDatabase() {
        double before = hub.databaseStatements();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (i % 90 == 0) {
                hub.clock.advance(Authenticator.FAILURE_WINDOW);
            }
            if (hub.withToken(changeOneCharacter(token, i)).get("/healthz").status() != 401) {
                accepted++;
            }
        }
        double after = hub.databaseStatements();

        assertThat(accepted).isZero();
        assertThat(after - before).isZero();
    }

    @Test
    void manyFailuresFromOneAddress_validTokenFromThereStillAccepted() {
        for (int i = 0; i < Authenticator.FAILURES_PER_ADDRESS; i++) {
            hub.withToken(TokenFormat.generate()).get("/healthz");
        }

        assertThat(hub.withToken(token).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void manyFailuresFromOneAddress_furtherInvalidOnes429WithRetryAfter() {
        for (int i = 0; i < Authenticator.FAILURES_PER_ADDRESS; i++) {
            hub.withToken(TokenFormat.generate()).get("/healthz");
        }

        Response response = hub.withToken(TokenFormat.generate()).get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isPositive();
        assertThat(response.error()).startsWith("Invalid credentials in Authorization header");
    }

    @Test
    void sameDeadValueRepeated_429WithoutTouchingTheDatabase() {
        String dead = TokenFormat.generate();
        for (int i = 0; i < TokenVerifier.FAILURES_PER_VALUE; i++) {
            hub.withToken(dead).get("/healthz");
        }
        double before = hub.databaseStatements();

        Response response = hub.withToken(dead).get("/healthz");

        assertThat(response.status()).isEqualTo(429);
        assertThat(hub.databaseStatements() - before).isZero();
    }

    @Test
    void leakReport_revokesTokenAndAlwaysAnswers202() {
        Response response = hub.browser().postJson("/api/credentials/revoke",
                "{\"credentials\": [\"" + token + "\", \"hf_not_a_token\", \"ghp_whatever\"]}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(hub.withToken(token).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void leakReport_unknownValues_still202() {
        Response response = hub.browser().postJson("/api/credentials/revoke",
                "{\"credentials\": [\"" + TokenFormat.generate() + "\"]}");

        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void leakReport_ownerIsMailedAndAudited() {
        hub.browser().postJson("/api/credentials/revoke", "{\"credentials\": [\"" + token + "\"]}");

        assertThat(hub.mails().get(hub.mails().size() - 1)).contains("Subject: Your access token \"ci\" was revoked");
        assertThat(alice.get("/api/settings/audit-log").json().get(0).path("actor").asText()).isEqualTo("leak-report");
    }

    @Test
    void leakReport_malformedBody_400() {
        Response response = hub.browser().postJson("/api/credentials/revoke", "{\"credentials\": \"" + token + "\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(hub.withToken(token).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void badTokenOnPublicRoute_401NotAnonymous() {
        Response response = hub.withToken(TokenFormat.generate()).get("/healthz");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("Invalid credentials in Authorization header");
    }

    @Test
    void expiredToken_auditedOnce() {
        String shortLived = hub.createToken(alice, """
                {"name": "short", "role": "read", "expiresAt": "%s"}""".formatted(hub.clock.instant().plus(Duration.ofMinutes(5))));
        hub.clock.advance(Duration.ofMinutes(10));
        hub.withToken(shortLived).get("/api/whoami-v2");
        hub.withToken(shortLived).get("/api/whoami-v2");

        assertThat(alice.get("/api/settings/audit-log").json().findValuesAsText("action")).containsOnlyOnce("token.expired");
    }

    @Test
    void createWithBadInput_400AndNothingCreated() {
        String[] bodies = {
            "{\"role\": \"read\"}",
            "{\"name\": \"x\", \"role\": \"owner\"}",
            "{\"name\": \"x\", \"role\": \"read\", \"expiresAt\": \"yesterday\"}",
            "{\"name\": \"x\", \"role\": \"read\", \"expiresAt\": \"2000-01-01T00:00:00Z\"}",
            "{\"name\": \"x\", \"role\": \"read\", \"allowedCidrs\": [\"10.0.0.0/33\"]}",
            "{\"name\": \"x\", \"role\": \"read\", \"allowedCidrs\": [\"example.com\"]}",
            "{\"name\": \"x\", \"role\": \"fineGrained\"}",
            "{\"name\": \"x\", \"role\": \"fineGrained\", \"fineGrained\": {\"scoped\": [{\"entity\": {\"type\": \"user\", \"name\": \"alice\"}, \"permissions\": [\"root.everything\"]}]}}",
            "{\"name\": \"x\", \"role\": \"read\", \"fineGrained\": {}}",
            "{\"name\": \"" + "n".repeat(65) + "\", \"role\": \"read\"}",
            "{\"name\": 5, \"role\": \"read\"}",
            "not json"
        };
        for (String body : bodies) {
            Response response = alice.postJson("/api/settings/tokens", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.error()).as(body).isNotBlank();
        }

        assertThat(alice.get("/api/settings/tokens").json()).hasSize(1);
    }

    @Test
    void showOtherUsersToken_404() {
        Browser bob = hub.verifiedUser("bob");
        hub.createToken(bob, "bobs", "read");
        String bobsId = bob.get("/api/settings/tokens").json().get(0).path("id").asText();

        assertThat(alice.get("/api/settings/tokens/" + bobsId).status()).isEqualTo(404);
    }

    @Test
    void limitedTokenWriter_refreshesOwnersAdminToken_403AndAdminValueKeepsWorking() {
        String admin = hub.createToken(alice, "admin", "admin");

        Response refresh = limitedTokenWriter().postJson("/api/settings/tokens/" + idOf("admin") + "/refresh", "{}");

        assertThat(refresh.status()).isEqualTo(403);
        assertThat(refresh.body()).doesNotContain("hf_");
        assertThat(hub.withToken(admin).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void expiringAdminToken_refreshesTokenWithoutExpiry_403() {
        String expiring = hub.createToken(alice, """
                {"name": "hourly", "role": "admin", "expiresAt": "%s"}""".formatted(hub.clock.instant().plus(Duration.ofHours(1))));

        Response refresh = hub.withToken(expiring).postJson("/api/settings/tokens/" + idOf("ci") + "/refresh", "{}");

        assertThat(refresh.status()).isEqualTo(403);
        assertThat(refresh.error()).contains("expires");
    }

    @Test
    void networkLimitedAdminToken_refreshesUnlimitedToken_403() {
        String local = hub.createToken(alice, """
                {"name": "local", "role": "admin", "allowedCidrs": ["127.0.0.1/32"]}""");

        Response refresh = hub.withToken(local).postJson("/api/settings/tokens/" + idOf("ci") + "/refresh", "{}");

        assertThat(refresh.status()).isEqualTo(403);
        assertThat(refresh.error()).contains("127.0.0.1/32");
    }

    @Test
    void limitedTokenWriter_refreshesTokenNoStrongerThanItself_200() {
        TokenClient writer = limitedTokenWriter();
        String child = hub.createToken(alice, limitedSpec("child"));

        Response refresh = writer.postJson("/api/settings/tokens/" + idOf("child") + "/refresh", "{}");

        assertThat(refresh.status()).isEqualTo(200);
        assertThat(hub.withToken(refresh.json().path("token").asText()).get("/api/whoami-v2").status()).isEqualTo(200);
        assertThat(hub.withToken(child).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void limitedTokenWriter_renamesOwnersAdminToken_403() {
        hub.createToken(alice, "admin", "admin");

        Response rename = limitedTokenWriter().patchJson("/api/settings/tokens/" + idOf("admin"), "{\"name\": \"mine\"}");

        assertThat(rename.status()).isEqualTo(403);
        assertThat(idOf("admin")).isNotEmpty();
    }

    @Test
    void limitedTokenWriter_changesGrantsOfLongerLivedToken_403() {
        hub.createToken(alice, """
                {"name": "forever", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": ["repo.write"]}]}}""");

        Response change = limitedTokenWriter().patchJson("/api/settings/tokens/" + idOf("forever"), """
                {"fineGrained": {"scoped": [{"entity": {"type": "user", "name": "alice"}, "permissions": ["user.tokens.write"]}]}}""");

        assertThat(change.status()).isEqualTo(403);
    }

    @Test
    void networkLimitedToken_createsTokenWithoutNetworks_childInheritsThem() {
        TokenClient writer = limitedTokenWriter();

        Response created = writer.postJson("/api/settings/tokens", limitedSpec("child").replace(", \"allowedCidrs\": [\"127.0.0.1/32\"]", ""));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("allowedCidrs").toString()).isEqualTo("[\"127.0.0.1/32\"]");
    }

    @Test
    void networkLimitedToken_createsTokenForWiderNetwork_403() {
        TokenClient writer = limitedTokenWriter();

        Response created = writer.postJson("/api/settings/tokens", limitedSpec("child").replace("127.0.0.1/32", "127.0.0.0/8"));

        assertThat(created.status()).isEqualTo(403);
    }

    /** Fine-grained, only user.tokens.write on alice, expiring in 1 h, usable from 127.0.0.1 only. */
    private String limitedSpec(String name) {
        return """
                {"name": "%s", "role": "fineGrained", "expiresAt": "%s", "allowedCidrs": ["127.0.0.1/32"], "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": ["user.tokens.write"]}]}}"""
                .formatted(name, hub.clock.instant().plus(Duration.ofHours(1)));
    }

    private TokenClient limitedTokenWriter() {
        return hub.withToken(hub.createToken(alice, limitedSpec("writer")));
    }

    private String idOf(String name) {
        for (var listed : alice.get("/api/settings/tokens").json()) {
            if (listed.path("name").asText().equals(name)) {
                return listed.path("id").asText();
            }
        }
        throw new AssertionError("no token named " + name);
    }

    /** Replaces character {@code i mod 34} of the random part with another alphabet character. */
    private static String changeOneCharacter(String token, int i) {
        int position = 3 + (i % 34);
        char original = token.charAt(position);
        char replacement = ALPHABET.charAt((ALPHABET.indexOf(original) + 1 + i / 34) % 62);
        if (replacement == original) {
            replacement = ALPHABET.charAt((ALPHABET.indexOf(original) + 1) % 62);
        }
        return token.substring(0, position) + replacement + token.substring(position + 1);
    }

    /** Recomputes the 6-character checksum so that only the database can tell the token is wrong. */
    private static String withValidChecksum(String token) {
        String body = token.substring(0, 37);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        String fixed = body + new String(digits);
        assertThat(TokenFormat.isWellFormed(fixed)).isTrue();
        return fixed;
    }
}
