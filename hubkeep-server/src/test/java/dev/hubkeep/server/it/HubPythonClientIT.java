package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code huggingface_hub} Python client (pinned in acceptance/python) against the packaged server. */
class HubPythonClientIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        token = HubProcess.userWithToken(data, "alice", "py-client", "write");
        hub = HubProcess.serve(data);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        hub.close();
    }

    @Test
    void whoami_withToken_parsedByTheClient() throws Exception {
        JsonNode me = runScript("whoami.py", token);

        assertThat(me.path("ok").asBoolean()).as(me.toString()).isTrue();
        assertThat(me.path("name").asText()).isEqualTo("alice");
        assertThat(me.path("type").asText()).isEqualTo("user");
        assertThat(me.path("orgs").isArray()).as(me.toString()).isTrue();
        assertThat(me.path("tokenName").asText()).isEqualTo("py-client");
        assertThat(me.path("tokenRole").asText()).isEqualTo("write");
    }

    @Test
    void whoami_withWrongToken_clientRaises401() throws Exception {
        String wrong = token.substring(0, 10) + (token.charAt(10) == 'a' ? 'b' : 'a') + token.substring(11);

        JsonNode result = runScript("whoami.py", wrong);

        assertThat(result.path("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.path("error").asText()).isEqualTo("HfHubHTTPError");
        assertThat(result.path("status").asInt()).isEqualTo(401);
        assertThat(result.path("serverMessage").asText()).contains("Invalid credentials in Authorization header");
    }

    static JsonNode runScript(String script, String accessToken) throws IOException, InterruptedException {
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        return ClientScript.run(List.of(python.toString(), script), ClientScript.acceptance("python"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", accessToken,
                // No token, cache or settings of whoever runs the tests.
                "HF_HOME", Files.createTempDirectory(dir, "hf-home").toString()));
    }
}
