package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Organizations through their pages: made, shown, members added and re-roled and removed, the
 * token policy and approvals, the audit log. The same OrgService and decision as the API.
 */
class OrgPagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void newOrganization_form_createsItWithTheCreatorAsAdmin() {
        Browser alice = signedIn("alice");
        String org = hub.uniqueName("acme");

        Response created = post(alice, "/organizations/new", "/organizations/new", "name", org, "fullname", "Acme Corp");

        assertThat(created.headers().firstValue("Location")).hasValue("/" + org);
        assertThat(alice.get("/api/organizations/" + org + "/members").json().get(0).path("role").asText()).isEqualTo("admin");
    }

    @Test
    void newOrganization_nameTaken_formAgainWithTheError() {
        Browser alice = signedIn("alice");

        Response again = post(alice, "/organizations/new", "/organizations/new", "name", username(alice));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("id=\"form-error\"", "already taken");
    }

    @Test
    void profile_visitor_seesPublicRepositoriesAndMembers_notPrivateOnes() {
        Browser alice = signedIn("alice");
        String org = org(alice);
        hub.createRepo(alice, org, "open", false);
        hub.createRepo(alice, org, "hidden", true);

        Response page = hub.browser().page("/" + org);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(org + "/open", username(alice)).doesNotContain(org + "/hidden");
    }

    @Test
    void profile_admin_offeredTheSettings_memberNot() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, username(bob), "write");

        assertThat(alice.page("/" + org).body()).contains("/organizations/" + org + "/settings/members");
        assertThat(bob.page("/" + org).body()).doesNotContain("/settings/members");
    }

    @Test
    void profile_user_listsTheirPublicRepositories() {
        Browser alice = signedIn("alice");
        hub.createRepo(alice, username(alice), "bert", false);

        Response page = hub.browser().page("/" + username(alice));

        assertThat(page.body()).contains(username(alice) + "/bert");
    }

    @Test
    void profile_unknownName_404Page() {
        Response page = hub.browser().page("/" + hub.uniqueName("nobody"));

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    @Test
    void profile_inferencePath_keepsItsExplanation() {
        Response page = hub.browser().get("/models");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.json().path("error").asText()).contains("inference");
    }

    @Test
    void members_addWithReadRole_memberHasIt() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);

        Response added = post(alice, members(org), members(org), "username", username(bob), "role", "read");

        assertThat(added.status()).isEqualTo(303);
        assertThat(bob.get("/api/whoami-v2").json().path("orgs").get(0).path("roleInOrg").asText()).isEqualTo("read");
    }

    @Test
    void members_unknownUser_formAgainWith404() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response added = post(alice, members(org), members(org), "username", hub.uniqueName("nobody"), "role", "read");

        assertThat(added.status()).isEqualTo(404);
        assertThat(added.body()).contains("id=\"form-error\"", "No user named");
    }

    @Test
    void members_lastAdminMadeReader_refusedWithTheReason() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response changed = post(alice, members(org), members(org), "username", username(alice), "role", "read");

        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.body()).contains("last admin");
    }

    @Test
    void members_remove_memberGone() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, username(bob), "write");

        post(alice, members(org), members(org) + "/" + username(bob) + "/remove");

        assertThat(alice.get("/api/organizations/" + org + "/members").json()).hasSize(1);
    }

    @Test
    void members_writeMember_403() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, username(bob), "write");

        assertThat(bob.page(members(org)).status()).isEqualTo(403);
    }

    @Test
    void members_formWithoutCsrf_403AndNothingChanges() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);

        Response forged = alice.postForm(members(org), "username", username(bob), "role", "admin");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(alice.get("/api/organizations/" + org + "/members").json()).hasSize(1);
    }

    @Test
    void tokenPolicy_saved_asTheApiReadsIt() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        post(alice, tokens(org), settings(org) + "/token-policy", "requireApproval", "true", "maxLifetimeDays", "30");

        assertThat(alice.get("/api/organizations/" + org + "/settings/token-policy").json().toString())
                .contains("\"requireApproval\":true", "\"maxLifetimeDays\":30", "\"fineGrainedOnly\":false");
    }

    @Test
    void tokenPolicy_lifetimeNotANumber_400WithTheError() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response saved = post(alice, tokens(org), settings(org) + "/token-policy", "maxLifetimeDays", "a month");

        assertThat(saved.status()).isEqualTo(400);
        assertThat(saved.body()).contains("id=\"form-error\"");
    }

    @Test
    void pendingToken_approvedOnThePage_thenWorks() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.createRepo(alice, org, "secret", true);
        hub.addMember(alice, org, username(bob), "write");
        alice.putJson("/api/organizations/" + org + "/settings/token-policy", "{\"requireApproval\": true}");
        String token = hub.createToken(bob, "ci", "read");
        hub.withToken(token).get("/api/models/" + org + "/secret");
        String tokenId = alice.get("/api/organizations/" + org + "/settings/tokens").json().get(0).path("tokenId").asText();
        assertThat(alice.page(tokens(org)).body()).contains("data-token=\"ci\"", "pending");

        post(alice, tokens(org), settings(org) + "/tokens/" + tokenId + "/approve");

        assertThat(hub.withToken(token).get("/api/models/" + org + "/secret").status()).isEqualTo(200);
    }

    @Test
    void auditLog_showsWhatHappened() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, username(bob), "read");

        Response log = alice.page(settings(org) + "/audit-log");

        assertThat(log.body()).contains("org.create", "org.member.add", "member: " + username(bob));
    }

    @Test
    void fullname_withMarkup_shownAsText() {
        Browser alice = signedIn("alice");
        String org = hub.uniqueName("acme");
        post(alice, "/organizations/new", "/organizations/new", "name", org, "fullname", BrowserJourneyTest.XSS);

        Response page = hub.browser().page("/" + org);

        assertThat(page.body()).doesNotContain("<script>alert(1)", "<img src=x").contains("&lt;script&gt;alert(1)");
    }

    private String org(Browser admin) {
        String org = hub.uniqueName("acme");
        hub.createOrg(admin, org);
        return org;
    }

    private static String settings(String org) {
        return "/organizations/" + org + "/settings";
    }

    private static String members(String org) {
        return settings(org) + "/members";
    }

    private static String tokens(String org) {
        return settings(org) + "/tokens";
    }

    /** Posts {@code fields} to {@code action} with the CSRF token of the page at {@code formPage}. */
    static Response post(Browser browser, String formPage, String action, String... fields) {
        String[] all = new String[fields.length + 2];
        all[0] = "_csrf";
        all[1] = Pages.csrf(browser.page(formPage));
        System.arraycopy(fields, 0, all, 2, fields.length);
        return browser.postForm(action, all);
    }

    private static String username(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }

    private Browser signedIn(String prefix) {
        return hub.verifiedUser(hub.uniqueName(prefix));
    }
}
