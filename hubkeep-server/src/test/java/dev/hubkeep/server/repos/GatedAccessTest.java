package dev.hubkeep.server.repos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void askAgain_neverErasesWhatTheFirstRequestSaid() {
        bob.postJson("/alice/llama/ask-access", "{\"company\": \"Acme\", \"reason\": \"research\"}");

        bob.postJson("/alice/llama/ask-access", "{}");
        bob.postJson("/alice/llama/ask-access", "{\"company\": \"Other\", \"country\": \"NZ\"}");

        JsonNode fields = alice.get(API + "/user-access-request/pending").json().get(0).path("fields");
        assertThat(fields.path("company").asText()).isEqualTo("Acme");
        assertThat(fields.path("reason").asText()).isEqualTo("research");
        assertThat(fields.path("country").asText()).isEqualTo("NZ");
    }

    @Test
    void askAgain_afterAcceptance_fieldsKept() {
        bob.postJson("/alice/llama/ask-access", "{\"company\": \"Acme\"}");
        alice.postJson(API + "/user-access-request/handle", "{\"user\": \"bob\", \"status\": \"accepted\"}");

        bob.postJson("/alice/llama/ask-access", "{}");

        assertThat(alice.get(API + "/user-access-request/accepted").json().get(0).path("fields").path("company").asText())
                .isEqualTo("Acme");
    }

    @Test
    void newRequest_ownerMailedWithFieldsAndHowToAnswer_askingAgainMailsNothing() {
        int before = hub.mails().size();

        bob.postJson("/alice/llama/ask-access", "{\"company\": \"Acme\"}");
        bob.postJson("/alice/llama/ask-access", "{\"company\": \"Acme\"}");

        List<String> mails = hub.mails().subList(before, hub.mails().size());
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0)).contains("To: alice@example.com").contains("Subject: bob asked for access to model alice/llama")
                .contains("company: Acme").contains("/api/models/alice/llama/user-access-request/handle");
    }

    @Test
    void newRequestToOrgRepo_writeAndAdminMembersMailed_readMembersNot() {
        Browser aliceSession = hub.browser();
        hub.login(aliceSession, "alice");
        hub.createOrg(aliceSession, "acme");
        hub.verifiedUser("carol");
        hub.verifiedUser("dave");
        hub.addMember(aliceSession, "acme", "carol", "write");
        hub.addMember(aliceSession, "acme", "dave", "read");
        hub.createRepo(aliceSession, "acme", "model", false);
        assertThat(aliceSession.putJson("/api/models/acme/model/settings", "{\"gated\": \"manual\"}").status()).isEqualTo(200);
        int before = hub.mails().size();

        bob.postJson("/acme/model/ask-access", "{}");

        List<String> mails = hub.mails().subList(before, hub.mails().size());
        assertThat(mails).hasSize(2).allMatch(mail -> mail.contains("Subject: bob asked for access to model acme/model"));
        assertThat(String.join("\n", mails)).contains("To: alice@example.com").contains("To: carol@example.com")
                .doesNotContain("To: dave@example.com");
    }

    @Test
    void withdrawAndAskInALoop_ownerMailsBoundedPerDay() {
        int before = hub.mails().size();

        for (int i = 0; i < 10; i++) {
            bob.postJson("/alice/llama/ask-access", "{}");
            bob.postJson(API + "/user-access-request/cancel", "{}");
        }

        assertThat(hub.mails().size() - before).isEqualTo(GatedAccess.OWNER_MAILS_PER_REQUESTER_PER_DAY);
    }

    @Test
    void accepted_requesterMailed() {
        bob.postJson("/alice/llama/ask-access", "{}");
        int before = hub.mails().size();

        alice.postJson(API + "/user-access-request/handle", "{\"user\": \"bob\", \"status\": \"accepted\"}");
        alice.postJson(API + "/user-access-request/handle", "{\"user\": \"bob\", \"status\": \"accepted\"}");

        List<String> mails = hub.mails().subList(before, hub.mails().size());
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0)).contains("To: bob@example.com")
                .contains("Subject: Your access request to model alice/llama was accepted");
    }

    @Test
    void rejected_requesterMailedWithTheReason() {
        bob.postJson("/alice/llama/ask-access", "{}");
        int before = hub.mails().size();

        alice.postJson(API + "/user-access-request/handle",
                "{\"user\": \"bob\", \"status\": \"rejected\", \"rejectionReason\": \"not now\"}");

        List<String> mails = hub.mails().subList(before, hub.mails().size());
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0)).contains("To: bob@example.com")
                .contains("Subject: Your access request to model alice/llama was rejected").contains("The reason given: not now");
    }

    @Test
    void grantedWithoutAsking_userMailedThatItWasAccepted() {
        int before = hub.mails().size();

        alice.postJson(API + "/user-access-request/grant", "{\"user\": \"bob\"}");

        assertThat(hub.mails().subList(before, hub.mails().size())).singleElement().asString()
                .contains("To: bob@example.com").contains("was accepted");
    }

    private void gate(String mode) {
        String value = mode.equals("false") ? "false" : "\"" + mode + "\"";
        Response response = alice.putJson(API + "/settings", "{\"gated\": " + value + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
