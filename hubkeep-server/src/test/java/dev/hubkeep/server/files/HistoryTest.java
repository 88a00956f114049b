package dev.hubkeep.server.files;

import static dev.hubkeep.server.files.FilesFixture.commit;
import static dev.hubkeep.server.files.FilesFixture.commitOk;
import static dev.hubkeep.server.files.FilesFixture.file;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Commit history, refs, branches and tags through the API, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class HistoryTest {

    private static final String API = "/api/models/alice/bert";

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    TokenClient alice;
    TokenClient reader;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        Browser session = hub.verifiedUser("alice");
        alice = hub.withToken(hub.createToken(session, "write", "write"));
        reader = hub.withToken(hub.createToken(session, "read", "read"));
        hub.createRepo(session, "alice", "bert", false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void commits_newestFirstWithAuthorAndTotalCount() {
        String one = commitOk(alice, API, "main", commit("one", file("1.txt", "1")));
        String two = commitOk(alice, API, "main", commit("two\n\nwith a body", file("2.txt", "2")));

        Response response = alice.get(API + "/commits/main");

        JsonNode commits = response.json();
        assertThat(response.header("X-Total-Count")).hasValue("3"); // with the initial commit
        assertThat(commits.get(0).path("id").asText()).isEqualTo(two);
        assertThat(commits.get(0).path("title").asText()).isEqualTo("two");
        assertThat(commits.get(0).path("message").asText()).isEqualTo("with a body");
        assertThat(commits.get(0).path("authors").get(0).path("user").asText()).isEqualTo("alice");
        assertThat(commits.get(0).path("date").asText()).endsWith("Z");
        assertThat(commits.get(1).path("id").asText()).isEqualTo(one);
    }

    @Test
    void commits_pagesOfOne_linkVisitsEveryCommitOnce() {
        commitOk(alice, API, "main", commit("one", file("1.txt", "1")));
        commitOk(alice, API, "main", commit("two", file("2.txt", "2")));
        List<String> titles = new ArrayList<>();
        String next = hub.uri() + API.substring(1) + "/commits/main?limit=1";
        while (next != null) {
            Response page = alice.send(alice.request("/").uri(URI.create(next)).GET().build());
            page.json().forEach(c -> titles.add(c.path("title").asText()));
            next = page.header("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
        }

        assertThat(titles).containsExactly("two", "one", "initial commit");
    }

    @Test
    void refs_listsBranchesAndTagsWithTargets() {
        String head = commitOk(alice, API, "main", commit("one", file("1.txt", "1")));
        alice.postJson(API + "/branch/dev", "{}");
        alice.postJson(API + "/tag/main", "{\"tag\": \"v1.0\", \"message\": \"first release\"}");

        JsonNode refs = alice.get(API + "/refs").json();

        assertThat(refs.path("branches").findValuesAsText("name")).containsExactlyInAnyOrder("main", "dev");
        assertThat(refs.path("branches").get(0).path("targetCommit").asText()).isEqualTo(head);
        assertThat(refs.path("tags").get(0).path("name").asText()).isEqualTo("v1.0");
        assertThat(refs.path("tags").get(0).path("ref").asText()).isEqualTo("refs/tags/v1.0");
        assertThat(refs.path("tags").get(0).path("targetCommit").asText()).isEqualTo(head);
        assertThat(refs.path("converts").isArray()).isTrue();
    }

    @Test
    void branch_fromStartingPoint_thenCommitsStayOnIt() {
        String start = commitOk(alice, API, "main", commit("one", file("1.txt", "1")));
        commitOk(alice, API, "main", commit("two", file("2.txt", "2")));

        assertThat(alice.postJson(API + "/branch/old", "{\"startingPoint\": \"" + start + "\"}").status()).isEqualTo(200);
        commitOk(alice, API, "old", commit("on old", file("old.txt", "o")));

        assertThat(alice.get(API + "/tree/old").json().findValuesAsText("path")).contains("old.txt").doesNotContain("2.txt");
        assertThat(alice.get(API + "/tree/main").json().findValuesAsText("path")).contains("2.txt").doesNotContain("old.txt");
    }

    @Test
    void branch_withoutBody_createdFromMain() {
        Response response = alice.send(alice.request(API + "/branch/nobody")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void branch_existing_409UnlessOverwrite() {
        alice.postJson(API + "/branch/dev", "{}");

        assertThat(alice.postJson(API + "/branch/dev", "{}").status()).isEqualTo(409);
        assertThat(alice.postJson(API + "/branch/dev", "{\"overwrite\": true}").status()).isEqualTo(200);
    }

    @Test
    void branch_empty_newHistoryWithNoFiles() {
        alice.postJson(API + "/branch/blank", "{\"emptyBranch\": true}");

        assertThat(alice.get(API + "/tree/blank").json().size()).isZero();
        assertThat(alice.get(API + "/commits/blank").header("X-Total-Count")).hasValue("1");
    }

    @Test
    void branch_invalidName_400() {
        assertThat(alice.postJson(API + "/branch/bad..name", "{}").status()).isEqualTo(400);
    }

    @Test
    void branch_deleteMain_refusedByTheHubsRule() {
        Response response = alice.delete(API + "/branch/main");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).contains("main cannot be deleted");
    }

    @Test
    void branch_deleteMissing_404() {
        assertThat(alice.delete(API + "/branch/ghost").status()).isEqualTo(404);
    }

    @Test
    void branch_createAndDelete_goneFromRefs() {
        alice.postJson(API + "/branch/dev", "{}");

        assertThat(alice.delete(API + "/branch/dev").status()).isEqualTo(200);
        assertThat(alice.get(API + "/refs").json().path("branches").findValuesAsText("name")).containsExactly("main");
    }

    @Test
    void branch_readToken_403() {
        assertThat(reader.postJson(API + "/branch/dev", "{}").status()).isEqualTo(403);
    }

    @Test
    void tag_twice_409() {
        alice.postJson(API + "/tag/main", "{\"tag\": \"v1\"}");

        assertThat(alice.postJson(API + "/tag/main", "{\"tag\": \"v1\"}").status()).isEqualTo(409);
    }

    @Test
    void tag_resolvesAsRevision_andDeletes() {
        commitOk(alice, API, "main", commit("one", file("1.txt", "1")));
        alice.postJson(API + "/tag/main", "{\"tag\": \"v1\"}");
        commitOk(alice, API, "main", commit("two", file("2.txt", "2")));

        assertThat(alice.get(API + "/tree/v1").json().findValuesAsText("path")).contains("1.txt").doesNotContain("2.txt");
        assertThat(alice.delete(API + "/tag/v1").status()).isEqualTo(200);
        assertThat(alice.get(API + "/tree/v1").status()).isEqualTo(404);
    }
}
