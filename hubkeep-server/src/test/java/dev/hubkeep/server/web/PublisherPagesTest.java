package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Settings → Trusted publishers, of one's account and of an organization: registered through the
 * form (read back through the API, which reads the same service), listed, refused with the reason
 * and the form kept, deleted after a confirmation; CSRF on every form, escaping, and the same
 * decision as the API's routes.
 */
class PublisherPagesTest {

    static final String GITHUB = "https://token.actions.githubusercontent.com";

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void registerOwn_listedByTheApiWithItsRulesAndRepositories() {
        Browser alice = signedIn("alice");
        String me = name(alice);
        hub.createRepo(alice, me, "model-a", false);

        Response registered = register(alice, "/settings/trusted-publishers", "release", me + "/train", "model-a", "write", "");

        assertThat(registered.status()).as(registered.body()).isEqualTo(303);
        JsonNode publisher = alice.get("/api/settings/trusted-publishers").json().get(0);
        assertThat(publisher.path("claims").path("repository").asText()).isEqualTo(me + "/train");
        assertThat(publisher.path("claims").path("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(publisher.path("repositories").get(0).asText()).isEqualTo(me + "/model-a");
        assertThat(publisher.path("access").asText()).isEqualTo("write");
    }

    @Test
    void listOwn_showsThePublisherWithItsRules() {
        Browser alice = signedIn("alice");
        register(alice, "/settings/trusted-publishers", "release", name(alice) + "/train", "model-a", "read", "30");

        Response page = alice.page("/settings/trusted-publishers");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-publisher=\"release\"").contains("repository = " + name(alice) + "/train")
                .contains("30 min");
    }

    @Test
    void registerOwn_noIdentifyingRule_formAgainWithTheReasonAndWhatWasTyped() {
        Browser alice = signedIn("alice");

        Response refused = OrgPagesTest.post(alice, "/settings/trusted-publishers", "/settings/trusted-publishers",
                "name", "loose", "issuer", GITHUB, "claims", "ref=refs/heads/main", "repositories", "model-a",
                "access", "read");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"").contains("identifies the project")
                .contains("value=\"loose\"");
        assertThat(alice.get("/api/settings/trusted-publishers").json()).isEmpty();
    }

    @Test
    void registerOwn_ruleWithoutEquals_400SayingHowToWriteIt() {
        Browser alice = signedIn("alice");

        Response refused = OrgPagesTest.post(alice, "/settings/trusted-publishers", "/settings/trusted-publishers",
                "name", "x", "issuer", GITHUB, "claims", "repository acme/train", "repositories", "model-a",
                "access", "read");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("claim=value");
    }

    @Test
    void claimValue_withMarkup_shownAsText() {
        Browser alice = signedIn("alice");
        register(alice, "/settings/trusted-publishers", "x", "<script>alert(1)</script>", "model-a", "read", "");

        Response page = alice.page("/settings/trusted-publishers");

        assertThat(page.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void deleteOwn_confirmationThenGone() {
        Browser alice = signedIn("alice");
        register(alice, "/settings/trusted-publishers", "release", name(alice) + "/train", "model-a", "read", "");
        String id = alice.get("/api/settings/trusted-publishers").json().get(0).path("id").asText();
        String confirm = "/settings/trusted-publishers/" + id + "/delete";
        assertThat(alice.page(confirm).body()).contains("Delete release?");

        Response deleted = OrgPagesTest.post(alice, confirm, confirm);

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(alice.get("/api/settings/trusted-publishers").json()).isEmpty();
    }

    @Test
    void deleteOwn_anotherUsersPublisher_404AndKept() {
        Browser alice = signedIn("alice");
        Browser eve = signedIn("eve");
        register(alice, "/settings/trusted-publishers", "release", name(alice) + "/train", "model-a", "read", "");
        String id = alice.get("/api/settings/trusted-publishers").json().get(0).path("id").asText();

        Response refused = OrgPagesTest.post(eve, "/settings/trusted-publishers", "/settings/trusted-publishers/" + id + "/delete");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(alice.get("/api/settings/trusted-publishers").json()).hasSize(1);
    }

    @Test
    void registerOwn_withoutCsrf_403AndNothingRegistered() {
        Browser alice = signedIn("alice");

        Response forged = alice.postForm("/settings/trusted-publishers", "name", "x", "issuer", GITHUB,
                "claims", "repository=a/b", "repositories", "model-a", "access", "read");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(alice.get("/api/settings/trusted-publishers").json()).isEmpty();
    }

    @Test
    void registerOrg_actsAsTheServiceAccountPicked() {
        Browser alice = signedIn("alice");
        String org = org(alice);
        alice.postJson("/api/organizations/" + org + "/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"write\"}");
        String page = "/organizations/" + org + "/settings/trusted-publishers";

        Response registered = OrgPagesTest.post(alice, page, page, "name", "release", "issuer", GITHUB,
                "claims", "repository=" + org + "/train", "repositories", "model-a, datasets/" + org + "/data",
                "access", "write", "lifetimeMinutes", "", "serviceAccount", "ci-bot");

        assertThat(registered.status()).as(registered.body()).isEqualTo(303);
        JsonNode publisher = alice.get("/api/organizations/" + org + "/settings/trusted-publishers").json().get(0);
        assertThat(publisher.path("serviceAccount").asText()).isEqualTo("ci-bot");
        assertThat(publisher.path("repositories").toString()).contains(org + "/model-a", "datasets/" + org + "/data");
    }

    @Test
    void orgPage_withoutServiceAccounts_saysToCreateOneFirst() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response page = alice.page("/organizations/" + org + "/settings/trusted-publishers");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"no-accounts\"").doesNotContain("id=\"new-publisher\"");
    }

    @Test
    void orgPage_writeMember_403() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, name(bob), "write");

        assertThat(bob.page("/organizations/" + org + "/settings/trusted-publishers").status()).isEqualTo(403);
    }

    @Test
    void deleteOrg_anotherAdmin_goneAndItsTokensWith() {
        Browser alice = signedIn("alice");
        Browser carol = signedIn("carol");
        String org = org(alice);
        hub.addMember(alice, org, name(carol), "admin");
        alice.postJson("/api/organizations/" + org + "/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"read\"}");
        String page = "/organizations/" + org + "/settings/trusted-publishers";
        OrgPagesTest.post(alice, page, page, "name", "pull", "issuer", GITHUB, "claims", "repository=" + org + "/train",
                "repositories", "model-a", "access", "read", "serviceAccount", "ci-bot");
        String id = alice.get("/api/organizations/" + org + "/settings/trusted-publishers").json().get(0).path("id").asText();

        Response deleted = OrgPagesTest.post(carol, page + "/" + id + "/delete", page + "/" + id + "/delete");

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(alice.get("/api/organizations/" + org + "/settings/trusted-publishers").json()).isEmpty();
    }

    private static Response register(Browser user, String page, String name, String repository, String repos, String access,
            String lifetime) {
        return OrgPagesTest.post(user, page, page, "name", name, "issuer", GITHUB,
                "claims", "repository=" + repository + "\nref=refs/heads/main\n", "repositories", repos, "access", access,
                "lifetimeMinutes", lifetime);
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
