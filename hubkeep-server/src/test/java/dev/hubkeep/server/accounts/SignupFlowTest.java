package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.net.HttpCookie;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign-up → verification mail → verified → sign-in → sign-out, over real HTTP, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class SignupFlowTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser browser;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        browser = hub.browser();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void signup_validRequest_createsUnverifiedAccount() {
        Response response = hub.signup(browser, "alice");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("emailVerified").asBoolean(true)).isFalse();
    }

    @Test
    void signup_overAddressAllowance_429WithRetryAfter() {
        for (int i = 0; i < AccountService.SIGNUPS_PER_ADDRESS; i++) {
            hub.signup(browser, "user" + i);
        }

        Response response = hub.signup(browser, "onetoomany");

        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isPositive();
    }

    @Test
    void signup_validRequest_mailsVerificationLinkToOutbox() {
        hub.signup(browser, "alice");

        assertThat(hub.verificationLink("alice@example.com")).startsWith(hub.uri() + "verify-email?token=");
    }

    @Test
    void verificationLink_opened_verifiesEmail() {
        hub.signup(browser, "alice");

        Response page = browser.get(hub.verificationLink("alice@example.com").substring(hub.uri().toString().length() - 1));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("alice@example.com is verified");
    }

    @Test
    void verifyEmailApi_validToken_returnsVerifiedAccount() {
        hub.signup(browser, "alice");

        Response response = verify(hub.verificationToken("alice@example.com"));

        assertThat(response.json().path("emailVerified").asBoolean()).isTrue();
    }

    @Test
    void verifyEmail_linkReused_refusedAsAlreadyUsed() {
        hub.signup(browser, "alice");
        String token = hub.verificationToken("alice@example.com");
        verify(token);

        Response again = verify(token);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.error()).isEqualTo("This verification link was already used.");
    }

    @Test
    void verifyEmail_linkOlderThan24Hours_refusedAsExpired() {
        hub.signup(browser, "alice");
        hub.clock.advance(Duration.ofHours(24).plusSeconds(1));

        Response response = verify(hub.verificationToken("alice@example.com"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).startsWith("This verification link expired at ").endsWith("ask for a new one.");
    }

    @Test
    void verifyEmail_unknownToken_refusedAsInvalid() {
        Response response = verify("not-a-real-token");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("not valid");
    }

    @Test
    void verificationPage_reusedLink_showsAlreadyUsed() {
        hub.signup(browser, "alice");
        String path = hub.verificationLink("alice@example.com").substring(hub.uri().toString().length() - 1);
        browser.get(path);

        Response again = browser.get(path);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("This verification link was already used.");
    }

    @Test
    void login_rightPassword_setsHttpOnlySameSiteLaxCookie() {
        hub.signup(browser, "alice");

        Response response = hub.login(browser, "alice");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Set-Cookie").orElseThrow())
                .startsWith("hubkeep_session=")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
    }

    @Test
    void login_behindHttpsPublicUrl_cookieIsSecure() {
        hub.close();
        hub = TestHub.start(database, dir.resolve("https"), config -> config.withPublicUrl("https://hub.example.com"));
        browser = hub.browser();
        hub.signup(browser, "alice");

        Response response = hub.login(browser, "alice");

        assertThat(response.header("Set-Cookie").orElseThrow()).contains("Secure");
    }

    @Test
    void login_overPlainHttp_cookieIsNotSecure() {
        hub.signup(browser, "alice");

        Response response = hub.login(browser, "alice");

        assertThat(response.header("Set-Cookie").orElseThrow()).doesNotContain("Secure");
    }

    @Test
    void login_byEmailInOtherCase_succeeds() {
        hub.signup(browser, "alice");

        Response response = browser.postJson("/api/login", """
                {"username": "ALICE@Example.com", "password": "password-of-alice"}""");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void whoami_withSessionCookie_namesTheUser() {
        hub.signup(browser, "alice");
        hub.login(browser, "alice");

        Response whoami = browser.get("/api/whoami-v2");

        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.json().path("name").asText()).isEqualTo("alice");
    }

    @Test
    void logout_afterLogin_endsTheSession() {
        hub.signup(browser, "alice");
        hub.login(browser, "alice");
        HttpCookie cookie = browser.cookie("hubkeep_session").orElseThrow();
        assertThat(browser.get("/api/whoami-v2").status()).isEqualTo(200); // the hub now holds the session

        Response logout = browser.postJson("/api/logout", "{}");
        Browser replay = hub.browser();
        replay.setCookie(cookie);

        assertThat(logout.status()).isEqualTo(204);
        assertThat(replay.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void login_again_rotatesTheSessionAndEndsTheOldOne() {
        hub.signup(browser, "alice");
        hub.login(browser, "alice");
        HttpCookie first = browser.cookie("hubkeep_session").orElseThrow();

        hub.login(browser, "alice");
        Browser replay = hub.browser();
        replay.setCookie(first);

        assertThat(browser.cookie("hubkeep_session").orElseThrow().getValue()).isNotEqualTo(first.getValue());
        assertThat(replay.get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void resendVerification_twiceWithinAMinute_secondIsRateLimited() {
        hub.signup(browser, "alice");
        hub.login(browser, "alice");
        hub.clock.advance(Duration.ofMinutes(2));
        Response first = browser.postJson("/api/verify-email/resend", "{}");

        Response second = browser.postJson("/api/verify-email/resend", "{}");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.header("Retry-After")).isPresent();
    }

    @Test
    void resendVerification_sendsAWorkingNewLink() {
        hub.signup(browser, "alice");
        hub.login(browser, "alice");
        hub.clock.advance(Duration.ofMinutes(2));
        browser.postJson("/api/verify-email/resend", "{}");

        assertThat(hub.mails()).hasSize(2);
        assertThat(verify(hub.verificationToken("alice@example.com")).status()).isEqualTo(200);
    }

    private Response verify(String token) {
        return browser.postJson("/api/verify-email", "{\"token\": \"" + token + "\"}");
    }
}
