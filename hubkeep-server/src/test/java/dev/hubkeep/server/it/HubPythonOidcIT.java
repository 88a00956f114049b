package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.OidcIssuer;
import dev.hubkeep.server.testing.Response;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyless CI with the unmodified huggingface_hub (acceptance/python/oidc.py): a CI issuer runs on
 * loopback (keys made here), organization acme registers it as a trusted publisher of acme/model-a
 * acting as its service account ci-bot, and with
 * {@code HF_OIDC_RESOURCE=acme/model-a} and {@code HF_OIDC_ID_TOKEN} set, and no {@code HF_TOKEN}
 * anywhere, the client exchanges the ID token and uploads to the private repository, then reads
 * the file back. The packaged jar runs as its own process, its issuer allowed by its config file.
 */
class HubPythonOidcIT {

    @TempDir
    static Path dir;

    static OidcIssuer issuer;
    static HubProcess hub;
    static JsonNode result;
    static final Map<String, JsonNode> steps = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        issuer = OidcIssuer.start();
        Path data = dir.resolve("data");
        String setup = HubProcess.userWithToken(data, "alice", "setup", "admin");
        Path config = Files.writeString(dir.resolve("hubkeep.conf"), "trusted-publisher-issuers = " + issuer.url() + "\n");
        hub = HubProcess.serve(data, "--config", config.toString());
        String endpoint = hub.uri().toString().replaceAll("/$", "");
        expect(201, post(setup, "/api/organizations/create", "{\"name\": \"acme\"}"));
        expect(200, post(setup, "/api/repos/create", "{\"name\": \"model-a\", \"organization\": \"acme\", \"private\": true}"));
        expect(201, post(setup, "/api/organizations/acme/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"write\"}"));
        expect(201, post(setup, "/api/organizations/acme/settings/trusted-publishers", """
                {"name": "train", "issuer": "%s", "claims": {"repository": "acme/train", "ref": "refs/heads/main"},
                 "serviceAccount": "ci-bot", "repositories": ["acme/model-a"], "access": "write", "lifetimeMinutes": 15}"""
                .formatted(issuer.url())));
        String idToken = issuer.mint(endpoint, Instant.now(), Map.of("sub", "repo:acme/train:ref:refs/heads/main",
                "repository", "acme/train", "ref", "refs/heads/main"));

        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        result = ClientScript.run(List.of(python.toString(), "oidc.py"), ClientScript.acceptance("python"), Map.of(
                "HUB_URL", endpoint,
                "HF_OIDC_RESOURCE", "acme/model-a",
                "HF_OIDC_ID_TOKEN", idToken,
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
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void exchange_noStoredToken_clientGetsOne() {
        assertPassed("exchange_noStoredToken");
    }

    @Test
    void upload_withTheExchangedToken_lands() {
        assertPassed("upload_withExchangedToken");
    }

    @Test
    void download_readsBackTheUploadedFile() {
        assertPassed("download_theUploadedFile");
    }

    private static Response post(String token, String path, String json) {
        Browser browser = hub.browser();
        return browser.send(browser.request(path).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static void expect(int status, Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static void assertPassed(String name) {
        JsonNode step = steps.get(name);
        if (step == null) {
            fail("the script did not run step " + name + "; it reported: " + result);
        }
        assertThat(step.path("ok").asBoolean()).as("step %s failed: %s", name, step.path("detail")).isTrue();
    }
}
