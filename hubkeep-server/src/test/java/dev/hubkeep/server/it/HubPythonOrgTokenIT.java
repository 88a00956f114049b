package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Issue 19's acceptance for organization tokens, through the real {@code huggingface_hub} client
 * (acceptance/python/orgtoken.py), unmodified: an admin of acme makes a service account and an
 * organization token with write on acme/model-a; the client uploads with it and cannot read
 * acme/model-b nor a private repository outside acme; the admin who made it is removed from acme
 * and it still uploads; another admin revokes it and the client gets 401.
 */
class HubPythonOrgTokenIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    static HubProcess hub;
    static final Map<String, JsonNode> steps = new LinkedHashMap<>();
    static final Map<String, JsonNode> results = new LinkedHashMap<>();

    @BeforeAll
    static void runTheJourney() throws Exception {
        Path data = dir.resolve("data");
        String alice = HubProcess.userWithToken(data, "alice", "admin", "admin");
        String carol = HubProcess.userWithToken(data, "carol", "admin", "admin");
        hub = HubProcess.serve(data);
        expect(201, call("POST", "/api/organizations/create", alice, "{\"name\": \"acme\"}"));
        expect(200, call("PUT", "/api/organizations/acme/members/carol", alice, "{\"role\": \"admin\"}"));
        for (String repo : List.of("model-a", "model-b")) {
            expect(200, call("POST", "/api/repos/create", alice,
                    "{\"name\": \"" + repo + "\", \"organization\": \"acme\", \"private\": true}"));
        }
        expect(200, call("POST", "/api/repos/create", carol, "{\"name\": \"mine\", \"private\": true}"));
        expect(201, call("POST", "/api/organizations/acme/service-accounts", alice, "{\"name\": \"ci-bot\", \"role\": \"write\"}"));
        String orgToken = expect(201, call("POST", "/api/organizations/acme/settings/access-tokens", alice, """
                {"serviceAccount": "ci-bot", "name": "upload", "fineGrained": {"scoped": [
                  {"entity": {"type": "model", "name": "acme/model-a"}, "permissions": ["repo.content.read", "repo.write"]}]}}"""))
                .path("token").asText();

        runPhase("made", orgToken);
        expect(204, call("DELETE", "/api/organizations/acme/members/alice", carol, ""));
        runPhase("creatorRemoved", orgToken);
        String id = expect(200, call("GET", "/api/organizations/acme/settings/access-tokens", carol, null)).get(0)
                .path("id").asText();
        expect(204, call("DELETE", "/api/organizations/acme/settings/access-tokens/" + id, carol, null));
        runPhase("revoked", orgToken);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void whoami_saysServiceAccountOfAcme() {
        JsonNode me = assertPassed("made/whoami");

        assertThat(me.path("type").asText()).isEqualTo("service_account");
        assertThat(me.path("name").asText()).isEqualTo("acme/ci-bot");
        assertThat(me.path("owner").path("name").asText()).isEqualTo("acme");
        assertThat(me.path("tokenName").asText()).isEqualTo("upload");
    }

    @Test
    void upload_toTheGrantedRepo_works() {
        assertPassed("made/upload_modelA");
    }

    @Test
    void otherRepoOfTheOrg_notFound() {
        assertPassed("made/read_modelB_notFound");
    }

    @Test
    void uploadToOtherRepoOfTheOrg_refused() {
        assertPassed("made/upload_modelB_refused");
    }

    @Test
    void privateRepoOutsideTheOrg_notFound() {
        assertPassed("made/read_outside_notFound");
    }

    @Test
    void creatorRemovedFromTheOrg_tokenStillUploads() {
        assertPassed("creatorRemoved/upload_modelA");
    }

    @Test
    void revokedByAnotherAdmin_401() {
        assertPassed("revoked/whoami_401");
        assertPassed("revoked/upload_modelA_401");
    }

    private static void runPhase(String phase, String token) throws IOException, InterruptedException {
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        JsonNode result = ClientScript.run(List.of(python.toString(), "orgtoken.py"), ClientScript.acceptance("python"),
                Map.of("HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                        "HF_TOKEN", token,
                        "PHASE", phase,
                        "OUTSIDE_REPO", "carol/mine",
                        "HF_HOME", Files.createDirectories(dir.resolve("hf-home-" + phase)).toString()),
                Duration.ofMinutes(2));
        results.put(phase, result);
        for (JsonNode step : result.path("steps")) {
            steps.put(phase + "/" + step.path("step").asText(), step);
        }
    }

    private static HttpResponse<String> call(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.uri().toString().replaceAll("/$", "") + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(int status, HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as("%s %s", response.uri(), response.body()).isEqualTo(status);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private static JsonNode assertPassed(String name) {
        JsonNode step = steps.get(name);
        if (step == null) {
            fail("the script did not run step " + name + "; it reported: " + results);
        }
        assertThat(step.path("ok").asBoolean()).as("step %s failed: %s", name, step.path("detail")).isTrue();
        return step.path("detail");
    }
}
