package dev.hubkeep.server.files;

import static dev.hubkeep.server.files.FilesFixture.commit;
import static dev.hubkeep.server.files.FilesFixture.commitOk;
import static dev.hubkeep.server.files.FilesFixture.file;
import static dev.hubkeep.server.files.FilesFixture.lfsFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * tree, paths-info and repo info siblings, in the Hub's shapes. One hub and one repository for the class:
 * the tests only read alice/bert; those that change a repository make one of their own.
 */
class TreeTest {

    private static final String API = "/api/models/alice/bert";
    private static final byte[] WEIGHTS = "pretend these are weights".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    @TempDir
    Path dir;

    static TestHub hub;
    static Browser session;
    static TokenClient alice;
    static String token;
    static String oid;
    static String first;
    static String second;

    @BeforeAll
    static void fixture() {
        hub = hubs.sqlite();
        session = hub.verifiedUser("alice");
        token = hub.createToken(session, "write", "write");
        alice = hub.withToken(token);
        hub.createRepo(session, "alice", "bert", false);
        oid = FilesFixture.uploadLfs(alice, "/alice/bert.git", WEIGHTS);
        first = commitOk(alice, API, "main", commit("config",
                file("config.json", "{}"), file("docs/a.md", "a"), file("docs/deep/b.md", "b")));
        second = commitOk(alice, API, "main", commit("weights", lfsFile("weights/model.bin", oid, WEIGHTS.length)));
    }

    @Test
    void tree_root_filesAndFoldersOfTheTopLevel() {
        JsonNode tree = ok(alice.get(API + "/tree/main"));

        assertThat(paths(tree)).containsExactly(".gitattributes", "config.json", "docs", "weights");
        assertThat(tree.get(2).path("type").asText()).isEqualTo("directory");
        assertThat(tree.get(1).path("size").asLong()).isEqualTo(2);
    }

    @Test
    void tree_recursive_foldersThenTheirContent() {
        JsonNode tree = ok(alice.get(API + "/tree/main?recursive=true"));

        assertThat(paths(tree)).containsExactly(".gitattributes", "config.json", "docs", "docs/a.md", "docs/deep",
                "docs/deep/b.md", "weights", "weights/model.bin");
    }

    @Test
    void tree_lfsFile_sizeAndLfsFieldsNoXetHash() {
        JsonNode entry = ok(alice.get(API + "/tree/main/weights")).get(0);

        assertThat(entry.path("path").asText()).isEqualTo("weights/model.bin");
        assertThat(entry.path("size").asLong()).isEqualTo(WEIGHTS.length);
        assertThat(entry.path("lfs").path("oid").asText()).isEqualTo(oid);
        assertThat(entry.path("lfs").path("size").asLong()).isEqualTo(WEIGHTS.length);
        assertThat(entry.path("lfs").path("pointerSize").asLong()).isBetween(100L, 200L);
        assertThat(entry.has("xetHash")).isFalse();
    }

    @Test
    void tree_expand_lastCommitOfEachEntry() {
        JsonNode tree = ok(alice.get(API + "/tree/main?expand=true"));

        assertThat(tree.get(1).path("lastCommit").path("id").asText()).isEqualTo(first);
        assertThat(tree.get(1).path("lastCommit").path("title").asText()).isEqualTo("config");
        assertThat(tree.get(3).path("lastCommit").path("id").asText()).isEqualTo(second);
    }

    @Test
    void tree_subfolderWithEncodedSlash_sameAsPlain() {
        assertThat(paths(ok(alice.get(API + "/tree/main/docs%2Fdeep")))).containsExactly("docs/deep/b.md");
    }

