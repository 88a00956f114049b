package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code @huggingface/hub} npm client (pinned in acceptance/js) against the packaged server. */
class HubJsClientIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        token = HubProcess.userWithToken(data, "alice", "js-client", "write");
        hub = HubProcess.serve(data);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        hub.close();
    }

    @Test
    void whoAmI_withToken_parsedByTheClient() throws Exception {
        JsonNode me = runScript("whoami.mjs", token);

        assertThat(me.path("ok").asBoolean()).as(me.toString()).isTrue();
        assertThat(me.path("name").asText()).isEqualTo("alice");
        assertThat(me.path("tokenName").asText()).isEqualTo("js-client");
        assertThat(me.path("tokenRole").asText()).isEqualTo("write");
        assertThat(me.path("tokenCreatedAt").asText()).isNotEmpty();
    }

    @Test
    void whoAmI_withRevokedLookingToken_clientSees401() throws Exception {
        String wrong = token.substring(0, 10) + (token.charAt(10) == 'a' ? 'b' : 'a') + token.substring(11);

        JsonNode result = runScript("whoami.mjs", wrong);

        assertThat(result.path("ok").asBoolean()).isFalse();
        assertThat(result.path("statusCode").asInt()).isEqualTo(401);
        assertThat(result.path("message").asText()).contains("Invalid credentials in Authorization header");
    }

    static JsonNode runScript(String script, String accessToken) throws IOException, InterruptedException {
        Path js = Path.of(System.getProperty("hubkeep.root"), "acceptance", "js");
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(js.toFile()).redirectErrorStream(true);
        builder.environment().put("HUB_URL", hub.uri().toString().replaceAll("/$", ""));
        builder.environment().put("HF_TOKEN", accessToken);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String lastLine = output.strip().lines().reduce((a, b) -> b).orElse("");
        try {
            return new ObjectMapper().readTree(lastLine);
        } catch (IOException e) {
            throw new AssertionError("node printed no JSON (did ./run-tests install acceptance/js?): " + output, e);
        }
    }
}
