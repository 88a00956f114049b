package dev.hubkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost the configuration names is the cost the running hub stores new password hashes at. */
class PasswordCostTest {

    @TempDir
    Path dir;

    @Test
    void signup_hubConfiguredAsServeConfiguresIt_storesArgon2idAtOwaspsCost() throws Exception {
        HubConfig config = ConfigLoader.load(Map.of("data", dir.toString(), "port", "0"), Map.of());
        try (Hub hub = Hub.start(config, Clock.systemUTC())) {
            assertThat(signup(URI.create("http://127.0.0.1:" + hub.port() + "/api/signup"))).isEqualTo(201);
        }

        assertThat(storedHash(dir)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void signup_testHub_storesArgon2idAtTheTestCost() throws Exception {
        try (TestHub hub = TestHub.start(DatabaseKind.SQLITE, dir)) {
            assertThat(signup(hub.uri().resolve("/api/signup"))).isEqualTo(201);
        }

        assertThat(storedHash(dir)).startsWith("$argon2id$v=19$m=8,t=1,p=1$");
    }

    private static int signup(URI endpoint) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"username": "alice", "email": "alice@example.com", "password": "password-of-alice"}"""))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static String storedHash(Path dataDir) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hubkeep.db"));
                Statement query = db.createStatement();
                ResultSet row = query.executeQuery("SELECT password_hash FROM users WHERE username = 'alice'")) {
            assertThat(row.next()).as("alice's row").isTrue();
            return row.getString(1);
        }
    }
}
