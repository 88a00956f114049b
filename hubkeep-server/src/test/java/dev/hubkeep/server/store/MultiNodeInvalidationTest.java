package dev.hubkeep.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database (one data directory, as behind a load balancer): a change
 * made through node A is seen by node B, whose caches held the old state, within a second
 * ({@link ChangeBroadcast}); and a node whose listening connection is lost drops its caches.
 */
class MultiNodeInvalidationTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    static TestHub nodeA;
    static TestHub nodeB;

    @BeforeAll
    static void startTwoNodes() {
        nodeA = TestHub.start(DatabaseKind.POSTGRESQL, dir.resolve("data"));
        nodeB = nodeA.secondNode();
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
    void tokenRevokedOnA_refusedByNodeBWithinASecond() {
        Browser session = nodeA.verifiedUser(nodeA.uniqueName("alice"));
        TokenClient onB = nodeB.withToken(nodeA.createToken(session, "ci", "read"));
        warm(onB, "/api/whoami-v2");
        String id = session.get("/api/settings/tokens").json().get(0).path("id").asText();

        assertThat(session.send(session.request("/api/settings/tokens/" + id).DELETE().build()).status()).isEqualTo(204);

        Await.until(WITHIN, "node B refuses the revoked token", () -> onB.get("/api/whoami-v2").status() == 401);
    }

    @Test
    void signedOutOnA_sessionRefusedByNodeBWithinASecond() {
        Browser session = nodeA.verifiedUser(nodeA.uniqueName("alice"));
        Browser onB = nodeB.browser();
        onB.setCookie(session.cookie("hubkeep_session").orElseThrow());
        assertThat(onB.get("/api/whoami-v2").status()).isEqualTo(200); // node B now holds the session

        assertThat(session.postJson("/api/logout", "{}").status()).isEqualTo(204);

        Await.until(WITHIN, "node B refuses the ended session", () -> onB.get("/api/whoami-v2").status() == 401);
    }

    @Test
    void orgMemberRemovedOnA_refusedByNodeBWithinASecond() {
        String org = nodeA.uniqueName("acme");
        String bob = nodeA.uniqueName("bob");
        Browser admin = nodeA.verifiedUser(nodeA.uniqueName("admin"));
        nodeA.createOrg(admin, org);
        nodeA.createRepo(admin, org, "secret", true);
        commitFile(nodeA.withToken(nodeA.createToken(admin, "w", "write")), org + "/secret");
        TokenClient bobOnB = nodeB.withToken(nodeA.createToken(nodeA.verifiedUser(bob), "ci", "read"));
        nodeA.addMember(admin, org, bob, "read");
        String file = "/" + org + "/secret/resolve/main/config.json";
        warm(bobOnB, file);

        assertThat(admin.send(admin.request("/api/organizations/" + org + "/members/" + bob).DELETE().build()).status())
                .isEqualTo(204);

        Await.until(WITHIN, "node B hides the repository from the removed member", () -> bobOnB.get(file).status() == 404);
    }

    @Test
    void repositoryMadePrivateOnA_hiddenByNodeBWithinASecond() {
        String alice = nodeA.uniqueName("alice");
        Browser session = nodeA.verifiedUser(alice);
        nodeA.createRepo(session, alice, "bert", false);
        TokenClient owner = nodeA.withToken(nodeA.createToken(session, "w", "write"));
        commitFile(owner, alice + "/bert");
        TokenClient strangerOnB = nodeB.withToken(nodeA.createToken(nodeA.verifiedUser(nodeA.uniqueName("eve")), "r", "read"));
        String info = "/api/models/" + alice + "/bert";
        warm(strangerOnB, info);

        assertThat(owner.putJson(info + "/settings", "{\"private\": true}").status()).isEqualTo(200);

        Await.until(WITHIN, "node B hides the repository made private", () -> strangerOnB.get(info).status() == 404);
    }

    @Test
    void listenerConnectionLost_nodeDropsItsCaches() throws SQLException {
        Browser session = nodeB.verifiedUser(nodeB.uniqueName("carol"));
        TokenClient client = nodeB.withToken(nodeB.createToken(session, "ci", "read"));
        warm(client, "/api/whoami-v2");
        String id = session.get("/api/settings/tokens").json().get(0).path("id").asText();
        // Revoked behind every node's back (no announcement): as if the notification had been lost.
        sql("UPDATE access_tokens SET revoked_at = 1 WHERE id = ?", id);
        assertThat(client.get("/api/whoami-v2").status()).as("answered from the cache").isEqualTo(200);

        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = ?", ChangeBroadcast.APPLICATION_NAME);

        Await.until(WITHIN, "the node reads the token again once its listener is lost",
                () -> client.get("/api/whoami-v2").status() == 401);
    }

    private static void sql(String statement, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection(nodeA.databaseUrl());
                PreparedStatement prepared = connection.prepareStatement(statement)) {
            prepared.setString(1, parameter);
            prepared.execute();
        }
    }

    /** Two reads that must succeed: the first fills node B's caches, the second is answered from them. */
    private static void warm(TokenClient client, String path) {
        for (int i = 0; i < 2; i++) {
            Response response = client.get(path);
            assertThat(response.status()).as("warming %s: %s", path, response.body()).isEqualTo(200);
        }
    }

    private static void commitFile(TokenClient client, String repo) {
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"add config.json\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"config.json\",\"encoding\":\"base64\",\"content\":\""
                + Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "\"}}\n";
        Response response = client.postNdjson("/api/models/" + repo + "/commit/main", body);
        assertThat(response.status()).as("commit: %s", response.body()).isEqualTo(200);
    }
}
