package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.SharedPostgres;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged servers, two processes, on one PostgreSQL and one data directory, as two nodes behind
 * a load balancer: what one changes, the other's caches (which held the old state) drop within a
 * second (issue 16). Nothing is shared but the database and the disk.
 *
 * <p>The world: alice (admin and read tokens) admins organization acme with the private model
 * acme/secret; bob (a read token) may be made a member.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesIT {

    static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    HubProcess nodeA;
    HubProcess nodeB;
    TokenClient aliceOnA;
    String aliceReader;
    String bobReader;

    @BeforeAll
    void start() throws Exception {
        String url = SharedPostgres.newDatabaseUrl();
        Path data = dir.resolve("data");
        String admin = HubProcess.userWithToken(data, "alice", "admin", "admin", "--database-url", url);
        aliceReader = HubProcess.token(data, "alice", "ci", "read", "--database-url", url);
        bobReader = HubProcess.userWithToken(data, "bob", "ci", "read", "--database-url", url);
        nodeA = HubProcess.serve(data, "--database-url", url);
        nodeB = HubProcess.serve(data, "--database-url", url);
        aliceOnA = nodeA.withToken(admin);
        assertThat(aliceOnA.postJson("/api/organizations/create", "{\"name\": \"acme\"}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        nodeB.close();
        nodeA.close();
    }

    @Test
    void tokenRevokedThroughNodeA_refusedByNodeBWithinASecond() {
        TokenClient onB = nodeB.withToken(aliceReader);
        holds(() -> onB.get("/api/whoami-v2").status() == 200);
        var tokens = aliceOnA.get("/api/settings/tokens").json();
        String id = tokens.findValuesAsText("id").get(tokens.findValuesAsText("name").indexOf("ci"));

        assertThat(aliceOnA.delete("/api/settings/tokens/" + id).status()).isEqualTo(204);

        seenWithinASecond("node B to refuse the revoked token", () -> onB.get("/api/whoami-v2").status() == 401);
    }

    @Test
    void memberRemovedThroughNodeA_refusedByNodeBWithinASecond() {
        createRepo("acme", "members-only", true);
        aliceOnA.putJson("/api/organizations/acme/members/bob", "{\"role\": \"read\"}");
        TokenClient onB = nodeB.withToken(bobReader);
        holds(() -> onB.get("/api/models/acme/members-only").status() == 200);

        assertThat(aliceOnA.delete("/api/organizations/acme/members/bob").status()).isIn(200, 204);

        seenWithinASecond("node B to hide the repository from the removed member",
                () -> onB.get("/api/models/acme/members-only").status() == 404);
    }

    @Test
    void repositoryMadePrivateThroughNodeA_hiddenByNodeBWithinASecond() {
        createRepo("alice", "going-private", false);
        holds(() -> nodeB.browser().get("/api/models/alice/going-private").status() == 200);

        assertThat(aliceOnA.putJson("/api/models/alice/going-private/settings", "{\"private\": true}").status()).isEqualTo(200);

        seenWithinASecond("node B to hide the now private repository",
                () -> nodeB.browser().get("/api/models/alice/going-private").status() == 401);
    }

    @Test
    void branchMovedThroughNodeA_resolvedToTheNewCommitByNodeBWithinASecond() {
        createRepo("alice", "moving", false);
        String first = commit("alice/moving", "one");
        holds(() -> first.equals(nodeB.browser().get("/alice/moving/resolve/main/file.txt").header("X-Repo-Commit").orElse("")));

        String second = commit("alice/moving", "two");

        seenWithinASecond("node B to resolve main to the new commit", () -> second.equals(
                nodeB.browser().get("/alice/moving/resolve/main/file.txt").header("X-Repo-Commit").orElse("")));
    }

    private void createRepo(String namespace, String name, boolean isPrivate) {
        assertThat(aliceOnA.postJson("/api/repos/create", """
                {"name": "%s", "organization": "%s", "private": %s}""".formatted(name, namespace, isPrivate)).status())
                .isEqualTo(200);
    }

    /** A commit through node A writing file.txt; its id. */
    private String commit(String repo, String content) {
        Response response = aliceOnA.postNdjson("/api/models/" + repo + "/commit/main",
                "{\"key\":\"header\",\"value\":{\"summary\":\"" + content + "\"}}\n"
                        + "{\"key\":\"file\",\"value\":{\"path\":\"file.txt\",\"encoding\":\"base64\",\"content\":\""
                        + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\"}}\n");
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("commitOid").asText();
    }

    /** Asks node B three times, so that its caches hold the state about to change. */
    private static void holds(BooleanSupplier before) {
        for (int i = 0; i < 3; i++) {
            assertThat(before.getAsBoolean()).isTrue();
        }
    }

    private static void seenWithinASecond(String what, BooleanSupplier after) {
        long changed = System.nanoTime();
        Await.until(Duration.ofSeconds(10), what, after);
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).as(what).isLessThan(WITHIN);
    }
}
