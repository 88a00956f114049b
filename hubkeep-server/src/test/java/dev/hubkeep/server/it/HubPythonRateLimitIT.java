package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void proUserByAdminCommand_notLimitedAtTheFreeRate() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("hubkeep.conf"), "rate-limit-free = 4/100/100\n");
        String token = HubProcess.userWithToken(data, "bob", "py-client", "write");
        Process plan = HubProcess.command(List.of("admin", "plan", "set", "--data", data.toString(), "--config",
                config.toString(), "--user", "bob", "pro")).start();
        String printed = new String(plan.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(plan.waitFor()).as(printed).isZero();
        try (HubProcess hub = HubProcess.serve(data, "--config", config.toString())) {
            JsonNode result = run(hub, token, "bob/many-reads");

            assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
            assertThat(printed).isEqualTo("User bob is now on the pro plan.\n");
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
