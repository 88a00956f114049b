package dev.hubkeep.server.web;

import static dev.hubkeep.server.web.OrgPagesTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** New repository, a repository's settings and its deletion through the pages: RepoService as for the API. */
class RepoSettingsPagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void newRepository_form_createsItAndOpensIt() {
        Browser alice = signedIn("alice");
        String me = username(alice);

        Response created = post(alice, "/new", "/new", "owner", me, "name", "bert", "type", "dataset", "visibility", "private");

        assertThat(created.headers().firstValue("Location")).hasValue("/datasets/" + me + "/bert");
        assertThat(alice.get("/api/datasets/" + me + "/bert").json().path("private").asBoolean()).isTrue();
    }

    @Test
    void newRepository_inAnOrganizationAsReader_formAgainWith403() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = hub.uniqueName("acme");
        hub.createOrg(alice, org);
        hub.addMember(alice, org, username(bob), "read");

        Response created = post(bob, "/new", "/new", "owner", org, "name", "bert", "type", "model", "visibility", "public");

        assertThat(created.status()).isEqualTo(403);
        assertThat(created.body()).contains("id=\"form-error\"", "Your role in " + org + " is read");
    }

    @Test
    void newRepository_taken_409() {
        Browser alice = signedIn("alice");
        hub.createRepo(alice, username(alice), "bert", false);

        Response again = post(alice, "/new", "/new", "owner", username(alice), "name", "bert", "type", "model");

        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void newRepositoryForm_readToken_refusedAsByTheApi() {
        Browser alice = signedIn("alice");
        String read = hub.createToken(alice, "reader", "read");

        Response form = hub.browser().send(hub.browser().request("/new")
                .header("Authorization", "Bearer " + read).header("Accept", "text/html").GET().build());

        assertThat(form.status()).isEqualTo(403);
    }

    @Test
    void settings_saved_asTheApiReadsThem() {
        Browser alice = signedIn("alice");
        String repo = repo(alice);

        post(alice, "/" + repo + "/settings", "/" + repo + "/settings", "visibility", "public", "gated", "manual",
                "requireSignedCommits", "true");

        assertThat(alice.get("/api/models/" + repo).json().toString()).contains("\"gated\":\"manual\"", "\"private\":false");
    }

    @Test
    void settings_madePrivate_visitorsGet404() {
        Browser alice = signedIn("alice");
        String repo = repo(alice);

        post(alice, "/" + repo + "/settings", "/" + repo + "/settings", "visibility", "private", "gated", "off");

        assertThat(signedIn("bob").page("/" + repo).status()).isEqualTo(404);
    }

    @Test
    void settings_unknownGating_400() {
        Browser alice = signedIn("alice");
        String repo = repo(alice);

        Response saved = post(alice, "/" + repo + "/settings", "/" + repo + "/settings", "visibility", "public", "gated", "maybe");

        assertThat(saved.status()).isEqualTo(400);
    }

    @Test
    void settings_reader_403() {
        Browser alice = signedIn("alice");
        String repo = repo(alice);

        assertThat(signedIn("bob").page("/" + repo + "/settings").status()).isEqualTo(403);
    }

    @Test
    void settingsTab_offeredToTheOwnerOnly() {
        Browser alice = signedIn("alice");
        String repo = repo(alice);

        assertThat(alice.page("/" + repo).body()).contains("/" + repo + "/settings");
        assertThat(signedIn("bob").page("/" + repo).body()).doesNotContain("/" + repo + "/settings");
    }

    @Test
    void delete_wrongNameTyped_400AndNothingDeleted() {
        Browser alice = signedIn("alice");
        String repo = repo(alice);

        Response deleted = post(alice, "/" + repo + "/settings", "/" + repo + "/delete", "confirm", "bert");

        assertThat(deleted.status()).isEqualTo(400);
        assertThat(alice.get("/api/models/" + repo).status()).isEqualTo(200);
    }

    @Test
    void delete_fullNameTyped_goneAndBackToTheNamespace() {
        Browser alice = signedIn("alice");
        String repo = repo(alice);

        Response deleted = post(alice, "/" + repo + "/settings", "/" + repo + "/delete", "confirm", repo);

        assertThat(deleted.headers().firstValue("Location")).hasValue("/" + username(alice));
        assertThat(alice.get("/api/models/" + repo).status()).isEqualTo(404);
    }

    @Test
    void delete_writeMember_403AndNotOffered() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = hub.uniqueName("acme");
        hub.createOrg(alice, org);
        hub.addMember(alice, org, username(bob), "write");
        hub.createRepo(alice, org, "bert", false);

        Response deleted = post(bob, "/" + org + "/bert/settings", "/" + org + "/bert/delete", "confirm", org + "/bert");

        assertThat(deleted.status()).isEqualTo(403);
        assertThat(bob.page("/" + org + "/bert/settings").body()).doesNotContain("/delete");
    }

    private String repo(Browser owner) {
        hub.createRepo(owner, username(owner), "bert", false);
        return username(owner) + "/bert";
    }

    private static String username(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }

    private Browser signedIn(String prefix) {
        return hub.verifiedUser(hub.uniqueName(prefix));
    }
}
