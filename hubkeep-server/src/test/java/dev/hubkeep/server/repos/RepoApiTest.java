package dev.hubkeep.server.repos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Repository endpoints in the Hub's shapes, through the real server, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class RepoApiTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void create_returnsUrlNameAndId() {
        Response response = alice.postJson("/api/repos/create", "{\"name\": \"bert\", \"private\": false}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("url").asText()).isEqualTo(hub.uri() + "alice/bert");
        assertThat(response.json().path("name").asText()).isEqualTo("alice/bert");
        assertThat(response.json().path("id").asText()).hasSize(24);
    }

    @Test
    void create_dataset_urlHasPrefix() {
        Response response = alice.postJson("/api/repos/create", "{\"name\": \"wiki\", \"type\": \"dataset\"}");

        assertThat(response.json().path("url").asText()).isEqualTo(hub.uri() + "datasets/alice/wiki");
    }

    @Test
    void create_twice_409WithUrl() {
        hub.createRepo(alice, "alice", "bert", false);

        Response response = alice.postJson("/api/repos/create", "{\"name\": \"BERT\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().path("url").asText()).isEqualTo(hub.uri() + "alice/bert");
    }

    @Test
    void create_invalidName_400() {
        assertThat(alice.postJson("/api/repos/create", "{\"name\": \"bad--name\"}").status()).isEqualTo(400);
    }

    @Test
    void create_visibilityPrivate_isPrivate() {
        alice.postJson("/api/repos/create", "{\"name\": \"secret\", \"visibility\": \"private\"}");

        assertThat(alice.get("/api/models/alice/secret").json().path("private").asBoolean()).isTrue();
    }

    @Test
    void info_newRepo_hasShaAndGitattributes() {
        hub.createRepo(alice, "alice", "bert", false);

        Response info = hub.browser().get("/api/models/alice/bert");

        assertThat(info.json().path("sha").asText()).hasSize(40);
        assertThat(info.json().path("siblings").get(0).path("rfilename").asText()).isEqualTo(".gitattributes");
        assertThat(info.json().path("gated").asBoolean(true)).isFalse();
    }

    @Test
    void info_unknownRevision_404RevisionNotFound() {
        hub.createRepo(alice, "alice", "bert", false);

        Response info = hub.browser().get("/api/models/alice/bert/revision/nope");

        assertThat(info.status()).isEqualTo(404);
        assertThat(info.header("X-Error-Code")).contains("RevisionNotFound");
    }

    @Test
    void list_byAuthor_hidesPrivateFromOthers() {
        hub.createRepo(alice, "alice", "public-one", false);
        hub.createRepo(alice, "alice", "private-one", true);

        Response anonymous = hub.browser().get("/api/models?author=alice");
        Response owner = alice.get("/api/models?author=alice");

        assertThat(anonymous.json().findValuesAsText("id")).containsExactly("alice/public-one");
        assertThat(owner.json().findValuesAsText("id")).containsExactlyInAnyOrder("alice/public-one", "alice/private-one");
    }

    @Test
    void list_pastTheLimit_linkNextWalksEveryRepositoryOnceNewestFirst() {
        for (String name : List.of("r1", "r2", "r3", "r4", "r5")) {
            hub.createRepo(alice, "alice", name, false);
        }
        List<String> seen = new java.util.ArrayList<>();
        String next = "/api/models?author=alice&limit=2";

        while (next != null) {
            Response page = hub.browser().get(next);
            seen.addAll(page.json().findValuesAsText("id"));
            next = page.header("Link").map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>'))
                    .substring(hub.uri().toString().length() - 1)).orElse(null);
        }

        assertThat(seen).containsExactly("alice/r5", "alice/r4", "alice/r3", "alice/r2", "alice/r1");
    }

    @Test
    void list_othersPrivateRepositories_notListedAndOneStatementWarm() {
        Browser bob = hub.verifiedUser("bob");
        for (int i = 0; i < 30; i++) {
            hub.createRepo(bob, "bob", "secret-" + i, true);
        }
        hub.createRepo(bob, "bob", "open", false);
        TokenClient reader = hub.withToken(hub.createToken(alice, "reader", "read"));
        reader.get("/api/models"); // warms the caches the decision reads
        hub.hub().flushPendingWrites(); // the token's "last used" note
        hub.awaitBackgroundIdle();
        double before = hub.databaseStatements();

        Response listing = reader.get("/api/models?limit=5");

        assertThat(listing.json().findValuesAsText("id")).containsExactly("bob/open");
        assertThat(hub.databaseStatements() - before).isEqualTo(1);
    }

    @Test
    void list_cursorNotHandedOut_400SayingToStartAgain() {
        Response response = hub.browser().get("/api/models?cursor=bm90LWEtY3Vyc29y");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("start the listing again");
    }

    @Test
    void list_search_matchesNamePart() {
        hub.createRepo(alice, "alice", "bert-base", false);
        hub.createRepo(alice, "alice", "gpt", false);

        assertThat(hub.browser().get("/api/models?search=bert").json().findValuesAsText("id")).containsExactly("alice/bert-base");
    }

    @Test
    void settings_makePrivate_hiddenFromAnonymous() {
        hub.createRepo(alice, "alice", "bert", false);

        Response response = alice.putJson("/api/models/alice/bert/settings", "{\"private\": true}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(hub.browser().get("/api/models/alice/bert").status()).isEqualTo(401);
    }

    @Test
    void settings_gatedAuto_showsGated() {
        hub.createRepo(alice, "alice", "bert", false);

        alice.putJson("/api/models/alice/bert/settings", "{\"gated\": \"auto\"}");

        assertThat(alice.get("/api/models/alice/bert").json().path("gated").asText()).isEqualTo("auto");
    }

    @Test
    void settings_badGatedValue_400() {
        hub.createRepo(alice, "alice", "bert", false);

        assertThat(alice.putJson("/api/models/alice/bert/settings", "{\"gated\": \"sometimes\"}").status()).isEqualTo(400);
    }

    @Test
    void delete_removesMetadataAndStorage() throws Exception {
        hub.createRepo(alice, "alice", "bert", false);

        Response response = alice.deleteJson("/api/repos/delete", "{\"name\": \"bert\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(alice.get("/api/models/alice/bert").status()).isEqualTo(404);
        assertThat(gitRepos()).isZero();
    }

    @Test
    void move_keepsStorageAndHistory() throws Exception {
        hub.createRepo(alice, "alice", "bert", false);
        String sha = alice.get("/api/models/alice/bert").json().path("sha").asText();

        Response moved = alice.postJson("/api/repos/move", "{\"fromRepo\": \"alice/bert\", \"toRepo\": \"alice/roberta\"}");

        assertThat(moved.status()).isEqualTo(200);
        assertThat(alice.get("/api/models/alice/roberta").json().path("sha").asText()).isEqualTo(sha);
        assertThat(alice.get("/api/models/alice/bert").status()).isEqualTo(404);
        assertThat(gitRepos()).isEqualTo(1);
    }

    @Test
    void authCheck_publicRepoAnonymous_200_writeCheck_401() {
        hub.createRepo(alice, "alice", "bert", false);

        assertThat(hub.browser().get("/api/models/alice/bert/auth-check").status()).isEqualTo(200);
        assertThat(hub.browser().get("/api/models/alice/bert/auth-check/write").status()).isEqualTo(401);
    }

    @Test
    void create_inOtherUsersNamespace_403() {
        hub.verifiedUser("bob");

        Response response = alice.postJson("/api/repos/create", "{\"name\": \"x\", \"organization\": \"bob\"}");

        assertThat(response.status()).isEqualTo(403);
    }

    private long gitRepos() throws Exception {
        Path repos = dir.resolve("repos");
        try (Stream<Path> entries = Files.list(repos)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".git")).count();
        }
    }
}
