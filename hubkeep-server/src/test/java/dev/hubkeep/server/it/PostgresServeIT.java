package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.SharedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubkeep serve --database-url jdbc:postgresql://…}: the packaged server on a real PostgreSQL. */
class PostgresServeIT {

    @TempDir
    Path dir;

    @Test
    void serve_onPostgres_signupAndLoginWork() throws Exception {
        String url = SharedPostgres.newDatabaseUrl();
        try (HubProcess hub = HubProcess.serve(dir.resolve("data"), "--database-url", url)) {
            Browser browser = hub.browser();
            browser.postJson("/api/signup", """
                    {"username": "alice", "email": "alice@example.com", "password": "password-of-alice"}""");

            var login = browser.postJson("/api/login", """
                    {"username": "alice", "password": "password-of-alice"}""");

            assertThat(login.status()).isEqualTo(200);
        }
    }

    @Test
    void serve_onPostgres_readyzChecksTheDatabase() throws Exception {
        try (HubProcess hub = HubProcess.serve(dir.resolve("data"), "--database-url", SharedPostgres.newDatabaseUrl())) {
            assertThat(hub.browser().get("/readyz").status()).isEqualTo(200);
        }
    }
}
