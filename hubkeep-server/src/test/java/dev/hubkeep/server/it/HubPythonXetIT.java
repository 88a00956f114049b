package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.HubProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code huggingface_hub} client (with {@code hf_xet}, pinned in acceptance/python) at its
 * default settings: acceptance/python/xet.py uploads through Xet ({@code upload_file} of 50 MB,
 * {@code upload_folder}, the {@code hf upload} command) and downloads through Xet, then runs again with
 * {@code HF_HUB_DISABLE_XET=1} to download the same files over plain HTTP; {@code git clone} with
 * git-lfs gets them too. Each test checks one behaviour of those runs.
 */
class HubPythonXetIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static String token;
    static JsonNode upload;
    static JsonNode download;

    @BeforeAll
    static void runTheScript() throws Exception {
        Path data = dir.resolve("data");
        token = HubProcess.userWithToken(data, "alice", "py-xet", "write");
        hub = HubProcess.serve(data);
        upload = run("upload", Map.of());
        download = run("download", Map.of("HF_HUB_DISABLE_XET", "1", "REPO", upload.path("repo").asText()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void uploadFile_50MB_committedThroughXet() {
        assertPassed(upload, "xetIsOn");
        assertPassed(upload, "uploadFile");
    }

    @Test
    void uploadFolder_committed() {
        assertPassed(upload, "uploadFolder");
    }

    @Test
    void hfUploadCommand_committed() {
        assertPassed(upload, "cliUpload");
    }

    @Test
    void tree_filesUploadedByTheClient_carryXetHashes() {
        assertPassed(upload, "treeHasXetHashes");
    }

    @Test
    void downloadsThroughXet_identicalBytes() {
        assertPassed(upload, "hfHubDownload");
        assertPassed(upload, "hfHubDownloadCliUpload");
        assertPassed(upload, "snapshotDownload");
    }

    @Test
    void downloadsWithXetDisabled_identicalBytes() {
        assertPassed(download, "xetIsOff");
        assertPassed(download, "hfHubDownload");
        assertPassed(download, "hfHubDownloadCliUpload");
        assertPassed(download, "snapshotDownload");
    }

    @Test
    void gitClone_fileUploadedThroughXet_identicalWithGitLfs() throws Exception {
        GitCli git = new GitCli(dir.resolve("git-home"));
        git.ok(dir, "lfs", "install");
        Path clone = dir.resolve("clone");

        git.ok(dir, "clone", GitCli.url(hub.uri(), token, upload.path("repo").asText()), clone.toString());

        assertThat(sha256(clone.resolve("model.safetensors"))).isEqualTo(upload.path("files").path("model.safetensors").asText());
        assertThat(sha256(clone.resolve("cli/tokenizer.bin"))).isEqualTo(upload.path("files").path("cli/tokenizer.bin").asText());
    }

    private static JsonNode run(String phase, Map<String, String> extra) throws Exception {
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        Map<String, String> environment = new LinkedHashMap<>(Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", token,
                "WORK_DIR", Files.createDirectories(dir.resolve("work")).toString(),
                // No token, cache or settings of whoever runs the tests; a cache of its own per phase.
                "HF_HOME", Files.createDirectories(dir.resolve("hf-home-" + phase)).toString()));
        environment.putAll(extra);
        return ClientScript.run(List.of(python.toString(), "xet.py", phase), ClientScript.acceptance("python"), environment,
                Duration.ofMinutes(5));
    }

    private static void assertPassed(JsonNode result, String name) {
        JsonNode step = null;
        for (JsonNode candidate : result.path("steps")) {
            if (candidate.path("step").asText().equals(name)) {
                step = candidate;
            }
        }
        assertThat(step).as("no step %s in %s", name, result).isNotNull();
        assertThat(step.path("ok").asBoolean()).as("step %s failed: %s", name, step.path("detail")).isTrue();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
