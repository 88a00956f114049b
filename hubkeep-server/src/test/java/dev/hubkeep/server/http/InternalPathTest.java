package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.RawHttp;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The critical hole of issue 12: JGit's servlet was mapped at {@code /.git-internal/*} and the guard
 * compared the raw URI while Jetty routed on the decoded, normalised one, so {@code %2Egit-internal}
 * reached it without credentials. JGit now has no URL at all, and ambiguous paths stop at the door.
 */
class InternalPathTest {

    /** One hub for the class: every test only reads alice's private repository, or tries to. */
    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    @TempDir
    Path dir;

    static TestHub hub;
    static Browser alice;
    static String secretId;

    @BeforeAll
    static void start() {
        hub = hubs.sqlite();
        alice = hub.verifiedUser("alice");
        hub.createRepo(alice, "alice", "secret", true);
        secretId = alice.get("/api/models/alice/secret").json().path("_id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/%2Egit-internal/ID.git/info/refs?service=git-receive-pack",
            "/%2egit-internal/ID.git/info/refs?service=git-receive-pack",
            "/.git-internal/ID.git/info/refs?service=git-receive-pack",
            "/.git-internal;x/ID.git/info/refs?service=git-receive-pack",
            "/./.git-internal/ID.git/info/refs?service=git-receive-pack",
            "/a/../.git-internal/ID.git/info/refs?service=git-receive-pack",
            "//.git-internal/ID.git/info/refs?service=git-receive-pack",
            "/.GIT-INTERNAL/ID.git/info/refs?service=git-receive-pack",
            "/%252Egit-internal/ID.git/info/refs?service=git-receive-pack",
            "/.git-internal/ID.git/info/refs?service=git-upload-pack",
            "/.git-internal/ID/info/refs?service=git-upload-pack",
    })
    void internalGitPath_anonymous_neverAdvertisesRefs(String target) {
        RawHttp.Reply reply = RawHttp.send(hub.uri(), "GET", target.replace("ID", secretId), null);

        assertThat(reply.status()).isIn(400, 404);
        assertThat(reply.body()).doesNotContain("# service=");
    }

    @Test
    void internalGitPath_withTheOwnersToken_stillNotFound() {
        String token = hub.createToken(alice, "admin", "admin");
        RawHttp.Reply reply = RawHttp.send(hub.uri(), "GET",
                "/.git-internal/" + secretId + ".git/info/refs?service=git-upload-pack", "Bearer " + token);

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void gitPushThroughTheInternalPath_fails() {
        GitCli git = new GitCli(dir.resolve("home"));

        GitCli.Result clone = git.run(dir, "clone", hub.uri() + "%2Egit-internal/" + secretId + ".git", "stolen");

        assertThat(clone.ok()).isFalse();
        assertThat(clone.stderr()).contains("not found"); // refused by the hub, not failed on the way
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/models/alice/./secret",
            "/api/models/alice/%2e/secret",
            "/api/models/alice/%2E%2E/alice/secret",
            "/api/models/alice/%252e%252e/alice/secret",
            "/api/models;x/alice/secret",
            "/api/models/alice/secret;jsessionid=1",
            "/api//models/alice/secret",
            "/api/models/x/../alice/secret",
            "/alice/secret/resolve/main/a/%2e%2e/README.md",
    })
    void ambiguousPath_refusedWith400AndAJsonError(String target) {
        RawHttp.Reply reply = RawHttp.send(hub.uri(), "GET", target, null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"error\"");
    }

    @Test
    void encodedSlashInARevision_stillRoutes() {
        RawHttp.Reply reply = RawHttp.send(hub.uri(), "GET", "/api/models/alice/secret/revision/refs%2Fpr%2F1", null);

        assertThat(reply.status()).isIn(401, 404); // reached the guard (anonymous, private), not refused as ambiguous
    }
}
