package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign-in failures: what they reveal, and how guessing is slowed; on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class LoginTest {

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
        hub.signup(browser, "alice");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void login_wrongPassword_401WithGenericMessage() {
        Response response = attempt("alice", "not her password");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("Incorrect username or password.");
    }

    @Test
    void login_unknownUser_sameStatusAndMessageAsWrongPassword() {
        Response wrongPassword = attempt("alice", "not her password");

        Response unknownUser = attempt("nobody-here", "not her password");

        assertThat(unknownUser.status()).isEqualTo(wrongPassword.status());
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void login_failuresByUsernameAndByEmail_countAgainstOneAccount() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            attempt(i % 2 == 0 ? "alice" : "Alice@Example.com", "guess " + i);
        }

        Response response = hub.login(browser, "alice");

        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isPositive();
    }

    @Test
    void login_firstWaitAfterFreeFailures_isSecondsNotALockout() {
        failAsAlice(LoginThrottle.FREE_FAILURES);

        Response response = hub.login(browser, "alice");

        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isLessThanOrEqualTo(2);
    }

    @Test
    void login_eachFurtherFailure_waitGrows() {
        failAsAlice(LoginThrottle.FREE_FAILURES);
        long first = retryAfter(hub.login(browser, "alice"));
        hub.clock.advance(Duration.ofSeconds(first));
        attempt("alice", "another guess");

        long second = retryAfter(hub.login(browser, "alice"));

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void login_waitNeverExceedsTheCap() {
        for (int i = 0; i < 30; i++) {
            hub.clock.advance(LoginThrottle.MAX_DELAY);
            attempt("alice", "guess " + i);
        }

        assertThat(retryAfter(hub.login(browser, "alice"))).isBetween(1L, LoginThrottle.MAX_DELAY.toSeconds());
    }

    @Test
    void login_afterTheWait_correctPasswordSignsIn() {
        failAsAlice(LoginThrottle.FREE_FAILURES);
        hub.clock.advance(Duration.ofSeconds(retryAfter(hub.login(browser, "alice"))));

        assertThat(hub.login(browser, "alice").status()).isEqualTo(200);
    }

    @Test
    void login_manyFailuresFromOneAddress_correctPasswordStillSignsIn() {
        for (int i = 0; i < LoginThrottle.ADDRESS_ATTEMPTS; i++) {
            attempt("nobody-" + i, "guess");
        }

        assertThat(hub.login(browser, "alice").status()).isEqualTo(200);
    }

    @Test
    void login_afterThrottleWindowPasses_allowedAgain() {
        failAsAlice(LoginThrottle.FREE_FAILURES + 3);
        hub.clock.advance(LoginThrottle.WINDOW);

        assertThat(hub.login(browser, "alice").status()).isEqualTo(200);
    }

    @Test
    void login_missingUsername_400() {
        Response response = browser.postJson("/api/login", "{\"password\": \"x\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("'username' is required.");
    }

    @Test
    void login_beforeEmailVerified_stillSignsIn() {
        assertThat(hub.login(browser, "alice").status()).isEqualTo(200);
    }

    private void failAsAlice(int times) {
        for (int i = 0; i < times; i++) {
            attempt("alice", "guess " + i);
        }
    }

    private static long retryAfter(Response response) {
        return response.header("Retry-After").map(Long::parseLong).orElse(0L);
    }

    private Response attempt(String username, String password) {
        return browser.postJson("/api/login", """
                {"username": "%s", "password": "%s"}""".formatted(username, password));
    }
}
