package dev.hubkeep.server.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Leaving and deleting organizations, and the hub's administrators deactivating and deleting
 * accounts, through the API, on SQLite and PostgreSQL. The world: hubadmin administers the hub; alice
 * admins acme, bob is a write member of it and owns the public bob/model.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class LifecycleTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser root;
    Browser alice;
    Browser bob;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        hub.hub().accounts().createByOperator(new SignupRequest("hubadmin", "hubadmin@example.com", "password-of-hubadmin",
                Optional.empty()), true, true);
        root = hub.browser();
        hub.login(root, "hubadmin");
        alice = hub.verifiedUser("alice");
        bob = hub.verifiedUser("bob");
        hub.createOrg(alice, "acme");
        hub.addMember(alice, "acme", "bob", "write");
        hub.createRepo(bob, "bob", "model", false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void leave_member_noLongerAMember() {
        assertThat(bob.postJson("/api/organizations/acme/leave", "").status()).isEqualTo(204);

        assertThat(alice.get("/api/organizations/acme/members").json().findValuesAsText("user")).containsExactly("alice");
    }

    @Test
    void leave_lastAdmin_409() {
        Response response = alice.postJson("/api/organizations/acme/leave", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).contains("last admin");
    }

    @Test
    void leave_notAMember_404() {
        Browser carol = hub.verifiedUser("carol");

        assertThat(carol.postJson("/api/organizations/acme/leave", "").status()).isEqualTo(404);
    }

    @Test
    void deleteOrg_withRepositories_409NamingThem() {
        hub.createRepo(alice, "acme", "model-a", true);

        Response response = alice.deleteJson("/api/organizations/acme", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).contains("acme/model-a");
    }

    @Test
    void deleteOrg_empty_goneAndItsNameFree() {
        assertThat(alice.deleteJson("/api/organizations/acme", "").status()).isEqualTo(204);

        assertThat(hub.browser().get("/api/organizations/acme").status()).isEqualTo(404);
        assertThat(bob.postJson("/api/organizations/create", "{\"name\": \"acme\"}").status()).isEqualTo(201);
    }

    @Test
    void deleteOrg_revokesItsOrgTokens() {
        alice.postJson("/api/organizations/acme/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"read\"}");
        String value = alice.postJson("/api/organizations/acme/settings/access-tokens", """
                {"serviceAccount": "ci-bot", "name": "ci", "fineGrained": {"scoped": [
                  {"entity": {"type": "org", "name": "acme"}, "permissions": ["repo.content.read"]}]}}""")
                .json().path("token").asText();
        TokenClient token = hub.withToken(value);
        assertThat(token.get("/api/whoami-v2").status()).isEqualTo(200); // cached as verified

        assertThat(alice.deleteJson("/api/organizations/acme", "").status()).isEqualTo(204);

        assertThat(token.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void deleteOrg_byWriteMember_403() {
        assertThat(bob.deleteJson("/api/organizations/acme", "").status()).isEqualTo(403);
    }

    @Test
    void deleteUser_everyTokenRefusedInTheNextRequest() {
        TokenClient first = hub.withToken(hub.createToken(bob, "one", "write"));
        TokenClient second = hub.withToken(hub.createToken(bob, "two", "read"));
        assertThat(first.get("/api/whoami-v2").status()).isEqualTo(200); // both cached as verified
        assertThat(second.get("/api/whoami-v2").status()).isEqualTo(200);

        assertThat(root.deleteJson("/api/admin/users/bob", "").status()).isEqualTo(204);

        assertThat(first.get("/api/whoami-v2").status()).isEqualTo(401);
        assertThat(second.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void deleteUser_sessionEnded() {
        assertThat(root.deleteJson("/api/admin/users/bob", "").status()).isEqualTo(204);

        assertThat(bob.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void deleteUser_repositoriesKept() {
        assertThat(root.deleteJson("/api/admin/users/bob", "").status()).isEqualTo(204);

        assertThat(hub.browser().get("/api/models/bob/model").status()).isEqualTo(200);
    }

    @Test
    void deleteUser_leftTheirOrganizations() {
        assertThat(root.deleteJson("/api/admin/users/bob", "").status()).isEqualTo(204);

        assertThat(alice.get("/api/organizations/acme/members").json().findValuesAsText("user")).containsExactly("alice");
    }

    @Test
    void deleteUser_auditTrailKept() {
        assertThat(root.deleteJson("/api/admin/users/bob", "").status()).isEqualTo(204);

        assertThat(alice.get("/api/organizations/acme/audit-log").json().findValuesAsText("action"))
                .contains("org.member.add", "org.member.remove");
    }

    @Test
    void deleteUser_lastAdminOfAnOrg_409NamingIt() {
        Response response = root.deleteJson("/api/admin/users/alice", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).contains("acme");
    }

    @Test
    void deleteUser_byNonAdmin_403() {
        assertThat(alice.deleteJson("/api/admin/users/bob", "").status()).isEqualTo(403);
    }

    @Test
    void deleteUser_cannotSignInAgain() {
        root.deleteJson("/api/admin/users/bob", "");

        assertThat(hub.login(hub.browser(), "bob").status()).isEqualTo(401);
    }

    @Test
    void deactivate_tokensRefusedAndSignInRefused() {
        TokenClient token = hub.withToken(hub.createToken(bob, "one", "write"));
        assertThat(token.get("/api/whoami-v2").status()).isEqualTo(200);

        assertThat(root.postJson("/api/admin/users/bob/deactivate", "").status()).isEqualTo(200);

        assertThat(token.get("/api/whoami-v2").status()).isEqualTo(401);
        assertThat(hub.login(hub.browser(), "bob").status()).isEqualTo(403);
    }

    @Test
    void reactivate_signsInAgain_oldTokensStayRevoked() {
        TokenClient token = hub.withToken(hub.createToken(bob, "one", "write"));
        root.postJson("/api/admin/users/bob/deactivate", "");

        assertThat(root.postJson("/api/admin/users/bob/reactivate", "").status()).isEqualTo(200);

        assertThat(hub.login(hub.browser(), "bob").status()).isEqualTo(200);
        assertThat(token.get("/api/whoami-v2").status()).isEqualTo(401);
    }
}
