package dev.hubkeep.server.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** An organization's token policy: allowed kinds, approval, maximum lifetime, org-level revoke. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class OrgTokenPolicyTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    Browser bob;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
        bob = hub.verifiedUser("bob");
        hub.createOrg(alice, "acme");
        hub.createRepo(alice, "acme", "secret", true);
        hub.addMember(alice, "acme", "bob", "write");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void fineGrainedOnly_classicToken_cutOffWithMessage() {
        setPolicy("{\"fineGrainedOnly\": true}");
        TokenClient classic = hub.withToken(hub.createToken(bob, "classic", "write"));

        Response response = classic.get("/api/models/acme/secret/auth-check");

        assertThat(response.status()).isEqualTo(404);
        assertThat(classic.get("/api/models?author=acme").json()).isEmpty();
    }

    @Test
    void fineGrainedOnly_fineGrainedToken_works() {
        setPolicy("{\"fineGrainedOnly\": true}");
        TokenClient fine = hub.withToken(hub.createToken(bob, """
                {"name": "fine", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "org", "name": "acme"}, "permissions": ["repo.content.read"]}]}}"""));

        assertThat(fine.get("/api/models/acme/secret").status()).isEqualTo(200);
    }

    @Test
    void requireApproval_tokenPendingThenApproved() {
        setPolicy("{\"requireApproval\": true}");
        TokenClient token = hub.withToken(hub.createToken(bob, "ci", "read"));

        Response before = token.get("/api/models/acme/secret");
        Response pending = alice.get("/api/organizations/acme/settings/tokens");
        String tokenId = pending.json().get(0).path("tokenId").asText();
        alice.postJson("/api/organizations/acme/settings/tokens/" + tokenId + "/approve", "{}");

        assertThat(before.status()).isEqualTo(404);
        assertThat(pending.json().get(0).path("status").asText()).isEqualTo("pending");
        assertThat(pending.json().get(0).path("owner").asText()).isEqualTo("bob");
        assertThat(token.get("/api/models/acme/secret").status()).isEqualTo(200);
    }

    @Test
    void requireApproval_denied_writeRefusedWithMessage() {
        setPolicy("{\"requireApproval\": true}");
        alice.putJson("/api/models/acme/secret/settings", "{\"private\": false}");
        TokenClient token = hub.withToken(hub.createToken(bob, "ci", "write"));
        token.get("/api/models/acme/secret");
        String tokenId = alice.get("/api/organizations/acme/settings/tokens").json().get(0).path("tokenId").asText();
        alice.postJson("/api/organizations/acme/settings/tokens/" + tokenId + "/deny", "{}");

        Response write = token.get("/api/models/acme/secret/auth-check/write");

        assertThat(write.status()).isEqualTo(403);
        assertThat(write.error()).isEqualTo("An administrator of acme denied this token access to the organization's resources.");
    }

    @Test
    void maxLifetime_tokenWithoutExpiry_cutOff_shortLivedToken_works() {
        setPolicy("{\"maxLifetimeDays\": 30}");
        TokenClient forever = hub.withToken(hub.createToken(bob, "forever", "read"));
        TokenClient monthly = hub.withToken(hub.createToken(bob, """
                {"name": "monthly", "role": "read", "expiresAt": "%s"}""".formatted(hub.clock.instant().plus(Duration.ofDays(20)))));

        assertThat(forever.get("/api/models/acme/secret").status()).isEqualTo(404);
        assertThat(monthly.get("/api/models/acme/secret").status()).isEqualTo(200);
    }

    @Test
    void orgRevoke_tokenCutOffFromOrgButWorksElsewhere() {
        String value = hub.createToken(bob, "ci", "write");
        TokenClient token = hub.withToken(value);
        hub.createRepo(bob, "bob", "own", true);

        Response revoke = alice.postJson("/api/organizations/acme/settings/tokens/revoke", "{\"token\": \"" + value + "\"}");

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(token.get("/api/models/acme/secret").status()).isEqualTo(404);
        assertThat(token.get("/api/models/bob/own").status()).isEqualTo(200);
    }

    @Test
    void policy_nonAdmin_403() {
        Response response = bob.putJson("/api/organizations/acme/settings/token-policy", "{\"fineGrainedOnly\": true}");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void policy_badMaxLifetime_400AndUnchanged() {
        Response response = alice.putJson("/api/organizations/acme/settings/token-policy", "{\"maxLifetimeDays\": -3}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(alice.get("/api/organizations/acme/settings/token-policy").json().path("maxLifetimeDays").isNull()).isTrue();
    }

    @Test
    void sessionOfMember_unaffectedByTokenPolicy() {
        setPolicy("{\"fineGrainedOnly\": true, \"requireApproval\": true}");

        assertThat(bob.get("/api/models/acme/secret").status()).isEqualTo(200);
    }

    @Test
    void orgAuditLog_recordsPolicyChange() {
        setPolicy("{\"fineGrainedOnly\": true}");

        assertThat(alice.get("/api/organizations/acme/audit-log").json().findValuesAsText("action")).contains("org.token_policy");
    }

    @Test
    void requireApproval_approvedTokenGetsWiderGrantsOnOrg_pendingAgain() {
        TokenClient token = approvedFineGrainedToken("repo.content.read");

        bob.send(bob.request("/api/settings/tokens/" + bobsTokenId())
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(grantsOnAcme("repo.write")))
                .build());

        assertThat(token.get("/api/models/acme/secret").status()).isEqualTo(404);
        assertThat(alice.get("/api/organizations/acme/settings/tokens").json().get(0).path("status").asText())
                .isEqualTo("pending");
    }

    @Test
    void requireApproval_approvedTokenGetsNarrowerGrantsOnOrg_staysApproved() {
        TokenClient token = approvedFineGrainedToken("repo.content.read\", \"repo.access.read");

        bob.send(bob.request("/api/settings/tokens/" + bobsTokenId())
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(grantsOnAcme("repo.content.read")))
                .build());

        assertThat(token.get("/api/models/acme/secret").status()).isEqualTo(200);
    }

    @Test
    void reviewList_showsTheTokensGrantsOnTheOrgOnly() {
        setPolicy("{\"requireApproval\": true}");
        hub.withToken(hub.createToken(bob, """
                {"name": "fine", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "org", "name": "acme"}, "permissions": ["repo.content.read"]},
                  {"entity": {"type": "user", "name": "bob"}, "permissions": ["repo.write"]}]}}""")).get("/api/models/acme/secret");

        Response reviews = alice.get("/api/organizations/acme/settings/tokens");

        assertThat(reviews.json().get(0).path("fineGrained").path("scoped").toString())
                .isEqualTo("[{\"entity\":{\"type\":\"org\",\"name\":\"acme\"},\"permissions\":[\"repo.content.read\"]}]");
    }

    @Test
    void orgRevoke_outsidersLiveToken_answeredAndAuditedExactlyAsAnUnknownValue() {
        String carols = hub.createToken(hub.verifiedUser("carol"), "ci", "read");

        Response live = alice.postJson("/api/organizations/acme/settings/tokens/revoke", "{\"token\": \"" + carols + "\"}");
        Response unknown = alice.postJson("/api/organizations/acme/settings/tokens/revoke",
                "{\"token\": \"" + dev.hubkeep.protocol.TokenFormat.generate() + "\"}");

        assertThat(live.body()).isEqualTo(unknown.body());
        var log = alice.get("/api/organizations/acme/audit-log").json();
        assertThat(log.get(0).path("details")).isEqualTo(log.get(1).path("details"));
    }

    @Test
    void requireApproval_outsidersTokenReadingPublicRepo_notInReviewList() {
        setPolicy("{\"requireApproval\": true}");
        hub.createRepo(alice, "acme", "open", false);
        TokenClient carols = hub.withToken(hub.createToken(hub.verifiedUser("carol"), "ci", "read"));

        Response read = carols.get("/api/models/acme/open");

        assertThat(read.status()).isEqualTo(200);
        assertThat(alice.get("/api/organizations/acme/settings/tokens").json()).isEmpty();
    }

    /** Bob's fine-grained token with {@code permission} on acme, used once and approved by alice. */
    private TokenClient approvedFineGrainedToken(String permission) {
        setPolicy("{\"requireApproval\": true}");
        String body = grantsOnAcme(permission).replace("{\"fineGrained\"", "{\"name\": \"fine\", \"role\": \"fineGrained\", \"fineGrained\"");
        TokenClient token = hub.withToken(hub.createToken(bob, body));
        token.get("/api/models/acme/secret");
        alice.postJson("/api/organizations/acme/settings/tokens/" + bobsTokenId() + "/approve", "{}");
        assertThat(token.get("/api/models/acme/secret").status()).isEqualTo(200);
        return token;
    }

    private static String grantsOnAcme(String permission) {
        return """
                {"fineGrained": {"scoped": [{"entity": {"type": "org", "name": "acme"}, "permissions": ["%s"]}]}}"""
                .formatted(permission);
    }

    private String bobsTokenId() {
        return bob.get("/api/settings/tokens").json().get(0).path("id").asText();
    }

    private void setPolicy(String json) {
        assertThat(alice.putJson("/api/organizations/acme/settings/token-policy", json).status()).isEqualTo(200);
    }
}
