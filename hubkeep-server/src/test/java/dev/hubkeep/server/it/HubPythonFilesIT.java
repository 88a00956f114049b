package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files API (uploads through validate-yaml, preupload, LFS and the NDJSON commit; tree,
 * paths-info, resolve; the client's cache and snapshots; branches, tags and history) driven by the
 * real {@code huggingface_hub} Python client, pinned in acceptance/python. The script
 * acceptance/python/files.py runs once, step by step, against a fresh private repo of alice; each
 * test here checks the steps of one behaviour.
 */
class HubPythonFilesIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static JsonNode result;
    static final Map<String, JsonNode> steps = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        Path data = dir.resolve("data");
        String writeToken = HubProcess.userWithToken(data, "alice", "py-files", "write");
        String readToken = token(data, "alice", "py-files-read", "read");
        String otherToken = HubProcess.userWithToken(data, "bob", "py-files-bob", "write");
        hub = HubProcess.serve(data);
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        assertThat(python).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        Path work = Files.createDirectories(dir.resolve("py-work"));

        result = ClientScript.run(List.of(python.toString(), "files.py"), ClientScript.acceptance("python"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", writeToken,
                "HF_READ_TOKEN", readToken,
                "HF_OTHER_TOKEN", otherToken,
                "WORK_DIR", work.toString(),
                // No token, cache or settings of whoever runs the tests.
                "HF_HOME", Files.createDirectories(dir.resolve("hf-home")).toString()), Duration.ofMinutes(4));
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
        assertThat(steps).as("the script stopped early: %s", result).doesNotContainKey("script");
        assertThat(steps).as("%s", result).containsKey("error_readTokenUpload_403");
    }

    @Test
    void whoami_writeToken_namesAlice() {
        JsonNode detail = assertPassed("whoami");

        assertThat(detail.path("name").asText()).as("%s", detail).isEqualTo("alice");
    }

    @Test
    void createRepo_private_returnsRepoUrl() {
        assertPassed("createRepo");
    }

    @Test
    void repoInfo_newRepo_privateWithShaAndSiblings() {
        JsonNode detail = assertPassed("repoInfo_newRepo");

        assertThat(detail.path("info").path("private").asBoolean()).as("%s", detail).isTrue();
        assertThat(detail.path("info").path("sha").asText()).as("%s", detail).matches("[0-9a-f]{40}");
    }

    @Test
    void uploadFile_readmeWithFrontMatter_validatedThenCommittedInline() {
        assertPassed("uploadFile_readme");
    }

    @Test
    void uploadFile_readmeWithBrokenYaml_refusedBeforeCommitting() {
        JsonNode detail = assertPassed("uploadFile_invalidReadme_refused");

        assertThat(detail.path("error").path("error").asText()).as("%s", detail).isEqualTo("ValueError");
    }

    @Test
    void uploadFile_12MbBinary_storedThroughLfs() {
        JsonNode detail = assertPassed("uploadFile_lfs");

        assertThat(detail.path("lfs").path("sha256").asText()).as("%s", detail)
                .isEqualTo(detail.path("sha256").asText());
        assertThat(detail.path("lfs").path("size").asLong()).as("%s", detail).isEqualTo(12L * 1024 * 1024);
        assertThat(wirePaths(detail)).as("%s", detail).noneMatch(path -> path.toLowerCase().contains("xet"));
    }

    @Test
    void uploadFolder_nestedFiles_oneCommit() {
        assertPassed("uploadFolder_nested");
    }

    @Test
    void listRepoTree_recursive_pathsSizesAndLfs() {
        assertPassed("listRepoTree_recursive");
    }

    @Test
    void listRepoTree_notRecursive_listsOneLevel() {
        assertPassed("listRepoTree_oneLevel");
    }

    @Test
    void getPathsInfo_expand_givesLastCommitAndLfs() {
        assertPassed("getPathsInfo_expand");
    }

    @Test
    void modelInfo_filesMetadata_siblingsWithSizesAndLfs() {
        assertPassed("modelInfo_afterUploads");
    }

    @Test
    void modelInfo_readmeWithFrontMatter_cardDataParsed() {
        assertPassed("modelInfo_cardDataFromReadme");
    }

    @Test
    void hfHubDownload_intoCache_sameBytesAndBlobs() {
        assertPassed("hfHubDownload_cache");
    }

    @Test
    void hfHubDownload_atAnEarlierCommit_seesThatCommitsFiles() {
        assertPassed("hfHubDownload_atEarlierCommit");
    }

    @Test
    void snapshotDownload_intoLocalDir_everyFileMatches() {
        assertPassed("snapshotDownload_localDir");
    }

    @Test
    void snapshotDownload_intoCacheDir_everyFileMatches() {
        assertPassed("snapshotDownload_cache");
    }

    @Test
    void deleteFile_existingFile_goneFromMainOnly() {
        assertPassed("deleteFile");
    }

    @Test
    void fileExists_presentAndMissing_trueAndFalse() {
        assertPassed("fileExists");
    }

    @Test
    void listRepoCommits_main_newestFirstWithTitles() {
        assertPassed("listRepoCommits");
    }

    @Test
    void listRepoRefs_afterUploads_mainAtLastCommit() {
        assertPassed("listRepoRefs");
    }

    @Test
    void branchAndTag_createdThenDeleted_refsFollow() {
        assertPassed("branchAndTag_createListDelete");
    }

    @Test
    void listRepoTreeAndCommits_moreThanOnePage_followLinkHeader() {
        JsonNode detail = assertPassed("pagination_treeAndCommits");

        assertThat(detail.path("treePages").size()).as("%s", detail).isGreaterThanOrEqualTo(2);
        assertThat(detail.path("commitPages").size()).as("%s", detail).isGreaterThanOrEqualTo(2);
    }

    @Test
    void authCheck_ownerReadTokenAndOtherUser_allowedForbiddenNotFound() {
        JsonNode detail = assertPassed("authCheck");

        assertThat(detail.path("readTokenWrite").path("status").asInt()).as("%s", detail).isEqualTo(403);
        assertThat(detail.path("otherUser").path("error").asText()).as("%s", detail).isEqualTo("RepositoryNotFoundError");
    }

    @Test
    void hfHubDownload_readToken_allowed() {
        assertPassed("readToken_canDownload");
    }

    @Test
    void repoInfoAndDownload_missingRepo_repositoryNotFoundError() {
        JsonNode detail = assertPassed("error_missingRepo_RepositoryNotFound");

        assertThat(detail.path("repoInfo").path("error").asText()).as("%s", detail).isEqualTo("RepositoryNotFoundError");
        assertThat(detail.path("download").path("error").asText()).as("%s", detail).isEqualTo("RepositoryNotFoundError");
    }

    @Test
    void repoInfoAndDownload_otherUsersPrivateRepo_repositoryNotFoundError404() {
        JsonNode detail = assertPassed("error_otherUsersPrivateRepo_RepositoryNotFound");

        for (String call : List.of("repoInfo", "download", "tree")) {
            assertThat(detail.path(call).path("error").asText()).as("%s: %s", call, detail)
                    .isEqualTo("RepositoryNotFoundError");
            assertThat(detail.path(call).path("status").asInt()).as("%s: %s", call, detail).isEqualTo(404);
        }
    }

    @Test
    void repoInfoAndDownload_noTokenOnPrivateRepo_repositoryNotFoundError401() {
        JsonNode detail = assertPassed("error_noTokenPrivateRepo_RepositoryNotFound");

        assertThat(detail.path("download").path("status").asInt()).as("%s", detail).isEqualTo(401);
    }

    @Test
    void downloadInfoAndTree_missingRevision_revisionNotFoundError() {
        JsonNode detail = assertPassed("error_missingRevision_RevisionNotFound");

        for (String call : List.of("download", "repoInfo", "tree")) {
            assertThat(detail.path(call).path("error").asText()).as("%s: %s", call, detail)
                    .isEqualTo("RevisionNotFoundError");
        }
    }

    @Test
    void downloadAndTree_missingFile_remoteEntryNotFoundError() {
        JsonNode detail = assertPassed("error_missingFile_EntryNotFound");

        assertThat(detail.path("download").path("error").asText()).as("%s", detail).isEqualTo("RemoteEntryNotFoundError");
        assertThat(detail.path("tree").path("error").asText()).as("%s", detail).isEqualTo("RemoteEntryNotFoundError");
    }

    @Test
    void uploadFile_readToken_hfHubHttpError403() {
        JsonNode detail = assertPassed("error_readTokenUpload_403");

        assertThat(detail.path("error").asText()).as("%s", detail).isEqualTo("HfHubHTTPError");
        assertThat(detail.path("status").asInt()).as("%s", detail).isEqualTo(403);
    }

    /** The step's record; fails (with the whole run, when the step never ran) if it is missing. */
    static JsonNode step(String name) {
        JsonNode step = steps.get(name);
        if (step == null) {
            fail("the script did not run step " + name + "; it reported: " + result + "\nserver log:\n" + serverLog());
        }
        return step;
    }

    /** Asserts the step passed, with its detail as the message; returns the detail. */
    static JsonNode assertPassed(String name) {
        JsonNode step = step(name);
        JsonNode detail = step.path("detail");
        assertThat(step.path("ok").asBoolean()).as("step %s failed: %s", name, detail).isTrue();
        return detail;
    }

    static List<String> wirePaths(JsonNode detail) {
        List<String> paths = new ArrayList<>();
        detail.path("wire").forEach(request -> paths.add(request.path("path").asText()));
        return paths;
    }

    /** A token for a user who exists already (HubProcess.userWithToken also creates the user). */
    static String token(Path data, String username, String tokenName, String role) throws IOException, InterruptedException {
        Process token = HubProcess.command(List.of("admin", "token", "create", "--data", data.toString(), "--user", username,
                        "--name", tokenName, "--role", role))
                .start();
        String value = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (token.waitFor() != 0) {
            throw new IllegalStateException("admin token create failed: "
                    + new String(token.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return value;
    }

    static String serverLog() {
        try {
            String log = Files.readString(hub.stderr());
            return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        } catch (IOException | RuntimeException e) {
            return "(not readable: " + e + ")";
        }
    }
}
