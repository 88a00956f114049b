package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.RawHttp;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.net.URI;
import java.net.http.HttpRequest;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Health, metrics and the behaviour every route shares. On the shared hub: each test signs up users of its own. */
class HttpBasicsTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    TestHub hub;
    Browser browser;

    @BeforeEach
    void start() {
        hub = hubs.sqlite();
        browser = hub.browser();
    }

    @Test
    void healthz_running_200() {
        assertThat(browser.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void readyz_databaseAndStorageFine_200() {
        Response readyz = browser.get("/readyz");

        assertThat(readyz.status()).isEqualTo(200);
        assertThat(readyz.json().path("status").asText()).isEqualTo("ready");
    }

    @Test
    void metrics_afterARequest_countsItByRouteTemplate() {
        browser.get("/avatars/alice.svg");

        String metrics = hub.metrics();

        assertThat(metrics).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/avatars/{name}\",status=\"200\"}");
    }

    @Test
    void metrics_withoutTheScrapeSecret_401() {
        assertThat(browser.get("/metrics").status()).isEqualTo(401);
    }

    @Test
    void metrics_withAHubTokenInsteadOfTheScrapeSecret_401() {
        Browser alice = hub.verifiedUser(hub.uniqueName("alice"));
        String token = hub.createToken(alice, "admin", "admin");

        assertThat(hub.withToken(token).get("/metrics").status()).isEqualTo(401);
    }

    @Test
    void dataDirectory_readableByTheHubsUserOnly() throws Exception {
        assertThat(java.nio.file.Files.getPosixFilePermissions(hub.dataDir()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void unknownRoute_404WithJsonError() {
        Response response = browser.get("/no/such/thing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("Not found.");
    }

    @Test
    void badAuthorizationHeader_onPublicRoute_401WithHubMessage() {
        Response response = browser.send(browser.request("/healthz")
                .header("Authorization", "Bearer hf_not_a_real_token")
                .GET()
                .build());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).startsWith("Invalid credentials in Authorization header: this is not a token of this hub");
    }

    @Test
    void errorResponse_carriesMessageHeader() {
        Response response = browser.get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("X-Error-Message")).contains(response.error());
    }

    @Test
    void sessionPost_fromForeignOrigin_403() {
        String alice = hub.uniqueName("alice");
        hub.signup(browser, alice);
        hub.login(browser, alice);

        Response response = browser.send(browser.request("/api/verify-email/resend")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void sessionPost_fromOwnOrigin_allowed() {
        String alice = hub.uniqueName("alice");
        hub.signup(browser, alice);
        hub.login(browser, alice);
        hub.clock.advance(java.time.Duration.ofMinutes(5));

        Response response = browser.send(browser.request("/api/verify-email/resend")
                .header("Origin", hub.uri().toString().replaceAll("/$", ""))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void refusedBeforeItsBodyWasRead_connectionStaysUsable() {
        URI base = hub.uri();
        byte[] refused = RawHttp.request(base, "POST", "/api/repos/create", new byte[300 * 1024], "Content-Type: application/json");
        byte[] next = RawHttp.request(base, "GET", "/healthz", new byte[0], "Connection: close");

        String answers = RawHttp.exchange(base, refused, next);

        assertThat(answers).startsWith("HTTP/1.1 401").contains("HTTP/1.1 200 OK");
    }

    @Test
    void gitPushRefusedBeforeItsBodyWasRead_connectionStaysUsable() {
        URI base = hub.uri();
        byte[] refused = RawHttp.request(base, "POST", "/nobody/nothing.git/git-receive-pack", new byte[300 * 1024],
                "Content-Type: application/x-git-receive-pack-request");
        byte[] next = RawHttp.request(base, "GET", "/healthz", new byte[0], "Connection: close");

        String answers = RawHttp.exchange(base, refused, next);

        assertThat(answers).startsWith("HTTP/1.1 401").contains("HTTP/1.1 200 OK");
    }
}
