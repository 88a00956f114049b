package dev.hubkeep.server.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Organization tokens through the API, as an organization's admins use them: service accounts made
 * under the organization, tokens of theirs created, listed and revoked by any admin, outliving the
 * person who made them. On SQLite and PostgreSQL.
 *
 * <p>The world: alice and carol admin acme (repositories model-a, model-b, private); bob is a write
 * member; alice also owns the private alice/mine.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class OrgTokensTest {

    static final String WRITE_ON_MODEL_A = """
            {"serviceAccount": "ci-bot", "name": "%s", "fineGrained": {"scoped": [
              {"entity": {"type": "model", "name": "acme/model-a"}, "permissions": ["repo.content.read", "repo.write"]}]}}""";

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    Browser bob;
    Browser carol;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
        bob = hub.verifiedUser("bob");
        carol = hub.verifiedUser("carol");
        hub.createOrg(alice, "acme");
        hub.addMember(alice, "acme", "carol", "admin");
        hub.addMember(alice, "acme", "bob", "write");
        hub.createRepo(alice, "acme", "model-a", true);
        hub.createRepo(alice, "acme", "model-b", true);
        hub.createRepo(alice, "alice", "mine", true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void createServiceAccount_listedWithItsRole() {
        Response created = alice.postJson("/api/organizations/acme/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"write\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("username").asText()).isEqualTo("acme/ci-bot");
        JsonNode listed = carol.get("/api/organizations/acme/service-accounts").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("role").asText()).isEqualTo("write");
    }

    @Test
    void serviceAccount_notAmongThePublicMembers() {
        bot();

        assertThat(hub.browser().get("/api/organizations/acme/members").json().findValuesAsText("user"))
                .containsExactlyInAnyOrder("alice", "bob", "carol");
    }

    @Test
    void createServiceAccount_byWriteMember_403() {
        Response response = bob.postJson("/api/organizations/acme/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"write\"}");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void orgToken_writesToItsRepo() {
        TokenClient token = hub.withToken(orgToken(alice, "upload"));

        assertThat(token.get("/api/models/acme/model-a/auth-check/write").status()).isEqualTo(200);
    }

    @Test
    void orgToken_otherRepoOfTheOrg_404() {
        TokenClient token = hub.withToken(orgToken(alice, "upload"));

        assertThat(token.get("/api/models/acme/model-b").status()).isEqualTo(404);
    }

    @Test
    void orgToken_repoOutsideTheOrg_404() {
        TokenClient token = hub.withToken(orgToken(alice, "upload"));

        assertThat(token.get("/api/models/alice/mine").status()).isEqualTo(404);
    }

    @Test
    void orgToken_grantOutsideTheOrg_400NamingIt() {
        bot();

        Response response = alice.postJson("/api/organizations/acme/settings/access-tokens", """
                {"serviceAccount": "ci-bot", "name": "x", "fineGrained": {"scoped": [
                  {"entity": {"type": "model", "name": "alice/mine"}, "permissions": ["repo.content.read"]}]}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("model alice/mine");
    }

    @Test
    void orgToken_creatorRemovedFromTheOrg_stillWorks() {
        TokenClient token = hub.withToken(orgToken(alice, "upload"));

        assertThat(carol.deleteJson("/api/organizations/acme/members/alice", "").status()).isEqualTo(204);

        assertThat(token.get("/api/models/acme/model-a/auth-check/write").status()).isEqualTo(200);
    }

    @Test
    void orgToken_listedToAnotherAdminWithItsCreator() {
        orgToken(alice, "upload");

        JsonNode listed = carol.get("/api/organizations/acme/settings/access-tokens").json();

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("createdBy").asText()).isEqualTo("alice");
        assertThat(listed.get(0).path("serviceAccount").asText()).isEqualTo("acme/ci-bot");
        assertThat(listed.get(0).has("token")).isFalse();
    }

    @Test
    void orgToken_revokedByAnotherAdmin_401AtOnce() {
        TokenClient token = hub.withToken(orgToken(alice, "upload"));
        assertThat(token.get("/api/models/acme/model-a").status()).isEqualTo(200); // in the verified-token cache now
        String id = carol.get("/api/organizations/acme/settings/access-tokens").json().get(0).path("id").asText();

        assertThat(carol.deleteJson("/api/organizations/acme/settings/access-tokens/" + id, "").status()).isEqualTo(204);

        assertThat(token.get("/api/models/acme/model-a").status()).isEqualTo(401);
    }

    @Test
    void orgToken_creationAuditedInTheOrgsLogWithItsCreator() {
        orgToken(alice, "upload");

        JsonNode log = carol.get("/api/organizations/acme/audit-log").json();

        assertThat(log.findValuesAsText("action")).contains("token.create", "org.service_account.create");
        assertThat(log.get(0).path("actor").asText()).isEqualTo("alice");
    }

    @Test
    void orgToken_policyMaxLifetime_withoutExpiry_400() {
        bot();
        alice.putJson("/api/organizations/acme/settings/token-policy", "{\"maxLifetimeDays\": 30}");

        Response response = alice.postJson("/api/organizations/acme/settings/access-tokens", WRITE_ON_MODEL_A.formatted("x"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("30 days");
    }

    @Test
    void orgToken_policyRequiresApproval_approvedByItsCreator() {
        bot();
        alice.putJson("/api/organizations/acme/settings/token-policy", "{\"requireApproval\": true}");
        TokenClient token = hub.withToken(orgToken(alice, "upload"));

        assertThat(token.get("/api/models/acme/model-a/auth-check/write").status()).isEqualTo(200);
        assertThat(carol.get("/api/organizations/acme/settings/tokens").json().get(0).path("updatedBy").asText())
                .isEqualTo("alice");
    }

    @Test
    void orgToken_fineGrainedAdminTokenAskingBeyondItsGrants_403() {
        bot();
        String narrow = hub.createToken(alice, """
                {"name": "narrow", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "org", "name": "acme"}, "permissions": ["org.members.write"]}]}}""");

        Response response = hub.withToken(narrow).postJson("/api/organizations/acme/settings/access-tokens",
                WRITE_ON_MODEL_A.formatted("x"));

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void deleteServiceAccount_itsTokens401() {
        TokenClient token = hub.withToken(orgToken(alice, "upload"));

        assertThat(carol.deleteJson("/api/organizations/acme/service-accounts/ci-bot", "").status()).isEqualTo(204);

        assertThat(token.get("/api/models/acme/model-a").status()).isEqualTo(401);
    }

    @Test
    void serviceAccount_cannotBeAddedToAnotherOrg() {
        bot();
        hub.createOrg(bob, "other");

        Response response = bob.putJson("/api/organizations/other/members/acme%2Fci-bot", "{\"role\": \"read\"}");

        assertThat(response.status()).isBetween(400, 404);
        assertThat(bob.get("/api/organizations/other/members").json()).hasSize(1);
    }

    @Test
    void orgTokenWhoami_namesItsOrg() {
        TokenClient token = hub.withToken(orgToken(alice, "upload"));

        JsonNode me = token.get("/api/whoami-v2").json();

        assertThat(me.path("type").asText()).isEqualTo("service_account");
        assertThat(me.path("owner").path("name").asText()).isEqualTo("acme");
        assertThat(me.path("auth").path("accessToken").path("displayName").asText()).isEqualTo("upload");
    }

    private void bot() {
        Response created = alice.postJson("/api/organizations/acme/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"write\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private String orgToken(Browser admin, String name) {
        if (admin.get("/api/organizations/acme/service-accounts").json().isEmpty()) {
            bot();
        }
        Response created = admin.postJson("/api/organizations/acme/settings/access-tokens", WRITE_ON_MODEL_A.formatted(name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }
}