    @Test
    void tree_missingFolder_404EntryNotFound() {
        Response response = alice.get(API + "/tree/main/nowhere");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("X-Error-Code")).hasValue("EntryNotFound");
    }

    @Test
    void tree_olderCommit_treeOfThatCommit() {
        assertThat(paths(ok(alice.get(API + "/tree/" + first)))).containsExactly(".gitattributes", "config.json", "docs");
    }

    @Test
    void tree_smallPages_linkLeadsThroughEveryEntryOnce() {
        List<String> seen = new ArrayList<>();
        String next = hub.uri() + API.substring(1) + "/tree/main?recursive=true&limit=3";
        int pages = 0;
        while (next != null) {
            Response page = alice.send(alice.request("/").uri(URI.create(next)).GET().build());
            seen.addAll(paths(ok(page)));
            next = page.header("Link").map(TreeTest::nextUrl).orElse(null);
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(".gitattributes", "config.json", "docs", "docs/a.md", "docs/deep",
                "docs/deep/b.md", "weights", "weights/model.bin");
    }

    @Test
    void pathsInfo_json_existingPathsOnlyInTheHubShape() {
        JsonNode info = ok(alice.postJson(API + "/paths-info/main",
                "{\"paths\": [\"config.json\", \"docs\", \"missing.txt\", \"weights/model.bin\"], \"expand\": true}"));

        assertThat(paths(info)).containsExactly("config.json", "docs", "weights/model.bin");
        assertThat(info.get(2).path("lfs").path("oid").asText()).isEqualTo(oid);
        assertThat(info.get(2).path("lastCommit").path("id").asText()).isEqualTo(second);
    }

    @Test
    void pathsInfo_form_sameAsJson() {
        Response form = alice.send(alice.request(API + "/paths-info/main")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("paths=config.json&paths=docs%2Fa.md&expand=false"))
                .build());

        assertThat(paths(ok(form))).containsExactly("config.json", "docs/a.md");
        assertThat(form.json().get(1).path("oid").asText()).isEqualTo(FilesFixture.gitBlobId("a".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void repoInfo_blobs_siblingsWithSizesAndLfs() {
        JsonNode info = ok(alice.get(API + "?blobs=true"));

        assertThat(info.path("sha").asText()).isEqualTo(second);
        JsonNode weights = null;
        for (JsonNode sibling : info.path("siblings")) {
            if (sibling.path("rfilename").asText().equals("weights/model.bin")) {
                weights = sibling;
            }
        }
        assertThat(weights).isNotNull();
        assertThat(weights.path("size").asLong()).isEqualTo(WEIGHTS.length);
        assertThat(weights.path("lfs").path("sha256").asText()).isEqualTo(oid);
    }

    @Test
    void pathsInfo_moreThanAThousandPaths_400SayingToSplitThem() {
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i <= 1000; i++) {
            paths.append(i == 0 ? "" : ", ").append("\"f").append(i).append('"');
        }

        Response response = alice.postJson(API + "/paths-info/main", "{\"paths\": [" + paths + "]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("at most 1000 paths per call, not 1001; split them into several calls");
    }

    @Test
    void repoInfo_moreFilesThanHuggingfaceHubTrustsSiblingsFor_listsOneMoreThanItsThreshold() throws Exception {
        String many = ownRepo();
        GitCli git = new GitCli(dir.resolve("home"));
        git.ok(dir, "clone", GitCli.url(hub.uri(), token, "alice/" + many), "work");
        Path work = dir.resolve("work");
        StringBuilder stream = new StringBuilder("blob\nmark :1\ndata 1\nx\ncommit refs/heads/main\n"
                + "committer T <t@example.com> 0 +0000\ndata 4\nmany\nfrom refs/heads/main^0\n");
        for (int i = 0; i < 50_002; i++) {
            stream.append("M 100644 :1 many/").append(i).append('\n');
        }
        Path input = Files.writeString(dir.resolve("fast-import"), stream);
        assertThat(git.runWithInput(work, input, "fast-import", "--quiet").ok()).isTrue();
        git.ok(work, "push", "-q", "origin", "main");

        JsonNode siblings = ok(alice.get("/api/models/alice/" + many)).path("siblings");

        assertThat(siblings.size()).isEqualTo(50_001);
    }

    @Test
    void repoInfo_readmeWithMetadata_cardDataAndTags() {
        String api = "/api/models/alice/" + ownRepo();
        commitOk(alice, api, "main", commit("card", file("README.md", "---\nlicense: mit\ntags: [vision, tiny]\n---\n# Bert\n")));

        JsonNode info = ok(alice.get(api));

        assertThat(info.path("cardData").path("license").asText()).isEqualTo("mit");
        assertThat(info.path("tags").toString()).isEqualTo("[\"vision\",\"tiny\",\"license:mit\"]");
    }

    @Test
    void repoInfo_noReadme_noCardData() {
        JsonNode info = ok(alice.get(API));

        assertThat(info.path("id").asText()).isEqualTo("alice/bert");
        assertThat(info.has("cardData")).isFalse();
    }

    @Test
    void repoInfo_revisionHead_theDefaultBranch() {
        assertThat(ok(alice.get(API + "/revision/HEAD")).path("sha").asText()).isEqualTo(second);
    }

    /** A new, empty repository of alice's, for a test that changes one; returns its name. */
    private static String ownRepo() {
        String name = hub.uniqueName("repo");
        hub.createRepo(session, "alice", name, false);
        return name;
    }

    /** The JSON of a 200 answer; anything else fails the test with the body, so an error never passes for data. */
    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> paths(JsonNode entries) {
        List<String> paths = new ArrayList<>();
        entries.forEach(e -> paths.add(e.path("path").asText()));
        return paths;
    }

    private static String nextUrl(String link) {
        Matcher m = Pattern.compile("<(https?://[^>]+)>;\\s+rel=\"next\"").matcher(link);
        return m.find() ? m.group(1) : null;
    }
}
