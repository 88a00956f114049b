package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.net.http.HttpRequest;
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
 * Scan results as the real huggingface_hub client reads them (acceptance/python/security.py):
 * {@code RepoFile.security} from the expanded tree and paths-info (the client reads the keys
 * {@code status}, {@code avScan} and {@code pickleImportScan} and fails on a missing one),
 * {@code security_repo_status} from {@code model_info(securityStatus=True)}, and the refusal of an
 * infected file to a read token as the client raises it. Once with binary files through LFS, once at
 * the client's defaults (through Xet).
 */
class HubPythonScanIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static JsonNode result;
    static JsonNode throughXet;

    @BeforeAll
    static void runTheScript() throws Exception {
        Path data = dir.resolve("data");
        String writeToken = HubProcess.userWithToken(data, "alice", "py-scan", "write");
        String readToken = HubPythonFilesIT.token(data, "alice", "py-scan-read", "read");
        hub = HubProcess.serve(data);
        result = run("lfs", writeToken, readToken);
        throughXet = run("xet", writeToken, readToken);
    }

    private static JsonNode run(String transfer, String writeToken, String readToken) throws Exception {
        Browser client = hub.browser();
        client.send(client.request("/api/repos/create").header("Authorization", "Bearer " + writeToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"alice/scanned-" + transfer + "\"}")).build());
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        return ClientScript.run(List.of(python.toString(), "security.py"), ClientScript.acceptance("python"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", writeToken,
                "HF_READ_TOKEN", readToken,
                "REPO", "alice/scanned-" + transfer,
                "TRANSFER", transfer,
                "HF_HOME", Files.createDirectories(dir.resolve("hf-home-" + transfer)).toString()), Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void cleanFile_isSafeToTheClient() {
        JsonNode readme = result.path("files").path("README.md");

        assertThat(readme.path("safe").asBoolean()).as("%s", result).isTrue();
        assertThat(readme.path("pickleImportScan").path("status").asText()).isEqualTo("unscanned");
    }

    @Test
    void maliciousPickle_isUnsafeWithItsImportListed() {
        JsonNode pickle = result.path("files").path("model.pkl");

        assertThat(pickle.path("safe").asBoolean()).as("%s", result).isFalse();
        assertThat(pickle.path("pickleImportScan").path("pickleImports").toString())
                .contains("{\"module\":\"posix\",\"name\":\"system\",\"safety\":\"dangerous\"}");
    }

    @Test
    void eicar_isUnsafeByTheAvScan() {
        JsonNode eicar = result.path("files").path("eicar.com");

        assertThat(eicar.path("status").asText()).as("%s", result).isEqualTo("unsafe");
        assertThat(eicar.path("avScan").path("status").asText()).isEqualTo("unsafe");
    }

    @Test
    void maliciousPickleUploadedThroughXet_isUnsafeToo() {
        JsonNode pickle = throughXet.path("files").path("model.pkl");

        assertThat(pickle.path("xetHash").asText()).as("uploaded through Xet: %s", throughXet).isNotEmpty();
        assertThat(pickle.path("status").asText()).isEqualTo("unsafe");
    }

    @Test
    void pathsInfo_carriesTheSameStatus() {
        assertThat(result.path("pathsInfo").path("model.pkl").path("status").asText()).as("%s", result).isEqualTo("unsafe");
    }

    @Test
    void modelInfoWithSecurityStatus_listsTheFilesWithIssues() {
        JsonNode status = result.path("repoStatus");

        assertThat(status.path("scansDone").asBoolean()).as("%s", result).isTrue();
        assertThat(status.path("filesWithIssues").findValuesAsText("path")).containsExactlyInAnyOrder("model.pkl", "eicar.com");
    }

    @Test
    void infectedFile_downloadWithAReadToken_isRefusedSayingWhy() {
        JsonNode download = result.path("download");

        assertThat(download.path("status").asInt()).as("%s", result).isEqualTo(403);
        assertThat(download.path("message").asText()).contains("infected");
    }
}
