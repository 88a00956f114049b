package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leaving an organization from its page and deleting one from its settings, through the pages'
 * forms: the same Lifecycle and decision as {@code POST /api/organizations/{org}/leave} and
 * {@code DELETE /api/organizations/{org}}.
 */
class LifecyclePagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void orgPage_member_offersLeave() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, name(bob), "write");

        assertThat(bob.page("/" + org).body()).contains("href=\"/organizations/" + org + "/leave\"");
    }

    @Test
    void orgPage_nonMember_noLeave() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        assertThat(signedIn("eve").page("/" + org).body()).doesNotContain("id=\"leave\"");
    }

    @Test
    void leave_member_goneFromTheMembers() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, name(bob), "write");

        Response left = OrgPagesTest.post(bob, "/organizations/" + org + "/leave", "/organizations/" + org + "/leave");

        assertThat(left.status()).isEqualTo(303);
        assertThat(alice.get("/api/organizations/" + org + "/members").json().findValuesAsText("user"))
                .containsExactly(name(alice));
    }

    @Test
    void leave_lastAdmin_409WithWhatToDoInstead() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response refused = OrgPagesTest.post(alice, "/organizations/" + org + "/leave", "/organizations/" + org + "/leave");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"form-error\"").contains("last admin");
    }

    @Test
    void leave_withoutCsrf_403AndStillAMember() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, name(bob), "read");

        assertThat(bob.postForm("/organizations/" + org + "/leave").status()).isEqualTo(403);
        assertThat(alice.get("/api/organizations/" + org + "/members").json()).hasSize(2);
    }

    @Test
    void deletePage_withRepositories_listsThemAndOffersNoForm() {
        Browser alice = signedIn("alice");
        String org = org(alice);
        hub.createRepo(alice, org, "model-a", true);

        Response page = alice.page(settings(org) + "/delete");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"has-repos\"").contains(org + "/model-a").doesNotContain("id=\"delete\"");
    }

    @Test
    void delete_withRepositories_409NamingThemAndKept() {
        Browser alice = signedIn("alice");
        String org = org(alice);
        String page = settings(org) + "/delete";
        String csrf = dev.hubkeep.server.testing.Pages.csrf(alice.page(page));
        hub.createRepo(alice, org, "model-a", true);

        Response refused = alice.postForm(page, "_csrf", csrf, "confirm", org);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains(org + "/model-a");
        assertThat(hub.browser().get("/api/organizations/" + org).status()).isEqualTo(200);
    }

    @Test
    void delete_confirmationMistyped_400AndKept() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response refused = OrgPagesTest.post(alice, settings(org) + "/delete", settings(org) + "/delete", "confirm", "acme");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(hub.browser().get("/api/organizations/" + org).status()).isEqualTo(200);
    }

    @Test
    void delete_confirmed_goneAndItsNameFree() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response deleted = OrgPagesTest.post(alice, settings(org) + "/delete", settings(org) + "/delete", "confirm", org);

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(hub.browser().get("/api/organizations/" + org).status()).isEqualTo(404);
    }

    @Test
    void deletePage_writeMember_403() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, name(bob), "write");

        assertThat(bob.page(settings(org) + "/delete").status()).isEqualTo(403);
    }

    private static String settings(String org) {
        return "/organizations/" + org + "/settings";
    }

    private String org(Browser admin) {
        String org = hub.uniqueName("acme");
        hub.createOrg(admin, org);
        return org;
    }

    private static String name(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }

    private Browser signedIn(String prefix) {
        return hub.verifiedUser(hub.uniqueName(prefix));
    }
}
