package dev.hubkeep.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The browser login of {@code hf auth login} (RFC 8628) over HTTP, as huggingface_hub sends it: the
 * device endpoint, the token endpoint's answers while waiting, after a denial, after expiry, and its
 * token; the verification page; the refresh grant's rotation. Time moves by the hub's clock.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class DeviceLoginTest {

    static final String CLIENT = OAuthClients.HUGGINGFACE_HUB;
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    @Parameter
    DatabaseKind database;

    private TestHub hub() {
        return hubs.on(database);
    }

    @Test
    void device_knownClient_codesAndTheVerificationPage() {
        JsonNode started = start();

        assertThat(started.path("user_code").asText()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(started.path("verification_uri").asText()).isEqualTo(hub().hub().publicUrl() + "/oauth/device");
        assertThat(started.path("verification_uri_complete").asText()).endsWith("?user_code=" + started.path("user_code").asText());
        assertThat(started.path("interval").asInt()).isEqualTo(5);
        assertThat(started.path("expires_in").asInt()).isEqualTo(600);
    }

    @Test
    void device_unknownClient_invalidClient() {
        Response response = post("/oauth/device", "client_id", "someone-else");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void token_beforeApproval_authorizationPending() {
        JsonNode started = start();

        assertThat(poll(started).json().path("error").asText()).isEqualTo("authorization_pending");
    }

    @Test
    void token_polledSoonerThanTheInterval_slowDown() {
        JsonNode started = start();
        poll(started);

        assertThat(poll(started).json().path("error").asText()).isEqualTo("slow_down");
    }

    @Test
    void token_afterApproval_aTokenOfThatRoleForThatUser() {
        String name = hub().uniqueName("alice");
        JsonNode started = start();
        approve(signedIn(name), started, "write");

        JsonNode token = pollLater(started).json();

        JsonNode whoami = hub().withToken(token.path("access_token").asText()).get("/api/whoami-v2").json();
        assertThat(whoami.path("name").asText()).isEqualTo(name);
        assertThat(whoami.path("auth").path("accessToken").path("role").asText()).isEqualTo("write");
        assertThat(token.path("expires_in").asLong()).isEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(token.path("refresh_token").asText()).isNotEmpty();
    }

    @Test
    void token_afterApproval_listedOnTheTokensPageAsADeviceLogin() {
        String name = hub().uniqueName("alice");
        Browser alice = signedIn(name);
        JsonNode started = start();
        approve(alice, started, "read");
        pollLater(started);

        assertThat(alice.page("/settings/tokens").body()).contains("device login: huggingface_hub (hf auth login)");
    }

    @Test
    void token_redeemedTwice_invalidGrant() {
        JsonNode started = start();
        approve(signedIn(hub().uniqueName("alice")), started, "read");
        pollLater(started);

        assertThat(pollLater(started).json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void token_denied_accessDenied() {
        JsonNode started = start();
        Browser alice = signedIn(hub().uniqueName("alice"));
        String code = started.path("user_code").asText();
        String csrf = Pages.csrf(alice.page("/oauth/device?user_code=" + code));
        alice.postForm("/oauth/device/deny", "_csrf", csrf, "user_code", code);

        assertThat(pollLater(started).json().path("error").asText()).isEqualTo("access_denied");
    }

    @Test
    void token_afterTenMinutes_expiredToken() {
        JsonNode started = start();
        hub().clock.advance(Duration.ofMinutes(10));

        assertThat(poll(started).json().path("error").asText()).isEqualTo("expired_token");
    }

    @Test
    void token_unknownGrantType_unsupported() {
        Response response = post("/oauth/token", "grant_type", "password", "client_id", CLIENT);

        assertThat(response.json().path("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void refresh_newAccessTokenWorks_oldValueAndOldRefreshTokenRefused() {
        JsonNode started = start();
        approve(signedIn(hub().uniqueName("alice")), started, "read");
        JsonNode first = pollLater(started).json();

        JsonNode second = refresh(first.path("refresh_token").asText()).json();

        assertThat(hub().withToken(second.path("access_token").asText()).get("/api/whoami-v2").status()).isEqualTo(200);
        assertThat(hub().withToken(first.path("access_token").asText()).get("/api/whoami-v2").status()).isEqualTo(401);
        assertThat(refresh(first.path("refresh_token").asText()).json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void refresh_replacedRefreshTokenPresentedAgain_endsTheLogin() {
        JsonNode first = loggedIn();
        JsonNode second = refresh(first.path("refresh_token").asText()).json();

        Response replay = refresh(first.path("refresh_token").asText());

        assertThat(replay.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(hub().withToken(second.path("access_token").asText()).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void refresh_afterAReplay_theNewestRefreshTokenRefusedToo() {
        JsonNode first = loggedIn();
        JsonNode second = refresh(first.path("refresh_token").asText()).json();
        refresh(first.path("refresh_token").asText());

        Response response = refresh(second.path("refresh_token").asText());

        assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void refresh_replay_auditedAsARevocation() {
        String name = hub().uniqueName("alice");
        Browser alice = signedIn(name);
        JsonNode started = start();
        approve(alice, started, "read");
        JsonNode first = pollLater(started).json();
        refresh(first.path("refresh_token").asText());

        refresh(first.path("refresh_token").asText());

        assertThat(alice.get("/api/settings/audit-log").body()).contains("refresh-reuse");
    }

    @Test
    void refresh_replayedAfterItWouldHaveExpired_onlyRefused() {
        JsonNode first = loggedIn(); // its refresh token expires 90 days on
        hub().clock.advance(Duration.ofDays(1));
        JsonNode second = refresh(first.path("refresh_token").asText()).json(); // 91 days on
        hub().clock.advance(DeviceFlow.REFRESH_TOKEN_LIFETIME.minus(Duration.ofHours(12)));
        JsonNode third = refresh(second.path("refresh_token").asText()).json();

        refresh(first.path("refresh_token").asText());

        assertThat(hub().withToken(third.path("access_token").asText()).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void refresh_tokenDeletedByItsOwner_invalidGrant() {
        Browser alice = signedIn(hub().uniqueName("alice"));
        JsonNode started = start();
        approve(alice, started, "read");
        JsonNode first = pollLater(started).json();
        String id = alice.get("/api/settings/tokens").json().get(0).path("id").asText();
        alice.deleteJson("/api/settings/tokens/" + id, "{}");

        assertThat(refresh(first.path("refresh_token").asText()).json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void verificationPage_showsWhoAsks() {
        JsonNode started = start();

        Response page = signedIn(hub().uniqueName("alice")).page("/oauth/device?user_code=" + started.path("user_code").asText());

        assertThat(page.body()).contains("huggingface_hub (hf auth login)", "127.0.0.1");
    }

    @Test
    void verificationPage_codeTypedInLowerCaseWithoutDash_found() {
        String code = start().path("user_code").asText().replace("-", "").toLowerCase(java.util.Locale.ROOT);

        assertThat(signedIn(hub().uniqueName("alice")).page("/oauth/device?user_code=" + code).body()).contains("id=\"approve\"");
    }

    @Test
    void verificationPage_wrongCode_404WithTheError() {
        Response page = signedIn(hub().uniqueName("alice")).page("/oauth/device?user_code=BBBB-BBBB");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("id=\"form-error\"");
    }

    @Test
    void verificationPage_visitor_sentToSignInAndBack() {
        String code = start().path("user_code").asText();

        Response page = hub().browser().page("/oauth/device?user_code=" + code);

        assertThat(page.headers().firstValue("Location").orElse(""))
                .isEqualTo("/login?next=" + URLEncoder.encode("/oauth/device?user_code=" + code, StandardCharsets.UTF_8));
    }

    @Test
    void approve_withoutCsrf_403AndStillPending() {
        JsonNode started = start();
        Browser alice = signedIn(hub().uniqueName("alice"));

        Response forged = alice.postForm("/oauth/device/approve", "user_code", started.path("user_code").asText(), "role", "write");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(pollLater(started).json().path("error").asText()).isEqualTo("authorization_pending");
    }

    @Test
    void approve_adminRole_refused() {
        JsonNode started = start();
        Browser alice = signedIn(hub().uniqueName("alice"));
        String code = started.path("user_code").asText();

        Response approved = alice.postForm("/oauth/device/approve", "_csrf", Pages.csrf(alice.page("/oauth/device?user_code=" + code)),
                "user_code", code, "role", "admin");

        assertThat(approved.status()).isEqualTo(400);
    }

    @Test
    void device_tooManyLiveCodesFromOneAddress_429() {
        for (int i = 0; i < DeviceFlow.LIVE_CODES_PER_ADDRESS; i++) {
            start();
        }

        Response response = post("/oauth/device", "client_id", CLIENT);

        assertThat(response.status()).isEqualTo(429);
    }

    private JsonNode start() {
        Response response = post("/oauth/device", "client_id", CLIENT);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Response poll(JsonNode started) {
        return post("/oauth/token", "grant_type", DEVICE_GRANT, "device_code", started.path("device_code").asText(),
                "client_id", CLIENT);
    }

    /** A poll after the interval, as the client waits. */
    private Response pollLater(JsonNode started) {
        hub().clock.advance(Duration.ofSeconds(5));
        return poll(started);
    }

    /** A device login approved by a new user: the token endpoint's answer (access and refresh token). */
    private JsonNode loggedIn() {
        JsonNode started = start();
        approve(signedIn(hub().uniqueName("alice")), started, "read");
        return pollLater(started).json();
    }

    private Response refresh(String refreshToken) {
        return post("/oauth/token", "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", CLIENT);
    }

    private void approve(Browser browser, JsonNode started, String role) {
        String code = started.path("user_code").asText();
        String csrf = Pages.csrf(browser.page("/oauth/device?user_code=" + code));
        Response done = browser.postForm("/oauth/device/approve", "_csrf", csrf, "user_code", code, "role", role);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
    }

    /** A form post as the Hub's Python client sends it: no cookies, no Accept: text/html. */
    private Response post(String path, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        Browser client = hub().browser();
        return client.send(client.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private Browser signedIn(String name) {
        hub().verifiedUser(name);
        Browser browser = hub().browser();
        Pages.signIn(browser, name);
        return browser;
    }
}
