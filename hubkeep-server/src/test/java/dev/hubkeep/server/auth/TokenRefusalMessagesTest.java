package dev.hubkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refused token is told what to do next: revoked on a date, replaced by a refresh on a date, not a
 * token of this hub, wrapped in quotes. What is said about a value is said only to whoever sends that
 * exact value; any other well-formed value gets the Hub's plain sentence.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class TokenRefusalMessagesTest {

    private static final String INVALID = "Invalid credentials in Authorization header";

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void deletedToken_401SaysWhenItWasRevoked() {
        String token = hub.createToken(alice, "ci", "read");
        hub.clock.advance(Duration.ofHours(3));
        String when = hub.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        alice.send(alice.request("/api/settings/tokens/" + idOf("ci")).DELETE().build());

        Response response = hub.withToken(token).get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo(INVALID + ": this token was revoked on " + when + " and no longer works."
                + " Create a new token.");
        assertThat(response.header("X-Error-Message")).contains(response.error());
    }

    @Test
    void leakReportedToken_401SaysWhenItWasRevoked() {
        String token = hub.createToken(alice, "ci", "read");
        String when = hub.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        hub.browser().postJson("/api/credentials/revoke", "{\"credentials\": [\"" + token + "\"]}");

        assertThat(hub.withToken(token).get("/healthz").error()).startsWith(INVALID + ": this token was revoked on " + when);
    }

    @Test
    void refreshedToken_oldValue_401SaysItWasReplacedAndToUseTheNewValue() {
        String old = hub.createToken(alice, "ci", "read");
        hub.clock.advance(Duration.ofDays(2));
        String when = hub.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String fresh = alice.postJson("/api/settings/tokens/" + idOf("ci") + "/refresh", "{}").json().path("token").asText();

        Response response = hub.withToken(old).get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo(INVALID + ": this token was replaced on " + when + " (refreshed); use the new value.");
        assertThat(hub.withToken(fresh).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void refreshedTwice_eachOldValueSaysWhenItWasReplaced() {
        String first = hub.createToken(alice, "ci", "read");
        hub.clock.advance(Duration.ofDays(1));
        String firstReplaced = hub.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String second = alice.postJson("/api/settings/tokens/" + idOf("ci") + "/refresh", "{}").json().path("token").asText();
        hub.clock.advance(Duration.ofDays(1));
        String secondReplaced = hub.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        // The token refreshes itself this time.
        hub.withToken(second).postJson("/api/settings/tokens/" + idOf("ci") + "/refresh", "{}");

        assertThat(hub.withToken(first).get("/api/whoami-v2").error()).contains("replaced on " + firstReplaced + " ");
        assertThat(hub.withToken(second).get("/api/whoami-v2").error()).contains("replaced on " + secondReplaced + " ");
    }

    @Test
    void refreshedThenDeleted_oldValueSaysBoth() {
        String old = hub.createToken(alice, "ci", "read");
        String replaced = hub.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        alice.postJson("/api/settings/tokens/" + idOf("ci") + "/refresh", "{}");
        hub.clock.advance(Duration.ofHours(1));
        String revoked = hub.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        alice.send(alice.request("/api/settings/tokens/" + idOf("ci")).DELETE().build());

        assertThat(hub.withToken(old).get("/api/whoami-v2").error()).isEqualTo(INVALID + ": this token was replaced on "
                + replaced + ", and the token was revoked on " + revoked + ". Create a new token.");
    }

    @Test
    void unknownWellFormedValue_plainSentence_nothingLearned() {
        hub.createToken(alice, "ci", "read");

        Response response = hub.withToken(TokenFormat.generate()).get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo(INVALID);
    }

    @Test
    void publicHubToken_401SaysItIsNotATokenOfThisHub() {
        Response response = hub.withToken("hf_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH").get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo(INVALID + ": this is not a token of this hub; it looks like a huggingface.co"
                + " token, which works only there. Create an access token on this hub and use that.");
    }

    @Test
    void tokenOfAnotherLengthOrChecksum_401SaysItIsNotATokenOfThisHub() {
        String token = hub.createToken(alice, "ci", "read");
        String truncated = token.substring(0, 40);
        String otherChecksum = token.substring(0, 42) + (token.charAt(42) == 'a' ? 'b' : 'a');

        assertThat(hub.withToken(truncated).get("/api/whoami-v2").error()).isEqualTo(INVALID + ": this is not a token of"
                + " this hub (it is not 43 characters long). A token from huggingface.co or another hub does not work here;"
                + " if you copied it from this hub, copy it whole.");
        assertThat(hub.withToken(otherChecksum).get("/api/whoami-v2").error())
                .startsWith(INVALID + ": this is not a token of this hub (its last 6 characters do not match the rest).");
    }

    @Test
    void quotedToken_401SaysToRemoveTheQuotes() {
        String token = hub.createToken(alice, "ci", "read");

        for (String quoted : new String[] {"\"" + token + "\"", "'" + token + "'"}) {
            Response response = hub.withToken(quoted).get("/api/whoami-v2");

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.error()).startsWith(INVALID + ": the token is wrapped in quotes. Remove them");
        }
    }

    private String idOf(String name) {
        for (var token : alice.get("/api/settings/tokens").json()) {
            if (token.path("name").asText().equals(name)) {
                return token.path("id").asText();
            }
        }
        throw new AssertionError("no token named " + name);
    }
}
