package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.limits.Plan;
import dev.hubkeep.server.limits.Plans;
import dev.hubkeep.server.limits.Window;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified {@code huggingface_hub} 2.0.0 {@code hf_hub_download}, refused because the
 * caller's {@code resolvers} bucket is spent, waits out the window as the {@code RateLimit} header
 * says ({@code t + 1} seconds) and then downloads the file. The hub runs in this JVM on a clock the
 * test holds three seconds before the window's end, so the header says {@code t=3}; the test moves
 * the clock past the reset once the client has been refused, and the window stays 300 s.
 */
class HubPythonRateLimitWaitIT {

    private static final Plans SMALL = Plans.DEFAULTS.with(Plan.limited(Plan.FREE, 100, 3, 100));
    private static final Pattern REFUSED =
            Pattern.compile("hubkeep_rate_limit_requests_total\\{bucket=\"resolvers\",outcome=\"refused\",plan=\"free\"} (\\S+)");

    @TempDir
    Path dir;

    TestHub hub;

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void hfHubDownload_resolversSpent_waitsOutTheWindowThenDownloads() throws Exception {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"), c -> c.withRatePlans(SMALL));
        String token = modelWithConfig("alice", "model");
        TokenClient alice = hub.withToken(token);
        long untilReset = Window.LENGTH.toMillis() - Math.floorMod(hub.clock.millis(), Window.LENGTH.toMillis());
        hub.clock.advance(Duration.ofMillis(untilReset > 3_000 ? untilReset - 3_000 : untilReset + 297_000));
        for (int i = 0; i < 3; i++) {
            assertThat(alice.get("/alice/model/resolve/main/config.json").status()).isEqualTo(200); // the bucket, spent
        }

        CompletableFuture<JsonNode> download = CompletableFuture.supplyAsync(() -> run(token, "alice/model", "config.json"));
        // The client's first look (no retry) and its retry are refused; then it sleeps t + 1 = 4 s.
        Await.until(Duration.ofSeconds(60), "the client to be refused twice", () -> refusals() >= 2);
        hub.clock.advance(Duration.ofSeconds(3)); // the window resets
        JsonNode result = download.get();

        assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("content").asText()).isEqualTo("{\"hidden_size\": 8}");
        assertThat(result.path("warnings").toString()).contains("Rate limited. Waiting 4.0s before retry");
        assertThat(result.path("seconds").asDouble()).isGreaterThanOrEqualTo(4.0);
        assertThat(refusals()).isEqualTo(2.0);
    }

    /** A verified user with a model holding config.json, and a read token of theirs. */
    private String modelWithConfig(String username, String name) {
        Browser session = hub.verifiedUser(username);
        hub.createRepo(session, username, name, false);
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"config\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"config.json\",\"encoding\":\"base64\",\"content\":\""
                + Base64.getEncoder().encodeToString("{\"hidden_size\": 8}".getBytes(StandardCharsets.UTF_8)) + "\"}}\n";
        TokenClient writer = hub.withToken(hub.createToken(session, "writer", "write"));
        assertThat(writer.postNdjson("/api/models/" + username + "/" + name + "/commit/main", body).status()).isEqualTo(200);
        hub.awaitBackgroundIdle(); // config.json's scan
        return hub.createToken(session, "py-client", "read");
    }

    private double refusals() {
        Matcher m = REFUSED.matcher(hub.metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private JsonNode run(String token, String repo, String filename) {
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        try {
            return ClientScript.run(List.of(python.toString(), "ratelimit_download.py"), ClientScript.acceptance("python"),
                    Map.of("HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                            "HF_TOKEN", token,
                            "REPO", repo,
                            "FILENAME", filename,
                            "HF_HOME", Files.createTempDirectory(dir, "hf-home").toString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
