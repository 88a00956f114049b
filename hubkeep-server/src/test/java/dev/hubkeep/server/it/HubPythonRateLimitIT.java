package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code huggingface_hub} Python client reading Hubkeep's rate-limit headers (docs/limits.md). */
class HubPythonRateLimitIT {

    @TempDir
    Path dir;

    @Test
    void burstPastFreeQuota_clientNamesTheBucketAndTheWait() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("hubkeep.conf"), "rate-limit-free = 4/100/100\n");
        String token = HubProcess.userWithToken(data, "alice", "py-client", "write");
        try (HubProcess hub = HubProcess.serve(data, "--config", config.toString())) {
            JsonNode result = run(hub, token, "alice/limited");

            // Four in the window: the repository's creation and three reads.
            assertThat(result.path("calls").asInt()).as(result.toString()).isEqualTo(3);
            assertThat(result.path("status").asInt()).isEqualTo(429);
            assertThat(result.path("message").asText())
                    .containsPattern("you have reached your 'api' rate limit\\.\\s+Retry after \\d+ seconds"
                            + " \\(0/4 requests remaining in current 300s window\\)");
        }
    }

    @Test
    void proUserByAdminCommandWhileServing_notLimitedAtTheFreeRateWithoutRestart() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("hubkeep.conf"), "rate-limit-free = 4/100/100\n");
        String token = HubProcess.userWithToken(data, "bob", "py-client", "write");
        try (HubProcess hub = HubProcess.serve(data, "--config", config.toString())) {
            assertThat(run(hub, token, "bob/many-reads").path("status").asInt()).isEqualTo(429); // free: refused

            Process plan = HubProcess.command(List.of("admin", "plan", "set", "--data", data.toString(), "--config",
                    config.toString(), "--user", "bob", "pro")).start();
            String printed = new String(plan.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(plan.waitFor()).as(printed).isZero();
            Await.until(Duration.ofSeconds(5), "the running server to count bob under pro", () -> whoamiStatus(hub, token) == 200);
            JsonNode result = run(hub, token, "bob/many-reads");

            assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
            assertThat(printed).isEqualTo("User bob is now on the pro plan.\n");
        }
    }

    private static int whoamiStatus(HubProcess hub, String token) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(hub.uri().resolve("api/whoami-v2"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode run(HubProcess hub, String token, String repo) throws Exception {
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        return ClientScript.run(List.of(python.toString(), "ratelimit.py"), ClientScript.acceptance("python"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", token,
                "CALLS", "10",
                "REPO", repo,
                "HF_HOME", Files.createTempDirectory(dir, "hf-home").toString()));
    }
}
