package dev.hubkeep.server.repos;

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

/** Organization roles against token roles on organization repositories, through the real server. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class RepoPermissionTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    Browser bob;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
        bob = hub.verifiedUser("bob");
        hub.createOrg(alice, "acme");
        hub.createRepo(alice, "acme", "secret", true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void orgReadMemberWithWriteToken_cannotCreateDeleteOrChange_messageNamesOrgRole() {
        hub.addMember(alice, "acme", "bob", "read");
        var token = hub.withToken(hub.createToken(bob, "w", "write"));

        Response create = token.postJson("/api/repos/create", "{\"name\": \"new\", \"organization\": \"acme\"}");
        Response delete = token.deleteJson("/api/repos/delete", "{\"name\": \"secret\", \"organization\": \"acme\"}");
        Response settings = token.putJson("/api/models/acme/secret/settings", "{\"private\": false}");

        assertThat(create.status()).isEqualTo(403);
        assertThat(create.error()).isEqualTo("Your role in acme is read; creating repositories in it needs write.");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.error()).startsWith("Your role in acme is read;");
        assertThat(settings.status()).isEqualTo(403);
        assertThat(settings.error()).startsWith("Your role in acme is read;");
    }

    @Test
    void orgWriteMemberWithReadToken_cannotCreateOrChange_messageNamesTokenRole() {
        hub.addMember(alice, "acme", "bob", "write");
        var token = hub.withToken(hub.createToken(bob, "r", "read"));

        Response create = token.postJson("/api/repos/create", "{\"name\": \"new\", \"organization\": \"acme\"}");
        Response write = token.get("/api/models/acme/secret/auth-check/write");

        assertThat(create.status()).isEqualTo(403);
        assertThat(create.error()).isEqualTo("This token's role is read; creating repositories in acme needs a write token.");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.error()).isEqualTo("This token's role is read; writing to model acme/secret needs a write token.");
    }

    @Test
    void orgWriteMemberWithWriteToken_createsRepo() {
        hub.addMember(alice, "acme", "bob", "write");
        var token = hub.withToken(hub.createToken(bob, "w", "write"));

        assertThat(token.postJson("/api/repos/create", "{\"name\": \"new\", \"organization\": \"acme\"}").status()).isEqualTo(200);
    }

    @Test
    void writeToken_ownRepo_changesVisibilityAndGatingAndMovesIt() {
        var token = hub.withToken(hub.createToken(bob, "w", "write"));
        hub.createRepo(bob, "bob", "bert", false);

        Response gated = token.putJson("/api/models/bob/bert/settings", "{\"gated\": \"manual\"}");
        Response hidden = token.putJson("/api/models/bob/bert/settings", "{\"visibility\": \"private\"}");
        Response moved = token.postJson("/api/repos/move", "{\"fromRepo\": \"bob/bert\", \"toRepo\": \"bob/roberta\"}");

        assertThat(gated.status()).as(gated.body()).isEqualTo(200);
        assertThat(hidden.status()).as(hidden.body()).isEqualTo(200);
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        var info = bob.get("/api/models/bob/roberta").json();
        assertThat(info.path("gated").asText()).isEqualTo("manual");
        assertThat(info.path("private").asBoolean()).isTrue();
    }

    @Test
    void writeToken_deleteRepo_403NamingTheAdminRole_adminTokenDeletes() {
        hub.createRepo(bob, "bob", "bert", false);
        var write = hub.withToken(hub.createToken(bob, "w", "write"));
        var admin = hub.withToken(hub.createToken(bob, "a", "admin"));

        Response refused = write.deleteJson("/api/repos/delete", "{\"name\": \"bob/bert\"}");
        Response deleted = admin.deleteJson("/api/repos/delete", "{\"name\": \"bob/bert\"}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("This token's role is write; deleting model bob/bert needs an admin token.");
        assertThat(refused.header("X-Error-Message")).contains(refused.error());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(bob.get("/api/models/bob/bert").status()).isEqualTo(404);
    }

    @Test
    void orgWriteMember_changesSettingsAndRenames_butCannotDelete() {
        hub.addMember(alice, "acme", "bob", "write");
        var token = hub.withToken(hub.createToken(bob, "a", "admin"));

        Response settings = bob.putJson("/api/models/acme/secret/settings", "{\"gated\": \"auto\"}");
        Response moved = token.postJson("/api/repos/move", "{\"fromRepo\": \"acme/secret\", \"toRepo\": \"acme/hidden\"}");
        Response delete = token.deleteJson("/api/repos/delete", "{\"name\": \"hidden\", \"organization\": \"acme\"}");

        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.error()).isEqualTo("Your role in acme is write; deleting model acme/hidden needs admin.");
    }

    @Test
    void orgReadMember_readsPrivateOrgRepo() {
        hub.addMember(alice, "acme", "bob", "read");

        assertThat(bob.get("/api/models/acme/secret").status()).isEqualTo(200);
    }

    @Test
    void outsiderProbingPrivateAndMissing_byteIdenticalResponses() {
        for (Browser outsider : new Browser[] {hub.browser(), bob}) {
            Response secret = outsider.get("/api/models/acme/secret");
            Response missing = outsider.get("/api/models/acme/does-not-exist");

            assertThat(secret.status()).isEqualTo(missing.status()).isIn(401, 404);
            assertThat(secret.body()).isEqualTo(missing.body());
            assertThat(secret.headers().map().keySet()).isEqualTo(missing.headers().map().keySet());
            assertThat(secret.header("X-Error-Code")).isEqualTo(missing.header("X-Error-Code")).contains("RepoNotFound");
            assertThat(secret.header("X-Error-Message")).isEqualTo(missing.header("X-Error-Message"));
        }
    }

    @Test
    void outsiderToken_privateRepo_404WithRepoNotFound() {
        var token = hub.withToken(hub.createToken(bob, "r", "read"));

        Response response = token.get("/api/models/acme/secret");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("X-Error-Code")).contains("RepoNotFound");
    }

    @Test
    void list_outsider_doesNotSeeOrgPrivateRepo() {
        assertThat(bob.get("/api/models?author=acme").json()).isEmpty();
        assertThat(alice.get("/api/models?author=acme").json()).hasSize(1);
    }
}
