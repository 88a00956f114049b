package dev.hubkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code rate-limit-store = database}: nodes on one database count against one quota, and a
 * restart keeps the window; {@code memory} (the default) counts in each process.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class SharedRateLimitTest {

    private static final Plans SMALL = Plans.DEFAULTS.with(Plan.limited(Plan.FREE, 6, 6, 6));

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    TestHub other;

    @AfterEach
    void stop() {
        if (other != null) {
            other.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void databaseStore_twoNodes_enforceOneQuota() {
        hub = TestHub.start(database, dir, c -> c.withRatePlans(SMALL).withRateLimitStore(RateLimitStore.DATABASE));
        String token = tokenOf("alice"); // creating it was alice's first request: 5 of 6 left
        other = hub.secondNode();
        other.clock.advance(Duration.between(other.clock.instant(), hub.clock.instant())); // one window on both
        TokenClient onA = hub.withToken(token);
        TokenClient onB = other.withToken(token);

        int allowed = 0;
        for (int i = 0; i < 12; i++) {
            if ((i % 2 == 0 ? onA : onB).get("/api/whoami-v2").status() == 200) {
                allowed++;
            }
        }

        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void databaseStore_usageOnOneNode_countsRequestsMadeOnTheOther() {
        hub = TestHub.start(database, dir, c -> c.withRatePlans(SMALL).withRateLimitStore(RateLimitStore.DATABASE));
        String token = tokenOf("alice"); // the first
        other = hub.secondNode();
        other.clock.advance(Duration.between(other.clock.instant(), hub.clock.instant()));
        hub.withToken(token).get("/api/whoami-v2"); // the second

        Response usage = other.withToken(token).get("/api/settings/usage"); // the third

        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().path("buckets").get(0).path("used").asLong()).isEqualTo(3);
    }

    @Test
    void databaseStore_restart_keepsTheWindow() {
        hub = TestHub.start(database, dir, c -> c.withRatePlans(SMALL).withRateLimitStore(RateLimitStore.DATABASE));
        String token = tokenOf("alice");
        burstUntilRefused(hub.withToken(token));

        hub = hub.restart(c -> c);
        Response after = hub.withToken(token).get("/api/whoami-v2");

        assertThat(after.status()).isEqualTo(429);
    }

    @Test
    void databaseStore_windowOver_quotaAvailableAgain() {
        hub = TestHub.start(database, dir, c -> c.withRatePlans(SMALL).withRateLimitStore(RateLimitStore.DATABASE));
        TokenClient alice = hub.withToken(tokenOf("alice"));
        burstUntilRefused(alice);

        hub.clock.advance(Duration.ofMinutes(5));
        Response response = alice.get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"api\";r=5;"));
    }

    @Test
    void memoryStore_restart_startsTheWindowAfresh() {
        hub = TestHub.start(database, dir, c -> c.withRatePlans(SMALL));
        String token = tokenOf("alice");
        burstUntilRefused(hub.withToken(token));

        hub = hub.restart(c -> c);
        Response after = hub.withToken(token).get("/api/whoami-v2");

        assertThat(after.status()).isEqualTo(200);
    }

    private String tokenOf(String username) {
        Browser session = hub.verifiedUser(username);
        return hub.createToken(session, "ci", "read");
    }

    private static void burstUntilRefused(TokenClient client) {
        Response response = client.get("/api/whoami-v2");
        for (int i = 0; i < 10 && response.status() != 429; i++) {
            response = client.get("/api/whoami-v2");
        }
        assertThat(response.status()).isEqualTo(429);
    }
}
