package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token roles through the real {@code @huggingface/hub} client (acceptance/js/roles.mjs): a write
 * token creates a repository, {@code deleteRepo} with it is refused naming the admin role, and with
 * an admin token it deletes.
 */
class HubJsRolesIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static JsonNode result;
    static final Map<String, JsonNode> steps = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        Path data = dir.resolve("data");
        String writeToken = HubProcess.userWithToken(data, "alice", "js-roles-write", "write");
        String adminToken = HubPythonFilesIT.token(data, "alice", "js-roles-admin", "admin");
        hub = HubProcess.serve(data);
        result = ClientScript.run(List.of("node", "roles.mjs"), ClientScript.acceptance("js"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", writeToken,
                "HF_ADMIN_TOKEN", adminToken));
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
    void createRepo_writeToken_creates() {
        assertPassed("createRepo_writeToken");
    }

    @Test
    void deleteRepo_writeToken_403NamingTheAdminRole() {
        JsonNode detail = assertPassed("deleteRepo_writeToken_403NamingAdmin");

        assertThat(detail.path("statusCode").asInt()).as("%s", detail).isEqualTo(403);
        assertThat(detail.path("message").asText()).as("%s", detail)
                .startsWith("This token's role is write; deleting model alice/js-roles-");
    }

    @Test
    void deleteRepo_adminToken_deletes() {
        assertPassed("deleteRepo_adminToken");
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
