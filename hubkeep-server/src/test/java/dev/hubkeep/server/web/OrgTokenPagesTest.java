package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Organization Settings → Access Tokens: service accounts made and deleted, organization tokens
 * made (their value shown once), listed to every admin with their creator, and revoked, through the
 * pages' forms with their CSRF token; the same ServiceAccountService and decision as the API.
 */
class OrgTokenPagesTest {

    private static final Pattern VALUE = Pattern.compile("id=\"token-value\" value=\"(hf_[A-Za-z0-9]+)\"");

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void createAccountThenToken_valueShownOnceAndItWrites() {
        Browser alice = signedIn("alice");
        String org = org(alice);
        hub.createRepo(alice, org, "model-a", true);
        post(alice, org, "/service-accounts", "name", "ci-bot", "role", "write");

        Response created = post(alice, org, "/access-tokens", "account", "ci-bot", "name", "upload", "repos", "model-a",
                "access", "write", "expiresInDays", "");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Matcher value = VALUE.matcher(created.body());
        assertThat(value.find()).as(created.body()).isTrue();
        assertThat(hub.withToken(value.group(1)).get("/api/models/" + org + "/model-a/auth-check/write").status())
                .isEqualTo(200);
    }

    @Test
    void tokenList_anotherAdminSeesItWithItsCreator_notItsValue() {
        Browser alice = signedIn("alice");
        Browser carol = signedIn("carol");
        String org = org(alice);
        hub.addMember(alice, org, name(carol), "admin");
        post(alice, org, "/service-accounts", "name", "ci-bot", "role", "read");
        String value = token(post(alice, org, "/access-tokens", "account", "ci-bot", "name", "pull", "repos", "",
                "access", "read", "expiresInDays", "30"));

        Response page = carol.page(base(org) + "/access-tokens");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-token=\"pull\"").contains("by " + name(alice)).doesNotContain(value);
    }

    @Test
    void revoke_byAnotherAdmin_tokenFails() {
        Browser alice = signedIn("alice");
        Browser carol = signedIn("carol");
        String org = org(alice);
        hub.addMember(alice, org, name(carol), "admin");
        post(alice, org, "/service-accounts", "name", "ci-bot", "role", "read");
        String value = token(post(alice, org, "/access-tokens", "account", "ci-bot", "name", "pull", "repos", "",
                "access", "read", "expiresInDays", ""));
        String id = carol.get("/api/organizations/" + org + "/settings/access-tokens").json().get(0).path("id").asText();

        Response revoked = post(carol, org, "/access-tokens/" + id + "/revoke");

        assertThat(revoked.status()).isEqualTo(303);
        assertThat(hub.withToken(value).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void createToken_grantForReadAccountWithWrite_formAgainWithTheReason() {
        Browser alice = signedIn("alice");
        String org = org(alice);
        post(alice, org, "/service-accounts", "name", "reader", "role", "read");

        Response refused = post(alice, org, "/access-tokens", "account", "reader", "name", "x", "repos", "",
                "access", "write", "expiresInDays", "");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"").contains("read role");
    }

    @Test
    void deleteAccount_itsTokensFail() {
        Browser alice = signedIn("alice");
        String org = org(alice);
        post(alice, org, "/service-accounts", "name", "ci-bot", "role", "read");
        String value = token(post(alice, org, "/access-tokens", "account", "ci-bot", "name", "pull", "repos", "",
                "access", "read", "expiresInDays", ""));

        assertThat(post(alice, org, "/service-accounts/ci-bot/delete").status()).isEqualTo(303);

        assertThat(hub.withToken(value).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void page_writeMember_403() {
        Browser alice = signedIn("alice");
        Browser bob = signedIn("bob");
        String org = org(alice);
        hub.addMember(alice, org, name(bob), "write");

        assertThat(bob.page(base(org) + "/access-tokens").status()).isEqualTo(403);
    }

    @Test
    void createAccount_withoutCsrf_403AndNothingMade() {
        Browser alice = signedIn("alice");
        String org = org(alice);

        Response forged = alice.postForm(base(org) + "/service-accounts", "name", "ci-bot", "role", "read");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(alice.get("/api/organizations/" + org + "/service-accounts").json()).isEmpty();
    }

    private Response post(Browser admin, String org, String path, String... fields) {
        return OrgPagesTest.post(admin, base(org) + "/access-tokens", base(org) + path, fields);
    }

    private static String token(Response created) {
        Matcher value = VALUE.matcher(created.body());
        assertThat(value.find()).as(created.body()).isTrue();
        return value.group(1);
    }

    private String org(Browser admin) {
        String org = hub.uniqueName("acme");
        hub.createOrg(admin, org);
        return org;
    }

    private static String base(String org) {
        return "/organizations/" + org + "/settings";
    }

    private static String name(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }

    private Browser signedIn(String prefix) {
        return hub.verifiedUser(hub.uniqueName(prefix));
    }
}
