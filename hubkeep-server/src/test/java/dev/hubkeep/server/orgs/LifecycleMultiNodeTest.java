package dev.hubkeep.server.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ends of machine identities, accounts and organizations across nodes: two hubs on one
 * PostgreSQL database (as behind a load balancer; SQLite serves one node), node B holding in its
 * caches what node A then ends. Each end is refused by node B within a second.
 */
class LifecycleMultiNodeTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    static TestHub nodeA;
    static TestHub nodeB;
    static Browser root;

    @BeforeAll
    static void startTwoNodes() {
        nodeA = TestHub.start(DatabaseKind.POSTGRESQL, dir.resolve("data"));
        nodeB = nodeA.secondNode();
        nodeA.hub().accounts().createByOperator(new SignupRequest("hubadmin", "hubadmin@example.com",
                "password-of-hubadmin", Optional.empty()), true, true);
        root = nodeA.browser();
        nodeA.login(root, "hubadmin");
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void serviceAccountTokenRevokedOnA_refusedByNodeBWithinASecond() {
        Browser alice = nodeA.verifiedUser(nodeA.uniqueName("alice"));
        String org = org(alice);
        String value = orgToken(alice, org);
        TokenClient onB = nodeB.withToken(value);
        warm(onB, "/api/whoami-v2");
        String id = alice.get("/api/organizations/" + org + "/settings/access-tokens").json().get(0).path("id").asText();

        assertThat(alice.deleteJson("/api/organizations/" + org + "/settings/access-tokens/" + id, "").status())
                .isEqualTo(204);

        Await.until(WITHIN, "node B refuses the revoked organization token", () -> onB.get("/api/whoami-v2").status() == 401);
    }

    @Test
    void userDeactivatedOnA_tokenRefusedByNodeBWithinASecond() {
        String bob = nodeA.uniqueName("bob");
        TokenClient onB = nodeB.withToken(nodeA.createToken(nodeA.verifiedUser(bob), "ci", "write"));
        warm(onB, "/api/whoami-v2");

        assertThat(root.postJson("/api/admin/users/" + bob + "/deactivate", "").status()).isEqualTo(200);

        Await.until(WITHIN, "node B refuses the deactivated account's token", () -> onB.get("/api/whoami-v2").status() == 401);
    }

    @Test
    void userDeactivatedOnA_sessionRefusedByNodeBWithinASecond() {
        String bob = nodeA.uniqueName("bob");
        Browser session = nodeA.verifiedUser(bob);
        Browser onB = nodeB.browser();
        onB.setCookie(session.cookie("hubkeep_session").orElseThrow());
        assertThat(onB.get("/api/whoami-v2").status()).isEqualTo(200); // node B now holds the session

        assertThat(root.postJson("/api/admin/users/" + bob + "/deactivate", "").status()).isEqualTo(200);

        Await.until(WITHIN, "node B refuses the deactivated account's session", () -> onB.get("/api/whoami-v2").status() == 401);
    }

    @Test
    void orgDeletedOnA_itsTokensRefusedByNodeBWithinASecond() {
        Browser alice = nodeA.verifiedUser(nodeA.uniqueName("alice"));
        String org = org(alice);
        TokenClient onB = nodeB.withToken(orgToken(alice, org));
        warm(onB, "/api/whoami-v2");

        assertThat(alice.deleteJson("/api/organizations/" + org, "").status()).isEqualTo(204);

        Await.until(WITHIN, "node B refuses the deleted organization's token", () -> onB.get("/api/whoami-v2").status() == 401);
    }

    private static String org(Browser admin) {
        String org = nodeA.uniqueName("acme");
        nodeA.createOrg(admin, org);
        assertThat(admin.postJson("/api/organizations/" + org + "/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"read\"}")
                .status()).isEqualTo(201);
        return org;
    }

    /** An organization token of its service account ci-bot, made on node A. */
    private static String orgToken(Browser admin, String org) {
        Response created = admin.postJson("/api/organizations/" + org + "/settings/access-tokens", """
                {"serviceAccount": "ci-bot", "name": "ci", "fineGrained": {"scoped": [
                  {"entity": {"type": "org", "name": "%s"}, "permissions": ["repo.content.read"]}]}}""".formatted(org));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }

    /** Two reads that must succeed: the first fills node B's caches, the second is answered from them. */
    private static void warm(TokenClient client, String path) {
        for (int i = 0; i < 2; i++) {
            Response response = client.get(path);
            assertThat(response.status()).as("warming %s: %s", path, response.body()).isEqualTo(200);
        }
    }
}
