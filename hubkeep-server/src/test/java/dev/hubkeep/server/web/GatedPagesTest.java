package dev.hubkeep.server.web;

import static dev.hubkeep.server.web.OrgPagesTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gated repositories through the pages: Request access, and the owners' list with accept and reject. */
class GatedPagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void gatedCard_signedInStranger_403PageOffersRequestAccess() {
        String repo = gated(signedIn("alice"), "manual");

        Response card = signedIn("bob").page("/" + repo);

        assertThat(card.status()).isEqualTo(403);
        assertThat(card.body()).contains("href=\"/" + repo + "/access-request\"");
    }

    @Test
    void ask_manual_pendingUntilTheOwnerAccepts_thenReadable() {
        Browser alice = signedIn("alice");
        String repo = gated(alice, "manual");
        Browser bob = signedIn("bob");

        Response asked = post(bob, "/" + repo + "/access-request", "/" + repo + "/access-request", "message", "for research");
        assertThat(bob.page(asked.headers().firstValue("Location").orElseThrow()).body()).contains("waiting for the owners");
        post(alice, "/" + repo + "/access-requests", "/" + repo + "/access-requests/handle", "user", username(bob),
                "status", "accepted");

        assertThat(bob.get("/api/models/" + repo).status()).isEqualTo(200);
    }

    @Test
    void ask_auto_acceptedAtOnce() {
        String repo = gated(signedIn("alice"), "auto");
        Browser bob = signedIn("bob");

        post(bob, "/" + repo + "/access-request", "/" + repo + "/access-request");

        assertThat(bob.page("/" + repo).status()).isEqualTo(200);
    }

    @Test
    void ownersList_showsTheRequestAndItsMessage() {
        Browser alice = signedIn("alice");
        String repo = gated(alice, "manual");
        Browser bob = signedIn("bob");
        post(bob, "/" + repo + "/access-request", "/" + repo + "/access-request", "message", "for <b>research</b>");

        Response list = alice.page("/" + repo + "/access-requests");

        assertThat(list.body()).contains("data-user=\"" + username(bob) + "\"", "for &lt;b&gt;research&lt;/b&gt;");
    }

    @Test
    void reject_withReason_requesterSeesRejected() {
        Browser alice = signedIn("alice");
        String repo = gated(alice, "manual");
        Browser bob = signedIn("bob");
        post(bob, "/" + repo + "/access-request", "/" + repo + "/access-request");

        post(alice, "/" + repo + "/access-requests", "/" + repo + "/access-requests/handle", "user", username(bob),
                "status", "rejected", "rejectionReason", "not now");

        assertThat(bob.page("/" + repo + "/access-request").body()).contains("was rejected");
        assertThat(alice.get("/api/models/" + repo + "/user-access-request/rejected").json().get(0)
                .path("rejectionReason").asText()).isEqualTo("not now");
    }

    @Test
    void cancel_pendingRequestWithdrawn() {
        String repo = gated(signedIn("alice"), "manual");
        Browser bob = signedIn("bob");
        post(bob, "/" + repo + "/access-request", "/" + repo + "/access-request");

        post(bob, "/" + repo + "/access-request", "/" + repo + "/access-request/cancel");

        assertThat(bob.page("/" + repo + "/access-request").body()).contains("You have not asked yet");
    }

    @Test
    void grant_userWhoNeverAsked_canRead() {
        Browser alice = signedIn("alice");
        String repo = gated(alice, "manual");
        Browser bob = signedIn("bob");

        post(alice, "/" + repo + "/access-requests", "/" + repo + "/access-requests/grant", "user", username(bob));

        assertThat(bob.get("/api/models/" + repo).status()).isEqualTo(200);
    }

    @Test
    void ownersList_requester_refused() {
        String repo = gated(signedIn("alice"), "manual");

        assertThat(signedIn("bob").page("/" + repo + "/access-requests").status()).isEqualTo(403);
    }

    @Test
    void requestPage_notGated_400() {
        Browser alice = signedIn("alice");
        hub.createRepo(alice, username(alice), "open", false);

        assertThat(signedIn("bob").page("/" + username(alice) + "/open/access-request").status()).isEqualTo(400);
    }

    @Test
    void requestPage_visitor_sentToSignIn() {
        String repo = gated(signedIn("alice"), "manual");

        Response page = hub.browser().page("/" + repo + "/access-request");

        assertThat(page.headers().firstValue("Location").orElse("")).startsWith("/login?next=");
    }

    private String gated(Browser owner, String mode) {
        hub.createRepo(owner, username(owner), "llama", false);
        String repo = username(owner) + "/llama";
        owner.putJson("/api/models/" + repo + "/settings", "{\"gated\": \"" + mode + "\"}");
        return repo;
    }

    private static String username(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }

    private Browser signedIn(String prefix) {
        return hub.verifiedUser(hub.uniqueName(prefix));
    }
}
