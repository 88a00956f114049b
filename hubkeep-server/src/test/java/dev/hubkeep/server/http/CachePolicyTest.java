package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A caching proxy in front of the hub never keeps a secret, nor hands one user's private file to another.
 * On the shared hub, under a user of its own: the tests only read what the class set up.
 */
class CachePolicyTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    static TestHub hub;
    static String owner;
    static Browser alice;
    static String token;

    @BeforeAll
    static void world() {
        hub = hubs.sqlite();
        owner = hub.uniqueName("alice");
        alice = hub.verifiedUser(owner);
        token = hub.createToken(alice, "write", "write");
        hub.createRepo(alice, owner, "secret", true);
        hub.createRepo(alice, owner, "open", false);
    }

    @Test
    void tokenCreation_isNotStored() {
        Response created = alice.postJson("/api/settings/tokens", "{\"name\": \"x\", \"role\": \"read\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void whoami_isNotStored() {
        Response whoami = hub.withToken(token).get("/api/whoami-v2");

        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.header("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void privateFile_forATokenHolder_privateAndVariesByCredentials() {
        Response file = hub.withToken(token).get("/" + owner + "/secret/resolve/main/.gitattributes");

        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Cache-Control").orElse("")).contains("private");
        assertThat(file.header("Vary").orElse("")).contains("Authorization, Cookie");
    }

    @Test
    void publicFile_anonymous_sharedCacheMayKeepIt() {
        Response file = hub.browser().get("/" + owner + "/open/resolve/main/.gitattributes");

        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Cache-Control").orElse("")).contains("public");
        assertThat(file.header("Vary").orElse("")).contains("Authorization, Cookie");
    }
}
