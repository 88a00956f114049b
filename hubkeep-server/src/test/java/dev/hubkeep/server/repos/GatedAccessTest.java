package dev.hubkeep.server.repos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Gated repositories: asking, accepting, rejecting and granting access, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class GatedAccessTest {

    private static final String API = "/api/models/alice/llama";
    private static final String FILE = "/alice/llama/resolve/main/.gitattributes";

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    TokenClient alice;
    TokenClient bob;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        Browser aliceSession = hub.verifiedUser("alice");
        alice = hub.withToken(hub.createToken(aliceSession, "admin", "admin"));
        bob = hub.withToken(hub.createToken(hub.verifiedUser("bob"), "read", "read"));
        hub.createRepo(aliceSession, "alice", "llama", false);
        gate("manual");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void download_notGranted_403GatedRepoNamingWhereToAsk() {
        Response response = bob.get(FILE);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("X-Error-Code")).hasValue("GatedRepo");
        assertThat(response.error()).contains("POST /alice/llama/ask-access");
    }

    @Test
    void manualGate_askThenOwnerAccepts_requesterDownloads() {
        Response asked = bob.postJson("/alice/llama/ask-access", "{\"company\": \"Acme\", \"reason\": \"research\"}");
        assertThat(asked.json().path("status").asText()).isEqualTo("pending");
        assertThat(bob.get(FILE).status()).isEqualTo(403);

        JsonNode pending = alice.get(API + "/user-access-request/pending").json();
        assertThat(pending.get(0).path("user").path("user").asText()).isEqualTo("bob");
        assertThat(pending.get(0).path("fields").path("company").asText()).isEqualTo("Acme");
        assertThat(alice.postJson(API + "/user-access-request/handle", "{\"user\": \"bob\", \"status\": \"accepted\"}").status())
                .isEqualTo(200);

        assertThat(bob.get(FILE).status()).isEqualTo(200);
        assertThat(alice.get(API + "/user-access-request/accepted").json().get(0).path("user").path("user").asText())
                .isEqualTo("bob");
    }

    @Test
    void autoGate_ask_acceptedAtOnce() {
        gate("auto");

        assertThat(bob.postJson("/alice/llama/ask-access", "{}").json().path("status").asText()).isEqualTo("accepted");
        assertThat(bob.get(FILE).status()).isEqualTo(200);
    }

    @Test
    void rejected_askingAgain_staysRejected() {
        bob.postJson("/alice/llama/ask-access", "{}");
        alice.postJson(API + "/user-access-request/handle",
                "{\"user\": \"bob\", \"status\": \"rejected\", \"rejectionReason\": \"not now\"}");

        assertThat(bob.postJson("/alice/llama/ask-access", "{}").json().path("status").asText()).isEqualTo("rejected");
        assertThat(bob.get(FILE).status()).isEqualTo(403);
        assertThat(alice.get(API + "/user-access-request/rejected").json().get(0).path("rejectionReason").asText())
                .isEqualTo("not now");
    }

    @Test
    void grant_withoutRequest_accessThenSecondGrant400() {
        assertThat(alice.postJson(API + "/user-access-request/grant", "{\"user\": \"bob\"}").status()).isEqualTo(200);
        assertThat(bob.get(FILE).status()).isEqualTo(200);

        Response again = alice.postJson(API + "/user-access-request/grant", "{\"user\": \"bob\"}");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.error()).isEqualTo("That user already has access to the repo.");
    }

    @Test
    void cancel_pendingRequest_goneFromTheList() {
        bob.postJson("/alice/llama/ask-access", "{}");

        assertThat(bob.postJson(API + "/user-access-request/cancel", "{}").status()).isEqualTo(200);
        assertThat(alice.get(API + "/user-access-request/pending").json().size()).isZero();
    }

    @Test
    void listRequests_requesterWithoutWrite_403() {
        assertThat(bob.get(API + "/user-access-request/pending").status()).isEqualTo(403);
    }

    @Test
    void handle_userWhoNeverAsked_404() {
        assertThat(alice.postJson(API + "/user-access-request/handle", "{\"user\": \"bob\", \"status\": \"accepted\"}").status())
                .isEqualTo(404);
    }

    @Test
    void ask_anonymous_401() {
        assertThat(hub.browser().postJson("/alice/llama/ask-access", "{}").status()).isEqualTo(401);
    }

    @Test
    void ask_repoNotGated_400() {
        gate("false");

        assertThat(bob.postJson("/alice/llama/ask-access", "{}").status()).isEqualTo(400);
    }

    @Test
    void ungate_grantedUserKeepsReading_everyoneReads() {
        gate("false");

        assertThat(hub.browser().get(FILE).status()).isEqualTo(200);
    }

    private void gate(String mode) {
        String value = mode.equals("false") ? "false" : "\"" + mode + "\"";
        Response response = alice.putJson(API + "/settings", "{\"gated\": " + value + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
