package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.nio.file.Files;
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
 * Token roles as the Hub's guides teach them, through the real {@code huggingface_hub} client
 * (acceptance/python/roles.py): a write token manages a repository (gating, visibility, renaming),
 * only an admin token deletes it; and the client shows the refusals that say what to do (a
 * repository id without its namespace, a token value a refresh replaced).
 */
class HubPythonRolesIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static JsonNode result;
    static final Map<String, JsonNode> steps = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        Path data = dir.resolve("data");
        String writeToken = HubProcess.userWithToken(data, "alice", "py-roles-write", "write");
        String adminToken = HubPythonFilesIT.token(data, "alice", "py-roles-admin", "admin");
        hub = HubProcess.serve(data);
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        result = ClientScript.run(List.of(python.toString(), "roles.py"), ClientScript.acceptance("python"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", writeToken,
                "HF_ADMIN_TOKEN", adminToken,
                "HF_HOME", Files.createDirectories(dir.resolve("hf-home")).toString()), Duration.ofMinutes(2));
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
    void script_run_reachedTheEnd() {
        assertThat(steps).as("the script stopped early: %s", result).doesNotContainKey("script").containsKey("deleteRepo_adminToken");
    }

    @Test
    void updateRepoSettings_gatedManual_writeTokenMay() {
        assertPassed("updateRepoSettings_gatedManual_writeToken");
    }

    @Test
    void updateRepoVisibility_writeTokenMay() {
        assertPassed("updateRepoVisibility_writeToken");
    }

    @Test
    void moveRepo_writeTokenMay() {
        assertPassed("moveRepo_writeToken");
    }

    @Test
    void deleteRepo_writeToken_403NamingTheAdminRole() {
        JsonNode detail = assertPassed("deleteRepo_writeToken_403NamingAdmin");

        assertThat(detail.path("status").asInt()).as("%s", detail).isEqualTo(403);
        assertThat(detail.path("serverMessage").asText()).as("%s", detail).contains("needs an admin token");
    }

    @Test
    void deleteRepo_adminToken_deletes() {
        assertPassed("deleteRepo_adminToken");
    }

    @Test
    void repoWithoutNamespace_repositoryNotFoundErrorWithTheHint() {
        JsonNode detail = assertPassed("error_repoWithoutNamespace_RepositoryNotFound");

        assertThat(detail.path("download").path("serverMessage").asText()).as("%s", detail)
                .contains("'bert-base-uncased' has no namespace");
    }

    @Test
    void replacedTokenValue_clientShowsWhenAndToUseTheNewValue() {
        JsonNode detail = assertPassed("error_replacedToken_saysUseTheNewValue");

        assertThat(detail.path("status").asInt()).as("%s", detail).isEqualTo(401);
    }

    static JsonNode assertPassed(String name) {
        JsonNode step = steps.get(name);
        if (step == null) {
            fail("the script did not run step " + name + "; it reported: " + result);
        }
        assertThat(step.path("ok").asBoolean()).as("step %s failed: %s", name, step.path("detail")).isTrue();
        return step.path("detail");
    }
}
