package dev.hubkeep.server.orgs;

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

/** Organizations and their members through the real server, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class OrgApiTest {

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
        hub.createOrg(alice, "acme");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void create_creatorBecomesAdmin() {
        Response members = alice.get("/api/organizations/acme/members");

        assertThat(members.json().get(0).path("user").asText()).isEqualTo("alice");
        assertThat(members.json().get(0).path("role").asText()).isEqualTo("admin");
    }

    @Test
    void create_nameOfExistingUserInOtherCase_409() {
        Response response = alice.postJson("/api/organizations/create", "{\"name\": \"ALICE\"}");

        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void signup_nameOfExistingOrg_409() {
        Response response = hub.signup(hub.browser(), "acme");

        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void create_invalidName_400() {
        assertThat(alice.postJson("/api/organizations/create", "{\"name\": \"-acme\"}").status()).isEqualTo(400);
    }

    @Test
    void whoami_listsOrgWithRole() {
        Response whoami = alice.get("/api/whoami-v2");

        assertThat(whoami.json().path("orgs").get(0).path("name").asText()).isEqualTo("acme");
        assertThat(whoami.json().path("orgs").get(0).path("roleInOrg").asText()).isEqualTo("admin");
    }

    @Test
    void whoami_askedBeforeARoleChange_showsTheNewRoleAfter() {
        Browser bob = hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "read");
        bob.get("/api/whoami-v2");

        hub.addMember(alice, "acme", "bob", "write");

        assertThat(bob.get("/api/whoami-v2").json().path("orgs").get(0).path("roleInOrg").asText()).isEqualTo("write");
    }

    @Test
    void putMember_addsThenChangesRole() {
        hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "read");

        hub.addMember(alice, "acme", "bob", "write");

        assertThat(alice.get("/api/organizations/acme/members").json().get(1).path("role").asText()).isEqualTo("write");
    }

    @Test
    void putMember_invalidRole_400() {
        hub.verifiedUser("bob");

        Response response = alice.putJson("/api/organizations/acme/members/bob", "{\"role\": \"owner\"}");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void demoteLastAdmin_409AndStillAdmin() {
        Response response = alice.putJson("/api/organizations/acme/members/alice", "{\"role\": \"write\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).contains("last admin");
        assertThat(alice.get("/api/organizations/acme/members").json().get(0).path("role").asText()).isEqualTo("admin");
    }

    @Test
    void removeLastAdmin_409() {
        Response response = alice.send(alice.request("/api/organizations/acme/members/alice").DELETE().build());

        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void removeAdmin_whenAnotherAdminExists_204() {
        hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "admin");

        Response response = alice.send(alice.request("/api/organizations/acme/members/alice").DELETE().build());

        assertThat(response.status()).isEqualTo(204);
    }

    @Test
    void nonAdminMember_managingMembers_403NamingRole() {
        Browser bob = hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "write");
        hub.verifiedUser("carol");

        Response response = bob.putJson("/api/organizations/acme/members/carol", "{\"role\": \"read\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).isEqualTo("Your role in acme is write; administering it needs admin.");
    }

    @Test
    void outsider_managingMembers_403NotAMember() {
        Browser mallory = hub.verifiedUser("mallory");

        Response response = mallory.putJson("/api/organizations/acme/members/mallory", "{\"role\": \"admin\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).isEqualTo("You are not a member of acme.");
    }

    @Test
    void updateProfile_byAdmin_changesFullname() {
        Response response = alice.putJson("/api/organizations/acme", "{\"fullname\": \"Acme Research\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(hub.browser().get("/api/organizations/acme").json().path("fullname").asText()).isEqualTo("Acme Research");
    }

    @Test
    void updateProfile_byWriteMember_403AndUnchanged() {
        Browser bob = hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "write");

        Response response = bob.putJson("/api/organizations/acme", "{\"fullname\": \"Bob's\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(hub.browser().get("/api/organizations/acme").json().path("fullname").asText()).isEqualTo("acme");
    }

    @Test
    void unknownOrg_404() {
        assertThat(alice.get("/api/organizations/nope").status()).isEqualTo(404);
    }
}
