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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files API (uploads through preupload, LFS and the NDJSON commit; tree, paths-info, resolve and
 * raw; branches and history) driven by the real {@code @huggingface/hub} npm client, pinned in
 * acceptance/js. The script acceptance/js/files.mjs runs once, step by step, against a fresh private
 * repo of alice; each test here checks the steps of one behaviour.
 */
class HubJsFilesIT {

    @TempDir
    static Path dir;

    static HubProcess hub;
    static JsonNode result;
    static final Map<String, JsonNode> steps = new LinkedHashMap<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        Path data = dir.resolve("data");
        String writeToken = HubProcess.userWithToken(data, "alice", "js-files", "write");
        String readToken = token(data, "alice", "js-files-read", "read");
        String otherToken = HubProcess.userWithToken(data, "bob", "js-files-bob", "write");
        hub = HubProcess.serve(data);
        Path work = Files.createDirectories(dir.resolve("js-work"));

        result = ClientScript.run(List.of("node", "files.mjs"), ClientScript.acceptance("js"), Map.of(
                "HUB_URL", hub.uri().toString().replaceAll("/$", ""),
                "HF_TOKEN", writeToken,
                "HF_READ_TOKEN", readToken,
                "HF_OTHER_TOKEN", otherToken,
                "WORK_DIR", work.toString()), Duration.ofMinutes(4));
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
        assertThat(steps).as("%s", result).containsKey("error_missingRevision_404");
    }

    @Test
    void whoAmI_writeToken_namesAlice() {
        assertPassed("whoAmI");
    }

    @Test
    void createRepo_private_returnsRepoUrl() {
        assertPassed("createRepo");
    }

    @Test
    void repoExists_createdAndMissingRepo_trueAndFalse() {
        JsonNode detail = assertPassed("repoExists");

        assertThat(detail.path("existing").asBoolean()).as("%s", detail).isTrue();
        assertThat(detail.path("missing").asBoolean()).as("%s", detail).isFalse();
    }

    @Test
    void checkRepoAccess_owner_passes() {
        assertPassed("checkRepoAccess");
    }

    @Test
    void modelInfo_privateRepo_showsIdPrivateAndSha() {
        JsonNode detail = assertPassed("modelInfo");

        assertThat(detail.path("info").path("private").asBoolean()).as("%s", detail).isTrue();
    }

    @Test
    void uploadFile_smallFile_committedInline() {
        assertPassed("uploadFile_small");
    }

    @Test
    void uploadFile_largeFile_storedThroughLfs() {
        assertPassed("uploadFile_lfs");
        JsonNode tree = assertPassed("listFiles_recursive").path("tree");
        JsonNode weights = null;
        for (JsonNode entry : tree) {
            if (entry.path("path").asText().equals("weights/model.bin")) {
                weights = entry;
            }
        }
        assertThat(weights).as("%s", tree).isNotNull();
        assertThat(weights.path("lfs").path("oid").asText())
                .as("%s", weights)
                .isEqualTo(step("uploadFile_lfs").path("detail").path("sha256").asText());
    }

    @Test
    void uploadFiles_twoFiles_oneCommit() {
        assertPassed("uploadFiles_twoInOneCommit");
    }

    @Test
    void deleteFile_existingFile_goneFromMain() {
        assertPassed("deleteFile");
    }

    @Test
    void listFiles_recursive_showsPathsSizesAndLfs() {
        assertPassed("listFiles_recursive");
    }

    @Test
    void listFiles_notRecursive_listsOneLevel() {
        assertPassed("listFiles_topLevelAndFolder");
    }

    @Test
    void pathsInfo_expand_givesLastCommitAndLfs() {
        assertPassed("pathsInfo_expand");
    }

    @Test
    void fileExists_presentAndMissingFile_trueAndFalse() {
        assertPassed("fileExists");
    }

    @Test
    void fileDownloadInfo_regularFile_sizeAndGitBlobEtag() {
        assertPassed("fileDownloadInfo_regular");
    }

    @Test
    void fileDownloadInfo_lfsFile_sizeAndSha256Etag() {
        assertPassed("fileDownloadInfo_lfs");
    }

    @Test
    void downloadFile_regularFile_sameBytes() {
        assertPassed("downloadFile_regular");
    }

    @Test
    void downloadFile_lfsFile_sameSha256() {
        assertPassed("downloadFile_lfs");
    }

    @Test
    void downloadFile_rawLfsFile_givesThePointer() {
        assertPassed("downloadFile_raw_lfsPointer");
    }

    @Test
    void downloadFile_atAnEarlierCommit_seesThatCommitsFiles() {
        assertPassed("downloadFile_byCommitId");
    }

    @Test
    void snapshotDownload_intoCacheDir_everyFileMatches() {
        assertPassed("snapshotDownload");
    }

    @Test
    void createBranch_dev_startsAtMainHead() {
        assertPassed("createBranch");
    }

    @Test
    void uploadFile_toBranch_mainUnchanged() {
        assertPassed("uploadFile_toBranch");
    }

    @Test
    void listCommits_main_newestFirstWithTitles() {
        assertPassed("listCommits");
    }

    @Test
    void listCommits_smallBatches_followsLinkHeader() {
        assertPassed("listCommits_paginated");
    }

    @Test
    void countCommits_mainAndDev_matchListCommits() {
        assertPassed("countCommits");
    }

    @Test
    void downloadFile_readToken_allowed() {
        assertPassed("readToken_canDownload");
    }

    @Test
    void downloadFile_noTokenOnPrivateRepo_hubApiError401() {
        JsonNode detail = assertPassed("error_noToken_privateRepo_401");

        assertThat(detail.path("statusCode").asInt()).as("%s", detail).isEqualTo(401);
    }

    @Test
    void downloadFile_otherUsersTokenOnPrivateRepo_hubApiError404() {
        JsonNode detail = assertPassed("error_otherUser_privateRepo_404");

        assertThat(detail.path("download").path("statusCode").asInt()).as("%s", detail).isEqualTo(404);
        assertThat(detail.path("access").path("statusCode").asInt()).as("%s", detail).isEqualTo(404);
    }

    @Test
    void uploadFile_readToken_hubApiError403() {
        JsonNode detail = assertPassed("error_readToken_upload_403");

        assertThat(detail.path("statusCode").asInt()).as("%s", detail).isEqualTo(403);
    }

    @Test
    void downloadFile_missingFile_404EntryNotFoundGivesNull() {
        JsonNode detail = assertPassed("error_missingFile_404");

        assertThat(detail.path("status").asInt()).as("%s", detail).isEqualTo(404);
    }

    @Test
    void downloadFile_missingRevision_hubApiError404() {
        JsonNode detail = assertPassed("error_missingRevision_404");

        assertThat(detail.path("statusCode").asInt()).as("%s", detail).isEqualTo(404);
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
