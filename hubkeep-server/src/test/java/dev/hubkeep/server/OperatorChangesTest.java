package dev.hubkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.limits.Plan;
import dev.hubkeep.server.limits.Plans;
import dev.hubkeep.server.testing.Await;
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
 * An operator command ({@code hubkeep admin …}, its own database pool and caches, as in its own
 * process) changes what a running server caches: the server applies it without a restart, by NOTIFY
 * on PostgreSQL and the change log on SQLite ({@code store.OperatorChanges}).
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class OperatorChangesTest {

    /** How soon a running server applies an operator command's change (the change log's poll is half a second). */
    private static final Duration WITHIN = Duration.ofSeconds(2);

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void planSetByCommand_runningServerCountsUnderItWithoutRestart() {
        hub = TestHub.start(database, dir, c -> c.withRatePlans(Plans.DEFAULTS.with(Plan.limited(Plan.FREE, 3, 3, 3))));
        TokenClient bob = hub.withToken(hub.createToken(hub.verifiedUser("bob"), "ci", "read"));
        Response refused = bob.get("/api/whoami-v2");
        for (int i = 0; i < 5 && refused.status() != 429; i++) {
            refused = bob.get("/api/whoami-v2");
        }
        assertThat(refused.status()).isEqualTo(429);

        assertThat(admin("plan", "set", "--user", "bob", "pro")).isZero();

        Await.until(WITHIN, "the running server counts bob under pro", () -> bob.get("/api/whoami-v2").status() == 200);
        assertThat(bob.get("/api/whoami-v2").header("RateLimit-Policy")).contains("\"fixed window\";\"api\";q=2500;w=300");
    }

    @Test
    void userDeactivatedByCommand_runningServerEndsTheirSession() {
        hub = TestHub.start(database, dir);
        Browser alice = hub.verifiedUser("alice");
        assertThat(alice.get("/api/whoami-v2").status()).isEqualTo(200); // the server now holds the session

        assertThat(admin("user", "deactivate", "--username", "alice")).isZero();

        Await.until(WITHIN, "the running server refuses the ended session", () -> alice.get("/api/whoami-v2").status() == 401);
    }

    private int admin(String... command) {
        String[] args = new String[command.length + 5];
        args[0] = "admin";
        System.arraycopy(command, 0, args, 1, command.length);
        args[command.length + 1] = "--data";
        args[command.length + 2] = hub.dataDir().toString();
        args[command.length + 3] = "--database-url";
        args[command.length + 4] = hub.databaseUrl();
        return Main.run(args);
    }
}
