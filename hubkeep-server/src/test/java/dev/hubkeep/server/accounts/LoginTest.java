package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
    void login_unknownUser_takesAboutAsLongAsWrongPassword() {
        attempt("alice", "warm-up");
        long[] wrongPassword = new long[9];
        long[] unknownUser = new long[9];
        for (int i = 0; i < 9; i++) { // interleaved, so both see the same machine load
            wrongPassword[i] = timed("alice");
            unknownUser[i] = timed("nobody-here");
        }

        double ratio = (double) median(unknownUser) / median(wrongPassword);

        // Without the decoy hash an unknown user answers ~50 times faster; with it the two match
        // within scheduling noise.
        assertThat(ratio).isBetween(1 / 3.0, 3.0);
    }

    @Test
    void login_tenFailuresForOneAccount_thenRateLimitedWithRetryAfter() {
        for (int i = 0; i < LoginThrottle.ACCOUNT_ATTEMPTS; i++) {
            attempt("alice", "guess " + i);
        }

        Response response = hub.login(browser, "alice");

        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isPositive();
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
        for (int i = 0; i < LoginThrottle.ACCOUNT_ATTEMPTS; i++) {
            attempt("alice", "guess " + i);
        }
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

    private long timed(String username) {
        long start = System.nanoTime();
        attempt(username, "wrong password");
        long micros = Duration.ofNanos(System.nanoTime() - start).toNanos() / 1000;
        hub.clock.advance(Duration.ofMinutes(15)); // keep the throttle out of the measurement
        return micros;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private Response attempt(String username, String password) {
        return browser.postJson("/api/login", """
                {"username": "%s", "password": "%s"}""".formatted(username, password));
    }
}
