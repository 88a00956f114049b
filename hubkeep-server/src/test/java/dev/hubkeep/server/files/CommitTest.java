package dev.hubkeep.server.files;

import static dev.hubkeep.server.files.FilesFixture.commit;
import static dev.hubkeep.server.files.FilesFixture.commitOk;
import static dev.hubkeep.server.files.FilesFixture.commitWithParent;
import static dev.hubkeep.server.files.FilesFixture.deletedFile;
import static dev.hubkeep.server.files.FilesFixture.deletedFolder;
import static dev.hubkeep.server.files.FilesFixture.file;
import static dev.hubkeep.server.files.FilesFixture.lfsFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NDJSON commit, preupload and validate-yaml: what lands, and what is refused whole. */
class CommitTest {

    private static final String API = "/api/models/alice/bert";

    @TempDir
    Path dir;

    TestHub hub;
    TokenClient alice;
    TokenClient reader;
    String head;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir);
        Browser session = hub.verifiedUser("alice");
        alice = hub.withToken(hub.createToken(session, "write", "write"));
        reader = hub.withToken(hub.createToken(session, "read", "read"));
        hub.createRepo(session, "alice", "bert", false);
        head = commitOk(alice, API, "main", commit("start", file("keep.txt", "keep"), file("docs/a.md", "a"), file("docs/b.md", "b")));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void commit_files_replyNamesCommitAndUrl() {
        Response response = alice.postNdjson(API + "/commit/main", commit("add", file("new.txt", "new")));

        assertThat(response.status()).isEqualTo(200);
        String oid = response.json().path("commitOid").asText();
        assertThat(oid).hasSize(40);
        assertThat(response.json().path("commitUrl").asText()).isEqualTo(hub.uri() + "alice/bert/commit/" + oid);
        assertThat(text("new.txt")).isEqualTo("new");
    }

    @Test
    void commit_deletedFileAndFolder_goneFromTree() {
        commitOk(alice, API, "main", commit("clean", deletedFile("keep.txt"), deletedFolder("docs/")));

        Response tree = alice.get(API + "/tree/main");

        assertThat(tree.status()).isEqualTo(200);
        assertThat(tree.json().findValuesAsText("path")).containsExactly(".gitattributes");
    }

    @Test
    void commit_deletingMissingFile_404AndNothingChanged() {
        Response response = alice.postNdjson(API + "/commit/main", commit("oops", file("x.txt", "x"), deletedFile("nope.txt")));

        assertThat(response.status()).isEqualTo(404);
        assertThat(headOfMain()).isEqualTo(head);
    }

    @Test
    void commit_fileInsideAFile_409AndNothingChanged() {
        Response response = alice.postNdjson(API + "/commit/main", commit("inside", file("keep.txt/x", "x")));

        assertThat(response.status()).isEqualTo(409);
        assertThat(headOfMain()).isEqualTo(head);
    }

    @Test
    void commit_fileNamedLikeAFolder_409AndNothingChanged() {
        Response response = alice.postNdjson(API + "/commit/main", commit("over", file("docs", "x")));

        assertThat(response.status()).isEqualTo(409);
        assertThat(headOfMain()).isEqualTo(head);
    }

    @Test
    void commit_fileAndAFileInsideIt_409() {
        Response response = alice.postNdjson(API + "/commit/main", commit("both", file("n", "x"), file("n/m", "y")));

        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void commit_fileInsideAFileDeletedInTheSameCommit_lands() {
        commitOk(alice, API, "main", commit("replace", deletedFile("keep.txt"), file("keep.txt/x", "x")));

        assertThat(text("keep.txt/x")).isEqualTo("x");
    }

    @Test
    void commit_staleParentCommit_412AndNothingChanged() {
        commitOk(alice, API, "main", commit("meanwhile", file("other.txt", "o")));
        String now = headOfMain();

        Response response = alice.postNdjson(API + "/commit/main", commitWithParent("late", head, file("late.txt", "l")));

        assertThat(response.status()).isEqualTo(412);
        assertThat(headOfMain()).isEqualTo(now);
    }

    @Test
    void commit_currentParentCommit_lands() {
        Response response = alice.postNdjson(API + "/commit/main", commitWithParent("on time", head, file("t.txt", "t")));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void commit_badBase64_400AndNothingChanged() {
        String bad = "{\"key\":\"file\",\"value\":{\"path\":\"bad.txt\",\"content\":\"!!not base64!!\",\"encoding\":\"base64\"}}";

        Response response = alice.postNdjson(API + "/commit/main", commit("bad", file("good.txt", "g"), bad));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("line 3").contains("base64");
        assertThat(headOfMain()).isEqualTo(head);
    }

    @Test
    void commit_lfsObjectNeverUploaded_400AndNothingChanged() {
        Response response = alice.postNdjson(API + "/commit/main", commit("ghost", lfsFile("ghost.bin", "ab".repeat(32), 10)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("was not uploaded");
        assertThat(headOfMain()).isEqualTo(head);
    }

    @Test
    void commit_lfsObjectOfAnotherRepo_400() {
        Browser session = hub.browser();
        hub.login(session, "alice");
        hub.createRepo(session, "alice", "other", false);
        byte[] content = "stored for the other repository".getBytes(StandardCharsets.UTF_8);
        String oid = FilesFixture.uploadLfs(alice, "/alice/other.git", content);

        Response response = alice.postNdjson(API + "/commit/main", commit("borrow", lfsFile("b.bin", oid, content.length)));

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void commit_lfsFile_pointerCommittedAndGitattributesTracksIt() {
        byte[] content = "a small LFS object".getBytes(StandardCharsets.UTF_8);
        String oid = FilesFixture.uploadLfs(alice, "/alice/bert.git", content);

        commitOk(alice, API, "main", commit("data", lfsFile("data/my file.dat", oid, content.length)));

        assertThat(rawText("data/my file.dat")).contains("oid sha256:" + oid);
        assertThat(rawText(".gitattributes")).contains("/data/my[[:space:]]file.dat filter=lfs diff=lfs merge=lfs -text");
    }

    @Test
    void commit_lfsFileAlreadyTracked_gitattributesUnchanged() {
        String before = rawText(".gitattributes");
        byte[] content = "weights".getBytes(StandardCharsets.UTF_8);
        String oid = FilesFixture.uploadLfs(alice, "/alice/bert.git", content);

        commitOk(alice, API, "main", commit("weights", lfsFile("model.safetensors", oid, content.length)));

        assertThat(rawText(".gitattributes")).isEqualTo(before);
    }

    @Test
    void commit_readToken_403AndNothingChanged() {
        Response response = reader.postNdjson(API + "/commit/main", commit("nope", file("x.txt", "x")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(headOfMain()).isEqualTo(head);
    }

    @Test
    void commit_missingBranch_404RevisionNotFound() {
        Response response = alice.postNdjson(API + "/commit/nobranch", commit("x", file("x.txt", "x")));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("X-Error-Code")).hasValue("RevisionNotFound");
    }

    @Test
    void commit_withoutHeader_400() {
        assertThat(alice.postNdjson(API + "/commit/main", file("x.txt", "x") + "\n").status()).isEqualTo(400);
    }

    @Test
    void commit_notNdjson_415() {
        assertThat(alice.postJson(API + "/commit/main", "{\"summary\": \"x\"}").status()).isEqualTo(415);
    }

    @Test
    void commit_samePathTwice_400() {
        assertThat(alice.postNdjson(API + "/commit/main", commit("twice", file("x.txt", "1"), file("x.txt", "2"))).status())
                .isEqualTo(400);
    }

    @Test
    void commit_malformedJsonLine_400() {
        assertThat(alice.postNdjson(API + "/commit/main", commit("broken", "{\"key\": \"file\", ")).status()).isEqualTo(400);
    }

    @Test
    void commit_manyAtOnceToOneBranch_allLandInTheHistory() throws Exception {
        int writers = 6;
        int each = 4;
        java.util.concurrent.ConcurrentLinkedQueue<String> accepted = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        Response response = alice.postNdjson(API + "/commit/main",
                                commit("w" + writer + "-" + i, file("w" + writer + "/" + i + ".txt", "x")));
                        if (response.status() == 200) {
                            accepted.add(response.json().path("commitOid").asText());
                        }
                    }
                });
            }
        }

        JsonNode history = alice.get(API + "/commits/main?limit=1000").json();
        assertThat(accepted).hasSize(writers * each);
        assertThat(history.findValuesAsText("id")).containsAll(accepted);
        assertThat(alice.get(API + "/tree/main?recursive=true").json().findValuesAsText("path")
                        .stream().filter(p -> p.endsWith(".txt") && p.startsWith("w")).count())
                .isEqualTo(accepted.size());
    }

    @Test
    void preupload_modes_lfsForLargeOrBinaryOrTracked_regularElse() {
        String sample = Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8));
        String binary = Base64.getEncoder().encodeToString(new byte[] {1, 0, 2});
        Response response = alice.postJson(API + "/preupload/main", "{\"files\": ["
                + "{\"path\": \"notes.txt\", \"size\": 10, \"sample\": \"" + sample + "\"},"
                + "{\"path\": \"big.txt\", \"size\": 12000000, \"sample\": \"" + sample + "\"},"
                + "{\"path\": \"blob.dat\", \"size\": 3, \"sample\": \"" + binary + "\"},"
                + "{\"path\": \"model.safetensors\", \"size\": 10, \"sample\": \"" + sample + "\"},"
                + "{\"path\": \"empty.bin\", \"size\": 0, \"sample\": \"\"}]}");

        JsonNode files = response.json().path("files");
        assertThat(files.findValuesAsText("uploadMode")).containsExactly("regular", "lfs", "lfs", "lfs", "regular");
        assertThat(files.findValues("shouldIgnore")).allMatch(v -> v.isBoolean() && !v.booleanValue());
    }

    @Test
    void preupload_existingFile_oidIsItsBlobSha() {
        JsonNode file = alice.postJson(API + "/preupload/main",
                "{\"files\": [{\"path\": \"keep.txt\", \"size\": 4, \"sample\": \"a2VlcA==\"}]}").json().path("files").get(0);

        assertThat(file.path("oid").asText()).isEqualTo(FilesFixture.gitBlobId("keep".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void preupload_gitIgnore_marksIgnoredFiles() {
        JsonNode files = alice.postJson(API + "/preupload/main", "{\"gitIgnore\": \"*.log\\n\", \"files\": ["
                + "{\"path\": \"run.log\", \"size\": 1, \"sample\": \"eA==\"},"
                + "{\"path\": \"run.txt\", \"size\": 1, \"sample\": \"eA==\"}]}").json().path("files");

        assertThat(files.get(0).path("shouldIgnore").asBoolean()).isTrue();
        assertThat(files.get(1).path("shouldIgnore").asBoolean()).isFalse();
    }

    @Test
    void preupload_readToken_403() {
        assertThat(reader.postJson(API + "/preupload/main", "{\"files\": []}").status()).isEqualTo(403);
    }

    @Test
    void validateYaml_validFrontMatter_200EmptyLists() {
        Response response = alice.postJson("/api/validate-yaml",
                "{\"content\": \"---\\nlicense: mit\\ntags: [a, b]\\n---\\n# Hi\\n\", \"repoType\": \"model\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("errors").size()).isZero();
        assertThat(response.json().path("warnings").size()).isZero();
    }

    @Test
    void validateYaml_brokenFrontMatter_400ListingTheProblem() {
        Response response = alice.postJson("/api/validate-yaml",
                "{\"content\": \"---\\nlicense: [mit\\n---\\n# Hi\\n\", \"repoType\": \"model\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("message").asText()).contains("not valid YAML");
    }

    private String headOfMain() {
        return alice.get(API + "/revision/main").json().path("sha").asText();
    }

    private String text(String path) {
        return new String(alice.sendForBytes(alice.request("/alice/bert/resolve/main/" + path).GET().build()).body(),
                StandardCharsets.UTF_8);
    }

    private String rawText(String path) {
        return new String(alice.sendForBytes(alice.request("/alice/bert/raw/main/" + path.replace(" ", "%20")).GET().build()).body(),
                StandardCharsets.UTF_8);
    }

}
