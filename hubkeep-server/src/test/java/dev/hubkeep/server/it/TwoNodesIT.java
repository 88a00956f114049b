package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.SharedPostgres;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged servers, two processes, on one PostgreSQL and one data directory, as two nodes behind
 * a load balancer: what one changes, the other's caches drop within a second (issue 16). The
 * in-process pair of {@code MultiNodeInvalidationTest} covers more changes; this proves the same
 * through separate JVMs, nothing shared but the database and the disk.
 */
class TwoNodesIT {

    static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    HubProcess nodeA;
    HubProcess nodeB;
    String admin;
    String reader;

    @BeforeEach
    void start() throws Exception {
        String url = SharedPostgres.newDatabaseUrl();
        Path data = dir.resolve("data");
        admin = HubProcess.userWithToken(data, "alice", "admin", "admin", "--database-url", url);
        reader = HubProcess.token(data, "alice", "ci", "read", "--database-url", url);
        nodeA = HubProcess.serve(data, "--database-url", url);
        nodeB = HubProcess.serve(data, "--database-url", url);
    }

    @AfterEach
    void stop() throws Exception {
        nodeB.close();
        nodeA.close();
    }

    @Test
    void tokenRevokedThroughNodeA_refusedByNodeBWithinASecond() {
        TokenClient onB = nodeB.withToken(reader);
        for (int i = 0; i < 3; i++) {
            assertThat(onB.get("/api/whoami-v2").status()).isEqualTo(200); // node B now holds the token
        }
        TokenClient onA = nodeA.withToken(admin);
        var tokens = onA.get("/api/settings/tokens").json();
        String id = tokens.findValuesAsText("id").get(tokens.findValuesAsText("name").indexOf("ci"));

        assertThat(onA.delete("/api/settings/tokens/" + id).status()).isEqualTo(204);
        long revoked = System.nanoTime();

        Await.until(Duration.ofSeconds(10), "node B to refuse the revoked token", () -> onB.get("/api/whoami-v2").status() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(WITHIN);
    }
}
