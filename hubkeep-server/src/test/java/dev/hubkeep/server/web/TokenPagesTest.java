package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings → Access tokens through its pages: the same TokenService, checks and audit as the API. */
class TokenPagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void newToken_write_valueShownOnceAndWorksWithTheApi() {
        Browser alice = signedIn("alice");

        Response created = create(alice, "name", "laptop", "role", "write");

        assertThat(created.status()).isEqualTo(201);
        assertThat(hub.withToken(Pages.tokenValue(created)).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void tokensPage_listsTheTokenWithoutItsValue() {
        Browser alice = signedIn("alice");
        String value = Pages.tokenValue(create(alice, "name", "laptop", "role", "read"));

        Response list = alice.page("/settings/tokens");

        assertThat(list.body()).contains("laptop").doesNotContain(value);
    }

    @Test
    void newToken_duplicateName_formAgainWithTheError() {
        Browser alice = signedIn("alice");
        create(alice, "name", "laptop", "role", "read");

        Response again = create(alice, "name", "laptop", "role", "read");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("id=\"form-error\"");
    }

    @Test
    void newToken_fineGrainedWithNothingPicked_400() {
        Browser alice = signedIn("alice");

        Response response = create(alice, "name", "ci", "role", "fineGrained");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void newToken_fineGrained_grantsAsPicked() {
        Browser alice = signedIn("alice");
        String value = Pages.tokenValue(create(alice, "name", "ci", "role", "fineGrained", "userPermissions", "repo.content.read"));

        Response whoami = hub.withToken(value).get("/api/whoami-v2");

        assertThat(whoami.json().path("auth").path("accessToken").path("role").asText()).isEqualTo("fineGrained");
    }

    @Test
    void newTokenForm_deepLink_prefillsTypeAndPermissions() {
        Browser alice = signedIn("alice");

        Response form = alice.page("/settings/tokens/new?tokenType=fineGrained&ownUserPermissions=inference.serverless.write");

        assertThat(form.body()).containsPattern("value=\"fineGrained\" checked")
                .containsPattern("value=\"inference.serverless.write\" checked");
    }

    @Test
    void refresh_oldValueRefused_newValueWorks() {
        Browser alice = signedIn("alice");
        String old = Pages.tokenValue(create(alice, "name", "laptop", "role", "write"));
        String id = idOf(alice, "laptop");

        Response refreshed = alice.postForm("/settings/tokens/" + id + "/refresh", "_csrf", Pages.csrf(alice.page("/settings/tokens/" + id)));

        assertThat(hub.withToken(old).get("/api/whoami-v2").status()).isEqualTo(401);
        assertThat(hub.withToken(Pages.tokenValue(refreshed)).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void rename_listShowsTheNewName() {
        Browser alice = signedIn("alice");
        create(alice, "name", "laptop", "role", "read");
        String id = idOf(alice, "laptop");

        alice.postForm("/settings/tokens/" + id + "/rename", "_csrf", Pages.csrf(alice.page("/settings/tokens/" + id)), "name", "desktop");

        assertThat(alice.get("/api/settings/tokens").json().findValuesAsText("name")).containsExactly("desktop");
    }

    @Test
    void delete_afterConfirmation_valueRefused() {
        Browser alice = signedIn("alice");
        String value = Pages.tokenValue(create(alice, "name", "laptop", "role", "read"));
        String id = idOf(alice, "laptop");

        Response done = alice.postForm("/settings/tokens/" + id + "/delete", "_csrf",
                Pages.csrf(alice.page("/settings/tokens/" + id + "/delete")));

        assertThat(done.status()).isEqualTo(303);
        assertThat(hub.withToken(value).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void tokenName_withMarkup_shownAsText() {
        Browser alice = signedIn("alice");
        create(alice, "name", "<script>alert(1)</script>\"><img src=x onerror=alert(2)>", "role", "read");

        Response list = alice.page("/settings/tokens");

        assertThat(list.body()).doesNotContain("<script>alert(1)", "<img src=x").contains("&lt;script&gt;alert(1)");
    }

    @Test
    void anotherUsersToken_404() {
        Browser alice = signedIn("alice");
        create(alice, "name", "laptop", "role", "read");
        String id = idOf(alice, "laptop");
        Browser bob = signedIn("bob");

        assertThat(bob.page("/settings/tokens/" + id).status()).isEqualTo(404);
    }

    @Test
    void tokensPage_readToken_refusedAsByTheApi() {
        Browser alice = signedIn("alice");
        String read = Pages.tokenValue(create(alice, "name", "reader", "role", "read"));

        Response response = hub.browser().send(hub.browser().request("/settings/tokens/new")
                .header("Authorization", "Bearer " + read).header("Accept", "text/html").GET().build());

        assertThat(response.status()).isEqualTo(403);
    }

    private Response create(Browser browser, String... fields) {
        String[] all = new String[fields.length + 2];
        all[0] = "_csrf";
        all[1] = Pages.csrf(browser.page("/settings/tokens/new"));
        System.arraycopy(fields, 0, all, 2, fields.length);
        return browser.postForm("/settings/tokens/new", all);
    }

    private static String idOf(Browser browser, String name) {
        for (var token : browser.get("/api/settings/tokens").json()) {
            if (token.path("name").asText().equals(name)) {
                return token.path("id").asText();
            }
        }
        throw new AssertionError("no token " + name);
    }

    private Browser signedIn(String prefix) {
        String name = hub.uniqueName(prefix);
        hub.verifiedUser(name);
        Browser browser = hub.browser();
        Pages.signIn(browser, name);
        return browser;
    }
}
