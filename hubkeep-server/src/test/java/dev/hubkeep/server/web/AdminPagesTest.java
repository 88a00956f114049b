package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hub's administrators' pages: the accounts listed and found, an account deactivated,
 * reactivated and deleted (after typing its name), and the repositories a deleted account left moved
 * or deleted; through the same Lifecycle, RepoCustodian and decision as {@code /api/admin/…}.
 */
class AdminPagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void users_nonAdmin_403() {
        assertThat(signedIn("alice").page("/admin/users").status()).isEqualTo(403);
    }

    @Test
    void users_admin_findsAnAccountByTheStartOfItsName() {
        Browser root = admin();
        String bob = name(signedIn("bob"));

        Response page = root.page("/admin/users?q=" + bob);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-user=\"" + bob + "\"");
    }

    @Test
    void menu_admin_linksTheAdministration() {
        assertThat(admin().page("/").body()).contains("href=\"/admin/users\"");
    }

    @Test
    void menu_nonAdmin_noAdministration() {
        assertThat(signedIn("alice").page("/").body()).doesNotContain("href=\"/admin/users\"");
    }

    @Test
    void deactivate_tokensRefusedAndThePageSaysSo() {
        Browser root = admin();
        Browser bob = signedIn("bob");
        TokenClient token = hub.withToken(hub.createToken(bob, "ci", "write"));
        String page = "/admin/users/" + name(bob);

        Response done = OrgPagesTest.post(root, page, page + "/deactivate");

        assertThat(done.status()).isEqualTo(303);
        assertThat(root.page(page).body()).contains("id=\"status\">deactivated");
        assertThat(token.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void reactivate_signsInAgain() {
        Browser root = admin();
        String bob = name(signedIn("bob"));
        String page = "/admin/users/" + bob;
        OrgPagesTest.post(root, page, page + "/deactivate");

        assertThat(OrgPagesTest.post(root, page, page + "/reactivate").status()).isEqualTo(303);

        assertThat(hub.login(hub.browser(), bob).status()).isEqualTo(200);
    }

    @Test
    void deactivate_withoutCsrf_403AndStillActive() {
        Browser root = admin();
        Browser bob = signedIn("bob");

        assertThat(root.postForm("/admin/users/" + name(bob) + "/deactivate").status()).isEqualTo(403);
        assertThat(bob.get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void delete_nameMistyped_400AndKept() {
        Browser root = admin();
        Browser bob = signedIn("bob");
        String page = "/admin/users/" + name(bob);

        Response refused = OrgPagesTest.post(root, page, page + "/delete", "confirm", "bob");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(bob.get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void delete_confirmed_sessionEnded() {
        Browser root = admin();
        Browser bob = signedIn("bob");
        String page = "/admin/users/" + name(bob);

        Response deleted = OrgPagesTest.post(root, page, page + "/delete", "confirm", name(bob));

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(bob.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void ownPage_offersNothingToDoToIt() {
        Browser root = admin();

        Response page = root.page("/admin/users/" + name(root));

        assertThat(page.body()).contains("id=\"self\"").doesNotContain("id=\"deactivate\"").doesNotContain("id=\"delete\"");
    }

    @Test
    void deletedAccountsPage_listsTheRepositoriesItLeft() {
        Browser root = admin();
        String bob = deletedWithRepo(root);

        Response page = root.page("/admin/users/" + bob);

        assertThat(page.body()).contains("data-repo=\"" + bob + "/model\"");
    }

    @Test
    void moveRepo_deletedAccounts_servedUnderTheNewOwner() {
        Browser root = admin();
        Browser carol = signedIn("carol");
        String bob = deletedWithRepo(root);
        String page = "/admin/users/" + bob;

        Response moved = OrgPagesTest.post(root, page, page + "/repos/move", "type", "model", "repo", bob + "/model",
                "to", name(carol) + "/model");

        assertThat(moved.status()).as(moved.body()).isEqualTo(303);
        assertThat(carol.get("/api/models/" + name(carol) + "/model").json().path("private").asBoolean()).isTrue();
    }

    @Test
    void deleteRepo_nameMistyped_400AndKept() {
        Browser root = admin();
        String bob = deletedWithRepo(root);
        String page = "/admin/users/" + bob;

        Response refused = OrgPagesTest.post(root, page, page + "/repos/delete", "type", "model", "repo", bob + "/model",
                "confirm", "model");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(root.page(page).body()).contains("data-repo=\"" + bob + "/model\"");
    }

    @Test
    void deleteRepo_confirmed_gone() {
        Browser root = admin();
        String bob = deletedWithRepo(root);
        String page = "/admin/users/" + bob;

        Response deleted = OrgPagesTest.post(root, page, page + "/repos/delete", "type", "model", "repo", bob + "/model",
                "confirm", bob + "/model");

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(root.page(page).body()).contains("id=\"no-repos\"");
    }

    /** A user with a private model {@code <name>/model}, deleted by the administrator behind {@code root}. */
    private String deletedWithRepo(Browser root) {
        Browser bob = signedIn("bob");
        String name = name(bob);
        hub.createRepo(bob, name, "model", true);
        String page = "/admin/users/" + name;
        assertThat(OrgPagesTest.post(root, page, page + "/delete", "confirm", name).status()).isEqualTo(303);
        return name;
    }

    /** A new administrator of the hub, signed in. */
    private Browser admin() {
        String name = hub.uniqueName("root");
        hub.hub().accounts().createByOperator(new SignupRequest(name, name + "@example.com", "password-of-" + name,
                Optional.empty()), true, true);
        Browser root = hub.browser();
        hub.login(root, name);
        return root;
    }

    private static String name(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }

    private Browser signedIn(String prefix) {
        return hub.verifiedUser(hub.uniqueName(prefix));
    }
}
