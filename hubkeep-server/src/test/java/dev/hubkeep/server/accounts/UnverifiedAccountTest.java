package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What an account whose email is not verified yet may not do: anything that creates or grants itself something. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class UnverifiedAccountTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser carol;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        carol = hub.browser();
        hub.signup(carol, "carol");
        hub.login(carol, "carol");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void createRepo_unverified_403SayingVerifyFirst() {
        Response response = carol.postJson("/api/repos/create", "{\"name\": \"mine\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).startsWith("Verify your email address");
    }

    @Test
    void createOrg_unverified_403SayingVerifyFirst() {
        Response response = carol.postJson("/api/organizations/create", "{\"name\": \"carols\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).startsWith("Verify your email address");
    }

    @Test
    void askAccessToAutoGatedRepo_unverified_403AndNoAccess() {
        Browser alice = hub.verifiedUser("alice");
        hub.createRepo(alice, "alice", "llama", false);
        alice.putJson("/api/models/alice/llama/settings", "{\"gated\": \"auto\"}");

        Response response = carol.postJson("/alice/llama/ask-access", "{}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).startsWith("Verify your email address");
        assertThat(carol.get("/alice/llama/resolve/main/.gitattributes").status()).isEqualTo(403);
    }

    @Test
    void createRepo_afterVerifying_allowed() {
        carol.postJson("/api/verify-email", "{\"token\": \"" + hub.verificationToken("carol@example.com") + "\"}");

        assertThat(carol.postJson("/api/repos/create", "{\"name\": \"mine\"}").status()).isEqualTo(200);
    }
}
