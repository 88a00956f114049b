package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Multipart;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every page and form gets from the pipeline: security headers, CSRF tokens, sign-in redirects, HTML failures. */
class PageSecurityTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @Test
    void page_carriesThePolicyWithoutInlineScript() {
        Response page = hub.browser().page("/login");

        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
    }

    @Test
    void page_refusesFramingAndSniffingAndKeepsTheReferrerOnSite() {
        Response page = hub.browser().page("/");

        assertThat(page.header("X-Frame-Options")).contains("DENY");
        assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.header("Referrer-Policy")).contains("same-origin");
    }

    @Test
    void formPost_withoutCsrfToken_403AndNoSession() {
        String alice = verified("alice");
        Browser browser = hub.browser();
        browser.page("/login");

        Response response = browser.postForm("/login", "username", alice, "password", "password-of-" + alice);

        assertThat(response.status()).isEqualTo(403);
        assertThat(browser.cookie("hubkeep_session")).isEmpty();
    }

    @Test
    void formPost_withTokenOfAnotherBrowser_403() {
        String alice = verified("alice");
        String othersToken = Pages.csrf(hub.browser().page("/login"));
        Browser browser = hub.browser();
        browser.page("/login");

        Response response = browser.postForm("/login", "_csrf", othersToken, "username", alice, "password", "password-of-" + alice);

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void signedInForm_tokenOfTheFormerAnonymousBrowser_403() {
        String alice = verified("alice");
        Browser browser = hub.browser();
        String before = Pages.csrf(browser.page("/login"));
        Pages.signIn(browser, alice);

        Response response = browser.postForm("/settings/tokens/new", "_csrf", before, "name", "x", "role", "read");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void signIn_withToken_setsSessionAndGoesWhereAsked() {
        String alice = verified("alice");
        Browser browser = hub.browser();
        String csrf = Pages.csrf(browser.page("/login?next=/settings/tokens"));

        Response response = browser.postForm("/login", "_csrf", csrf, "username", alice, "password", "password-of-" + alice,
                "next", "/settings/tokens");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).contains("/settings/tokens");
    }

    @Test
    void signIn_nextOffSite_goesToTheStartPage() {
        String alice = verified("alice");
        Browser browser = hub.browser();
        String csrf = Pages.csrf(browser.page("/login"));

        Response response = browser.postForm("/login", "_csrf", csrf, "username", alice, "password", "password-of-" + alice,
                "next", "//evil.example/x");

        assertThat(response.header("Location")).contains("/");
    }

    @Test
    void pageNeedingSignIn_browser_redirectedToSignInWithNext() {
        Response response = hub.browser().page("/settings/tokens");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).contains("/login?next=%2Fsettings%2Ftokens");
    }

    @Test
    void pageNeedingSignIn_apiClient_401Json() {
        Response response = hub.browser().get("/settings/tokens");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).contains("signed in");
    }

    @Test
    void unknownPage_browser_html404() {
        Response response = hub.browser().page("/no/such/page/here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    }

    @Test
    void unknownApiPath_browser_keepsJson() {
        Response response = hub.browser().page("/api/collections");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).contains("Collections");
    }

    @Test
    void oneSegmentApiPath_isNotReadAsARepository() {
        Response response = hub.browser().get("/api/no-such-endpoint");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).contains("no endpoint");
    }

    @Test
    void htmx_servedByTheHubWithItsVersionedUrl() {
        Response home = hub.browser().page("/");
        String url = home.body().replaceAll("(?s).*<script src=\"(/static/htmx\\.min\\.js\\?v=[0-9a-f]+)\".*", "$1");

        Response htmx = hub.browser().get(url);

        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.header("Cache-Control")).contains("public, max-age=31536000, immutable");
    }

    @Test
    void sessionCookieApiPost_formEncoded_415() {
        String alice = verified("alice");
        Browser browser = hub.browser();
        hub.login(browser, alice);

        Response response = browser.send(browser.request("/api/settings/tokens")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=x&role=write"))
                .build());

        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void sessionCookieApiPost_noBodyTypeNoOrigin_415() {
        String alice = verified("alice");
        Browser browser = hub.browser();
        hub.login(browser, alice);

        Response response = browser.send(browser.request("/api/verify-email/resend")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void sessionCookieApiDelete_noBodyType_allowed() {
        String alice = verified("alice");
        Browser browser = hub.browser();
        hub.login(browser, alice);
        hub.createToken(browser, "gone", "read");
        String id = browser.get("/api/settings/tokens").json().get(0).path("id").asText();

        Response response = browser.send(browser.request("/api/settings/tokens/" + id).DELETE().build());

        assertThat(response.status()).isEqualTo(204);
    }

    @Test
    void formThatTakesNoFiles_multipart_415BeforeReadingIt() {
        Browser browser = hub.browser();
        String csrf = Pages.csrf(browser.page("/login"));

        Response response = browser.postMultipart("/login", Multipart.fields("_csrf", csrf, "username", "x", "password", "y")
                .file("junk", "junk.bin", new byte[4096]));

        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void apiFormRoute_multipartLargerThanABody_refused() {
        Browser client = hub.browser();
        Multipart form = Multipart.fields("grant_type", "refresh_token", "client_id", "x")
                .file("junk", "junk.bin", new byte[2 * 1024 * 1024]);

        Response response = client.send(client.request("/oauth/token").header("Content-Type", form.contentType())
                .POST(form.publisher()).build());

        assertThat(response.status()).isBetween(400, 499);
    }

    private String verified(String prefix) {
        String name = hub.uniqueName(prefix);
        hub.verifiedUser(name);
        return name;
    }
}
