package dev.hubkeep.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot read paths answer from caches, and a change is seen by the very next request: each test
 * reads twice first (the second read answered from the caches), changes something through the API
 * or git, then reads once more.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class InvalidationTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    @Test
    void revokedToken_refusedByTheVeryNextRequest() {
        TestHub hub = hubs.on(database);
        String alice = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(alice);
        TokenClient client = hub.withToken(hub.createToken(session, "ci", "read"));
        warm(client, "/api/whoami-v2");
        String id = session.get("/api/settings/tokens").json().get(0).path("id").asText();

        assertThat(session.send(session.request("/api/settings/tokens/" + id).DELETE().build()).status()).isEqualTo(204);

        assertThat(client.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void removedOrgMember_refusedByTheVeryNextRequest() {
        TestHub hub = hubs.on(database);
        String admin = hub.uniqueName("admin");
        String bob = hub.uniqueName("bob");
        String org = hub.uniqueName("acme");
        Browser adminSession = hub.verifiedUser(admin);
        hub.createOrg(adminSession, org);
        hub.createRepo(adminSession, org, "secret", true);
        commitFile(hub.withToken(hub.createToken(adminSession, "w", "write")), org + "/secret", "config.json", "{}");
        hub.verifiedUser(bob);
        hub.addMember(adminSession, org, bob, "read");
        TokenClient bobClient = hub.withToken(hub.createToken(hub.verifiedUser(bob), "ci", "read"));
        String file = "/" + org + "/secret/resolve/main/config.json";
        warm(bobClient, file);

        Response removed = adminSession.send(adminSession.request("/api/organizations/" + org + "/members/" + bob).DELETE().build());
        assertThat(removed.status()).isEqualTo(204);

        assertThat(bobClient.get(file).status()).isEqualTo(404);
    }

    @Test
    void repositoryMadePrivate_hiddenFromTheVeryNextRequest() {
        TestHub hub = hubs.on(database);
        String alice = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(alice);
        hub.createRepo(session, alice, "bert", false);
        TokenClient owner = hub.withToken(hub.createToken(session, "w", "write"));
        commitFile(owner, alice + "/bert", "config.json", "{}");
        TokenClient stranger = hub.withToken(hub.createToken(hub.verifiedUser(hub.uniqueName("eve")), "r", "read"));
        String file = "/" + alice + "/bert/resolve/main/config.json";
        warm(stranger, file);
        warm(stranger, "/api/models/" + alice + "/bert");

        assertThat(owner.putJson("/api/models/" + alice + "/bert/settings", "{\"private\": true}").status()).isEqualTo(200);

        assertThat(stranger.get(file).status()).isEqualTo(404);
        assertThat(stranger.get("/api/models/" + alice + "/bert").status()).isEqualTo(404);
    }

    @Test
    void forcePushedBranch_servedByTheVeryNextRequest() throws Exception {
        TestHub hub = hubs.on(database);
        String alice = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(alice);
        hub.createRepo(session, alice, "bert", true);
        String token = hub.createToken(session, "w", "write");
        TokenClient client = hub.withToken(token);
        commitFile(client, alice + "/bert", "config.json", "{\"v\": 1}");
        String file = "/" + alice + "/bert/resolve/main/config.json";
        warm(client, file);
        GitCli git = new GitCli(dir.resolve("home"));
        git.ok(dir, "clone", "-q", GitCli.url(hub.uri(), token, alice + "/bert"), "work");
        Path work = dir.resolve("work");
        git.ok(work, "reset", "-q", "--hard", "HEAD~1"); // drop the API's commit: the push below rewrites main
        Files.writeString(work.resolve("config.json"), "{\"v\": 2}");
        git.ok(work, "add", "config.json");
        git.ok(work, "commit", "-q", "-m", "rewritten");
        git.ok(work, "push", "-q", "--force", "origin", "main");
        String head = git.ok(work, "rev-parse", "HEAD").strip();

        Response after = client.get(file);

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("X-Repo-Commit")).hasValue(head);
        assertThat(after.body()).isEqualTo("{\"v\": 2}");
    }

    @Test
    void branchDeletedThroughTheApi_goneForTheVeryNextRequest() {
        TestHub hub = hubs.on(database);
        String alice = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(alice);
        hub.createRepo(session, alice, "bert", true);
        TokenClient client = hub.withToken(hub.createToken(session, "w", "write"));
        commitFile(client, alice + "/bert", "config.json", "{}");
        assertThat(client.postJson("/api/models/" + alice + "/bert/branch/dev", "{}").status()).isEqualTo(200);
        String file = "/" + alice + "/bert/resolve/dev/config.json";
        warm(client, file);

        assertThat(client.delete("/api/models/" + alice + "/bert/branch/dev").status()).isEqualTo(200);

        assertThat(client.get(file).status()).isEqualTo(404);
    }

    @Test
    void commitThroughTheApi_servedByTheVeryNextRequest() {
        TestHub hub = hubs.on(database);
        String alice = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(alice);
        hub.createRepo(session, alice, "bert", true);
        TokenClient client = hub.withToken(hub.createToken(session, "w", "write"));
        commitFile(client, alice + "/bert", "config.json", "{\"v\": 1}");
        String file = "/" + alice + "/bert/resolve/main/config.json";
        warm(client, file);

        commitFile(client, alice + "/bert", "config.json", "{\"v\": 2}");

        assertThat(client.get(file).body()).isEqualTo("{\"v\": 2}");
    }

    /** Two reads that must succeed: the first fills the caches, the second is answered from them. */
    private static void warm(TokenClient client, String path) {
        for (int i = 0; i < 2; i++) {
            Response response = client.get(path);
            assertThat(response.status()).as("warming %s: %s", path, response.body()).isEqualTo(200);
        }
    }

    private static void commitFile(TokenClient client, String repo, String path, String content) {
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"add " + path + "\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"encoding\":\"base64\",\"content\":\""
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\"}}\n";
        Response response = client.postNdjson("/api/models/" + repo + "/commit/main", body);
        assertThat(response.status()).as("commit: %s", response.body()).isEqualTo(200);
    }
}
