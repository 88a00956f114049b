package dev.hubkeep.server.auth;

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

/** Who may manage tokens with a token, and that no token ever makes a more powerful one; on both databases. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(DatabaseKind.class)
class TokenPermissionTest {

    @org.junit.jupiter.params.Parameter
    DatabaseKind database;

    private static final String TOKENS_WRITE_GRANTS = """
            {"name": "%s", "role": "fineGrained", "fineGrained": {"scoped": [
              {"entity": {"type": "user", "name": "alice"}, "permissions": ["user.tokens.write", "repo.content.read"]}]}}""";

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
    void readToken_listingTokens_403NamingWhatItNeeds() {
        String read = hub.createToken(alice, "reader", "read");

        Response response = hub.withToken(read).get("/api/settings/tokens");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).contains("admin role or the user.tokens.read permission");
    }

    @Test
    void writeToken_creatingToken_403() {
        String write = hub.createToken(alice, "writer", "write");

        Response response = hub.withToken(write).postJson("/api/settings/tokens", "{\"name\": \"x\", \"role\": \"read\"}");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void adminToken_creatingWriteToken_201() {
        String admin = hub.createToken(alice, "admin", "admin");

        Response response = hub.withToken(admin).postJson("/api/settings/tokens", "{\"name\": \"x\", \"role\": \"write\"}");

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void readToken_refreshingItself_200() {
        String read = hub.createToken(alice, "reader", "read");
        String id = hub.withToken(read).get("/api/whoami-v2").status() == 200 ? idOf("reader") : "";

        Response response = hub.withToken(read).postJson("/api/settings/tokens/" + id + "/refresh", "{}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(hub.withToken(response.json().path("token").asText()).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void readToken_deletingItself_204() {
        String read = hub.createToken(alice, "reader", "read");

        Response response = hub.withToken(read).delete("/api/settings/tokens/" + idOf("reader"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(hub.withToken(read).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void readToken_deletingAnotherToken_403AndNothingChanges() {
        String read = hub.createToken(alice, "reader", "read");
        String other = hub.createToken(alice, "other", "read");

        Response response = hub.withToken(read).delete("/api/settings/tokens/" + idOf("other"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(hub.withToken(other).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void fineGrainedWithTokensWrite_creatingSubsetFineGrained_201() {
        String manager = hub.createToken(alice, TOKENS_WRITE_GRANTS.formatted("manager"));

        Response response = hub.withToken(manager).postJson("/api/settings/tokens", """
                {"name": "narrow", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": ["repo.content.read"]}]}}""");

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void fineGrainedWithTokensWrite_creatingWriteRoleToken_403() {
        String manager = hub.createToken(alice, TOKENS_WRITE_GRANTS.formatted("manager"));

        Response response = hub.withToken(manager).postJson("/api/settings/tokens", "{\"name\": \"wide\", \"role\": \"write\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).contains("never grant more than it holds");
    }

    @Test
    void fineGrainedWithTokensWrite_grantingPermissionItLacks_403() {
        String manager = hub.createToken(alice, TOKENS_WRITE_GRANTS.formatted("manager"));

        Response response = hub.withToken(manager).postJson("/api/settings/tokens", """
                {"name": "wider", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": ["repo.write"]}]}}""");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void expiringFineGrainedToken_creatingTokenOutlivingIt_403() {
        String manager = hub.createToken(alice, """
                {"name": "m", "role": "fineGrained", "expiresAt": "%s", "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": ["user.tokens.write"]}]}}"""
                .formatted(hub.clock.instant().plus(Duration.ofDays(1))));

        Response response = hub.withToken(manager).postJson("/api/settings/tokens", """
                {"name": "forever", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": ["user.tokens.write"]}]}}""");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).contains("must expire no later");
    }

    @Test
    void fineGrainedToken_whoamiShowsItsGrants() {
        String manager = hub.createToken(alice, TOKENS_WRITE_GRANTS.formatted("manager"));

        Response whoami = hub.withToken(manager).get("/api/whoami-v2");

        assertThat(whoami.json().path("auth").path("accessToken").path("role").asText()).isEqualTo("fineGrained");
        assertThat(whoami.json().path("auth").path("accessToken").path("fineGrained").path("scoped").get(0)
                .path("entity").path("name").asText()).isEqualTo("alice");
    }

    @Test
    void anonymous_listingTokens_401() {
        assertThat(hub.browser().get("/api/settings/tokens").status()).isEqualTo(401);
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
