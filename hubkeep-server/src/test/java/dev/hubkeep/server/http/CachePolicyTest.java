package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caching proxy in front of the hub never keeps a secret, nor hands one user's private file to another. */
class CachePolicyTest {

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    String token;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir);
        alice = hub.verifiedUser("alice");
        token = hub.createToken(alice, "write", "write");
        hub.createRepo(alice, "alice", "secret", true);
        hub.createRepo(alice, "alice", "open", false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void tokenCreation_isNotStored() {
        Response created = alice.postJson("/api/settings/tokens", "{\"name\": \"x\", \"role\": \"read\"}");

        assertThat(created.header("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void whoami_isNotStored() {
        assertThat(hub.withToken(token).get("/api/whoami-v2").header("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void privateFile_forATokenHolder_privateAndVariesByCredentials() {
        Response file = hub.withToken(token).get("/alice/secret/resolve/main/.gitattributes");

        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Cache-Control").orElse("")).contains("private");
        assertThat(file.header("Vary").orElse("")).contains("Authorization, Cookie");
    }

    @Test
    void publicFile_anonymous_sharedCacheMayKeepIt() {
        Response file = hub.browser().get("/alice/open/resolve/main/.gitattributes");

        assertThat(file.header("Cache-Control").orElse("")).contains("public");
        assertThat(file.header("Vary").orElse("")).contains("Authorization, Cookie");
    }
}
