package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code transformers} (with the {@code huggingface_hub} it pins and {@code hf_xet}, in
 * acceptance/transformers, torch on the CPU): acceptance/transformers/push.py saves a tiny random GPT-2,
 * pushes it with {@code push_to_hub(private=True)} and loads it back with {@code from_pretrained}.
 */
class HubTransformersIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static JsonNode result;

    @BeforeAll
    static void pushAndLoad() throws Exception {
        Path data = dir.resolve("data");
        String token = HubProcess.userWithToken(data, "alice", "transformers", "write");
        hub = HubProcess.serve(data);
        Path python = ClientScript.acceptance("transformers").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/transformers").isExecutable();
        result = ClientScript.run(List.of(python.toString(), "push.py"), ClientScript.acceptance("transformers"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", token,
                "WORK_DIR", Files.createDirectories(dir.resolve("work")).toString(),
                "HF_HOME", Files.createDirectories(dir.resolve("hf-home")).toString()), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void pushToHub_privateThenFromPretrained_sameWeights() {
        assertThat(result.path("ok").asBoolean()).as("%s", result).isTrue();
        assertThat(result.path("class").asText()).isEqualTo("GPT2Model");
        assertThat(result.path("maxDifference").asDouble()).isZero();
    }

    @Test
    void pushToHub_weights_wentThroughXet() {
        assertThat(result.path("files").path("model.safetensors").asText()).as("%s", result).hasSize(64);
    }
}
