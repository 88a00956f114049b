package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.SharedPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code hubkeep serve} processes (the packaged jar, twice) on one PostgreSQL database and data
 * directory, as two nodes behind a load balancer, with {@code rate-limit-store = database}: one
 * account's requests, alternating between them, are counted against one quota.
 */
class SharedQuotaIT {

    @TempDir
    Path dir;

    @Test
    void twoServersOnOnePostgres_databaseStore_enforceOneQuota() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("hubkeep.conf"), """
                database-url = %s
                rate-limit-store = database
                rate-limit-free = 4/100/100
                """.formatted(SharedPostgres.newDatabaseUrl()));
        String token = HubProcess.userWithToken(data, "alice", "ci", "read", "--config", config.toString());
        try (HubProcess a = HubProcess.serve(data, "--config", config.toString());
                HubProcess b = HubProcess.serve(data, "--config", config.toString());
                HttpClient client = HttpClient.newHttpClient()) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                HubProcess node = i % 2 == 0 ? a : b;
                statuses.add(client.send(HttpRequest.newBuilder(node.uri().resolve("api/whoami-v2"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode());
            }

            assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429, 429, 429);
        }
    }
}
