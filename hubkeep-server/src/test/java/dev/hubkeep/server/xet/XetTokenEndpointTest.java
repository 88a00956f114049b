package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Xet token endpoints over HTTP: who gets a token, for what, in which shape. */
class XetTokenEndpointTest {

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    String aliceWrite;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir);
        alice = hub.verifiedUser("alice");
        hub.createRepo(alice, "alice", "model", false);
        aliceWrite = hub.createToken(alice, "writer", "write");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void writeToken_ownersWriteToken_bodyNamesTokenExpiryAndCasUrl() {
        Response response = hub.withToken(aliceWrite).get("/api/models/alice/model/xet-write-token/main");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("accessToken").asText()).startsWith("xet_");
        assertThat(response.json().path("casUrl").asText()).isEqualTo(hub.hub().publicUrl() + "/xet-cas");
        assertThat(response.json().path("exp").asLong())
                .isEqualTo(hub.clock.instant().plus(Duration.ofMinutes(15)).getEpochSecond());
    }

    @Test
    void hubWithXetOff_tokenRefusedWith404SayingToUseLfs() {
        try (TestHub off = TestHub.start(DatabaseKind.SQLITE, dir.resolve("off"), config -> config.withXet(false))) {
            Browser bob = off.verifiedUser("bob");
            off.createRepo(bob, "bob", "model", false);

            Response response = off.withToken(off.createToken(bob, "w", "write")).get("/api/models/bob/model/xet-write-token/main");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.error()).contains("HF_HUB_DISABLE_XET=1");
        }
    }

    @Test
    void writeToken_headersRepeatTheBody() {
        Response response = hub.withToken(aliceWrite).get("/api/models/alice/model/xet-write-token/main");

        assertThat(response.header("X-Xet-Access-Token")).contains(response.json().path("accessToken").asText());
        assertThat(response.header("X-Xet-Cas-Url")).contains(response.json().path("casUrl").asText());
        assertThat(response.header("X-Xet-Token-Expiration")).contains(response.json().path("exp").asText());
    }

    @Test
    void readToken_anonymousOnPublicRepo_200() {
        Response response = hub.browser().get("/api/models/alice/model/xet-read-token/main");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void writeToken_revisionNoneWithCreatePr_200() {
        Response response = hub.withToken(aliceWrite).get("/api/models/alice/model/xet-write-token/None?create_pr=1");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void writeToken_datasetRoute_200() {
        alice.postJson("/api/repos/create", "{\"name\": \"alice/data\", \"type\": \"dataset\"}");

        Response response = hub.withToken(aliceWrite).get("/api/datasets/alice/data/xet-write-token/main");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void writeToken_readHubToken_403SayingWriteIsNeeded() {
        String read = hub.createToken(alice, "reader", "read");

        Response response = hub.withToken(read).get("/api/models/alice/model/xet-write-token/main");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).isNotBlank();
    }

    @Test
    void writeToken_anonymous_401() {
        Response response = hub.browser().get("/api/models/alice/model/xet-write-token/main");

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void readToken_privateRepoOfSomeoneElse_404() {
        hub.createRepo(alice, "alice", "hidden", true);
        Browser bob = hub.verifiedUser("bob");
        String bobRead = hub.createToken(bob, "reader", "read");

        Response response = hub.withToken(bobRead).get("/api/models/alice/hidden/xet-read-token/main");

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void writeToken_afterTheHubTokenIsRevoked_401() {
        alice.deleteJson("/api/settings/tokens/" + tokenId("writer"), "{}");

        Response response = hub.withToken(aliceWrite).get("/api/models/alice/model/xet-write-token/main");

        assertThat(response.status()).isEqualTo(401);
    }

    private String tokenId(String name) {
        for (var token : alice.get("/api/settings/tokens").json()) {
            if (token.path("name").asText().equals(name)) {
                return token.path("id").asText();
            }
        }
        throw new AssertionError("no token " + name);
    }
}
