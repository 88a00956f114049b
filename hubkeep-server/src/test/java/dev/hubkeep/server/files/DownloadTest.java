package dev.hubkeep.server.files;

import static dev.hubkeep.server.files.FilesFixture.commit;
import static dev.hubkeep.server.files.FilesFixture.commitOk;
import static dev.hubkeep.server.files.FilesFixture.file;
import static dev.hubkeep.server.files.FilesFixture.lfsFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * resolve and raw: the bytes and the headers the Hub's clients depend on. One hub for the class:
 * alice/bert's main branch stays at {@code head}; a test that commits LFS files does so in a repository
 * of its own.
 */
class DownloadTest {

    private static final String API = "/api/models/alice/bert";
    private static final String README = "---\nlicense: mit\n---\n# Bert\n";

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    static TestHub hub;
    static Browser session;
    static TokenClient alice;
    static String head;

    @BeforeAll
    static void start() {
        hub = hubs.sqlite();
        session = hub.verifiedUser("alice");
        alice = hub.withToken(hub.createToken(session, "write", "write"));
        hub.createRepo(session, "alice", "bert", true);
        head = commitOk(alice, API, "main", commit("add readme", file("README.md", README)));
    }

    @Test
    void resolve_regularFile_bytesWithEtagAndRepoCommit() {
        HttpResponse<byte[]> response = get("/alice/bert/resolve/main/README.md", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(README);
        assertThat(response.headers().firstValue("ETag")).hasValue(
                "\"" + FilesFixture.gitBlobId(README.getBytes(StandardCharsets.UTF_8)) + "\"");
        assertThat(response.headers().firstValue("X-Repo-Commit")).hasValue(head);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(README.length()));
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("X-Linked-Etag")).isEmpty();
    }

    @Test
    void resolve_nonAsciiName_dispositionWithExactAndAsciiNames() {
        commitOk(alice, API, "main", commit("add notes", file("docs/café 模型.txt", "notes")));

        HttpResponse<byte[]> response = get("/alice/bert/resolve/main/docs/caf%C3%A9%20%E6%A8%A1%E5%9E%8B.txt", null);

        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(
                "inline; filename*=UTF-8''caf%C3%A9%20%E6%A8%A1%E5%9E%8B.txt; filename=\"caf_ __.txt\";");
    }

    @Test
    void head_regularFile_headersWithoutBody() {
        HttpResponse<byte[]> response = alice.sendForBytes(alice.request("/alice/bert/resolve/main/README.md")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Repo-Commit")).hasValue(head);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(README.length()));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void resolve_rangeZeroZero_206WithContentRange() {
        HttpResponse<byte[]> response = get("/alice/bert/resolve/main/README.md", "bytes=0-0");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 0-0/" + README.length());
        assertThat(response.body()).containsExactly('-');
    }

    @Test
    void resolve_openEndedRange_restOfFile() {
        HttpResponse<byte[]> response = get("/alice/bert/resolve/main/README.md", "bytes=4-");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(README.substring(4));
    }

    @Test
    void resolve_rangePastTheEnd_416WithSize() {
        HttpResponse<byte[]> response = get("/alice/bert/resolve/main/README.md", "bytes=1000-");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + README.length());
    }

    @Test
    void resolve_lfsFile_contentWithLinkedEtagAndSize() {
        byte[] weights = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(weights);
        String repo = ownRepo();
        String oid = FilesFixture.uploadLfs(alice, "/" + repo + ".git", weights);
        String commit = commitOk(alice, "/api/models/" + repo, "main", commit("weights", lfsFile("w/model.bin", oid, weights.length)));

        HttpResponse<byte[]> response = get("/" + repo + "/resolve/main/w/model.bin", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(weights);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + oid + "\"");
        assertThat(response.headers().firstValue("X-Linked-Etag")).hasValue("\"" + oid + "\"");
        assertThat(response.headers().firstValue("X-Linked-Size")).hasValue(Integer.toString(weights.length));
        assertThat(response.headers().firstValue("X-Repo-Commit")).hasValue(commit);
    }

    @Test
    void resolve_lfsFileRange_sliceOfTheObject() {
        byte[] weights = new byte[2 * 1024 * 1024];
        new Random(8).nextBytes(weights);
        String repo = ownRepo();
        String oid = FilesFixture.uploadLfs(alice, "/" + repo + ".git", weights);
        commitOk(alice, "/api/models/" + repo, "main", commit("weights", lfsFile("model.bin", oid, weights.length)));

        HttpResponse<byte[]> response = get("/" + repo + "/resolve/main/model.bin", "bytes=1048570-1048580");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(java.util.Arrays.copyOfRange(weights, 1048570, 1048581));
    }

    @Test
    void raw_lfsFile_servesThePointer() {
        byte[] weights = "not really weights, but stored in LFS".getBytes(StandardCharsets.UTF_8);
        String repo = ownRepo();
        String oid = FilesFixture.uploadLfs(alice, "/" + repo + ".git", weights);
        commitOk(alice, "/api/models/" + repo, "main", commit("weights", lfsFile("model.bin", oid, weights.length)));

        HttpResponse<byte[]> response = get("/" + repo + "/raw/main/model.bin", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + weights.length + "\n");
    }

    @Test
    void resolve_missingFile_404EntryNotFoundNamingTheCommit() {
        HttpResponse<byte[]> response = get("/alice/bert/resolve/main/missing.txt", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(response.headers().firstValue("X-Repo-Commit")).hasValue(head);
    }

    @Test
    void resolve_missingRevision_404RevisionNotFound() {
        HttpResponse<byte[]> response = get("/alice/bert/resolve/nope/README.md", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
    }

    @Test
    void resolve_revisionExpression_404NotEvaluated() {
        assertThat(get("/alice/bert/resolve/main~1/README.md", null).statusCode()).isEqualTo(404);
    }

    @Test
    void resolve_shortAndFullSha_sameFile() {
        assertThat(get("/alice/bert/resolve/" + head + "/README.md", null).statusCode()).isEqualTo(200);
        assertThat(get("/alice/bert/resolve/" + head.substring(0, 7) + "/README.md", null).statusCode()).isEqualTo(200);
    }

    @Test
    void resolve_encodedSlashInBranch_resolvesThatBranch() {
        Response created = alice.postJson(API + "/branch/feature%2Fx", "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        commitOk(alice, API, "feature%2Fx", commit("on the branch", file("branch.txt", "only here")));

        HttpResponse<byte[]> response = get("/alice/bert/resolve/feature%2Fx/branch.txt", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("only here");
    }

    @Test
    void resolve_ifNoneMatchSameEtag_304() {
        String etag = get("/alice/bert/resolve/main/README.md", null).headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> response = alice.sendForBytes(alice.request("/alice/bert/resolve/main/README.md")
                .header("If-None-Match", etag).GET().build());

        assertThat(response.statusCode()).isEqualTo(304);
    }

    @Test
    void resolve_anonymousOnPrivateRepo_401RepoNotFound() {
        HttpResponse<byte[]> response = hub.browser().sendForBytes(hub.browser().request("/alice/bert/resolve/main/README.md").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
    }

    @Test
    void resolve_datasetPath_servesDatasetRepo() {
        Browser session = hub.browser();
        hub.login(session, "alice");
        session.postJson("/api/repos/create", "{\"name\": \"wiki\", \"type\": \"dataset\"}");
        commitOk(alice, "/api/datasets/alice/wiki", "main", commit("data", file("data/train.csv", "a,b\n1,2\n")));

        HttpResponse<byte[]> response = get("/datasets/alice/wiki/resolve/main/data/train.csv", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void resolve_datasetNamedResolve_servesTheDatasetNotAModelOfNamespaceDatasets() {
        Browser session = hub.browser();
        hub.login(session, "alice");
        session.postJson("/api/repos/create", "{\"name\": \"resolve\", \"type\": \"dataset\"}");
        commitOk(alice, "/api/datasets/alice/resolve", "main", commit("data", file("train.csv", "a,b\n")));

        HttpResponse<byte[]> response = get("/datasets/alice/resolve/resolve/main/train.csv", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("a,b\n");
    }

    /** A new private repository of alice's, for a test that commits; returns {@code alice/<name>}. */
    private static String ownRepo() {
        String name = hub.uniqueName("repo");
        hub.createRepo(session, "alice", name, true);
        return "alice/" + name;
    }

    private HttpResponse<byte[]> get(String path, String range) {
        HttpRequest.Builder request = alice.request(path).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return alice.sendForBytes(request.build());
    }
}
