package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        return ClientScript.run(List.of("node", script), ClientScript.acceptance("js"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", accessToken));
    }
}
