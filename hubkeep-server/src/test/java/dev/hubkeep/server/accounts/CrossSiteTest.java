package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another site must not sign a browser in (login CSRF) nor act with its session cookie. This is
 * about HTTP alone, not storage, so it runs on SQLite only.
 */
class CrossSiteTest {

    @TempDir
    Path dir;

    TestHub hub;
    Browser browser;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir);
        browser = hub.browser();
        hub.signup(browser, "alice");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void login_textPlainBody_415AndNoSession() {
        Response response = login("text/plain", "https://evil.example");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.error()).contains("application/json");
        assertThat(browser.cookie("hubkeep_session")).isEmpty();
    }

    @Test
    void login_formBody_415() {
        assertThat(login("application/x-www-form-urlencoded", "https://evil.example").status()).isEqualTo(415);
    }

    @Test
    void login_jsonWithCharset_signsIn() {
        assertThat(login("application/json; charset=utf-8", null).status()).isEqualTo(200);
    }

    @Test
    void sessionPost_originOfSameHostAndPortButOtherScheme_403() {
        hub.login(browser, "alice");

        Response response = resendFrom(hub.uri().toString().replace("http://", "https://").replaceAll("/$", ""));

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void sessionPost_originWithDefaultPortOfOtherScheme_403() {
        hub.login(browser, "alice");

        Response response = resendFrom("http://127.0.0.1");

        assertThat(response.status()).isEqualTo(403);
    }

    private Response login(String contentType, String origin) {
        HttpRequest.Builder request = browser.request("/api/login")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"alice\", \"password\": \"password-of-alice\"}"));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return browser.send(request.build());
    }

    /** A request that succeeds (202) when it may be made at all. */
    private Response resendFrom(String origin) {
        hub.clock.advance(java.time.Duration.ofMinutes(5)); // past the resend interval
        return browser.send(browser.request("/api/verify-email/resend")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
