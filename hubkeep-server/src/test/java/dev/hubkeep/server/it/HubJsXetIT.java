package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code @huggingface/hub} client (pinned in acceptance/js) at its default settings, which
 * use Xet: acceptance/js/xet.mjs uploads a 12 MB file (the hub must pick the LFS batch API's {@code xet}
 * transfer, or the client silently falls back to LFS) and downloads it through Xet and without.
 */
class HubJsXetIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static final Map<String, JsonNode> steps = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        Path data = dir.resolve("data");
        String writeToken = HubProcess.userWithToken(data, "alice", "js-xet", "write");
        hub = HubProcess.serve(data);
        JsonNode result = ClientScript.run(List.of("node", "xet.mjs"), ClientScript.acceptance("js"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", writeToken), Duration.ofMinutes(3));
        for (JsonNode step : result.path("steps")) {
            steps.put(step.path("step").asText(), step);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void uploadFile_over10MB_goesThroughTheXetTransfer() {
        assertPassed("createRepo");
        assertPassed("uploadFile_xet");
    }

    @Test
    void listFiles_uploadedFile_carriesItsXetHash() {
        assertPassed("listFiles_xetHash");
    }

    @Test
    void downloadFile_throughXet_sameBytes() {
        assertPassed("downloadFile_xet_true");
    }

    @Test
    void downloadFile_withoutXet_sameBytes() {
        assertPassed("downloadFile_xet_false");
    }

    private static void assertPassed(String name) {
        JsonNode step = steps.get(name);
        assertThat(step).as("no step %s in %s", name, steps).isNotNull();
        assertThat(step.path("ok").asBoolean()).as("step %s failed: %s", name, step.path("detail")).isTrue();
    }
}
