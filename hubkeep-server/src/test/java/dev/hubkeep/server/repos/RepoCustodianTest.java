package dev.hubkeep.server.repos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The repositories deleted accounts left, in the hands of the hub's administrators through
 * {@code /api/admin/…} (docs/operations.md): listed, moved to a living user or organization, deleted;
 * any other repository refused; audited where the owners look. On SQLite and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class RepoCustodianTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    @Parameter
    DatabaseKind database;

    private TestHub hub() {
        return hubs.on(database);
    }

    @Test
    void list_deletedAccount_itsRepositories() {
        Browser root = admin();
        String bob = deletedWithRepo(root);

        Response left = root.get("/api/admin/users/" + bob + "/repos");

        assertThat(left.status()).isEqualTo(200);
        assertThat(left.json().findValuesAsText("id")).containsExactly(bob + "/model");
    }

    @Test
    void list_livingAccount_empty() {
        Browser root = admin();
        Browser carol = user("carol");
        hub().createRepo(carol, name(carol), "model", false);

        assertThat(root.get("/api/admin/users/" + name(carol) + "/repos").json()).isEmpty();
    }

    @Test
    void move_toAnOrganization_itsMembersReadItThere() {
        Browser root = admin();
        Browser alice = user("alice");
        String org = hub().uniqueName("acme");
        hub().createOrg(alice, org);
        String bob = deletedWithRepo(root);

        Response moved = root.postJson("/api/admin/repos/move", """
                {"fromRepo": "%s/model", "toRepo": "%s/rescued"}""".formatted(bob, org));

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(alice.get("/api/models/" + org + "/rescued").status()).isEqualTo(200);
    }

    @Test
    void move_auditedInTheReceivingOrganizationsLog() {
        Browser root = admin();
        Browser alice = user("alice");
        String org = hub().uniqueName("acme");
        hub().createOrg(alice, org);
        String bob = deletedWithRepo(root);

        root.postJson("/api/admin/repos/move", """
                {"fromRepo": "%s/model", "toRepo": "%s/rescued"}""".formatted(bob, org));

        assertThat(alice.get("/api/organizations/" + org + "/audit-log").json().toString())
                .contains("repo.move").contains(bob + "/model").contains(org + "/rescued");
    }

    @Test
    void move_oldNameGone() {
        Browser root = admin();
        Browser carol = user("carol");
        String bob = deletedWithRepo(root);
        root.postJson("/api/admin/repos/move", """
                {"fromRepo": "%s/model", "toRepo": "%s/model"}""".formatted(bob, name(carol)));

        assertThat(root.get("/api/admin/users/" + bob + "/repos").json()).isEmpty();
    }

    @Test
    void move_aLivingUsersRepository_409AndKept() {
        Browser root = admin();
        Browser carol = user("carol");
        hub().createRepo(carol, name(carol), "model", false);

        Response refused = root.postJson("/api/admin/repos/move", """
                {"fromRepo": "%s/model", "toRepo": "%s/taken"}""".formatted(name(carol), name(root)));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).contains("not a deleted account");
        assertThat(carol.get("/api/models/" + name(carol) + "/model").status()).isEqualTo(200);
    }

    @Test
    void move_toAnotherDeletedAccount_400() {
        Browser root = admin();
        String bob = deletedWithRepo(root);
        String dave = deletedWithRepo(root);

        Response refused = root.postJson("/api/admin/repos/move", """
                {"fromRepo": "%s/model", "toRepo": "%s/other"}""".formatted(bob, dave));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).contains("deleted account too");
    }

    @Test
    void move_ontoAnExistingRepository_409() {
        Browser root = admin();
        Browser carol = user("carol");
        hub().createRepo(carol, name(carol), "model", false);
        String bob = deletedWithRepo(root);

        Response refused = root.postJson("/api/admin/repos/move", """
                {"fromRepo": "%s/model", "toRepo": "%s/model"}""".formatted(bob, name(carol)));

        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void move_byAnOrdinaryUser_403() {
        Browser root = admin();
        Browser carol = user("carol");
        String bob = deletedWithRepo(root);

        Response refused = carol.postJson("/api/admin/repos/move", """
                {"fromRepo": "%s/model", "toRepo": "%s/model"}""".formatted(bob, name(carol)));

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void delete_deletedAccountsRepository_gone() {
        Browser root = admin();
        String bob = deletedWithRepo(root);

        Response deleted = root.deleteJson("/api/admin/repos/delete", "{\"name\": \"" + bob + "/model\"}");

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(root.get("/api/admin/users/" + bob + "/repos").json()).isEmpty();
    }

    @Test
    void delete_anOrganizationsRepository_409() {
        Browser root = admin();
        Browser alice = user("alice");
        String org = hub().uniqueName("acme");
        hub().createOrg(alice, org);
        hub().createRepo(alice, org, "model", false);

        Response refused = root.deleteJson("/api/admin/repos/delete", "{\"name\": \"" + org + "/model\"}");

        assertThat(refused.status()).isEqualTo(409);
    }

    @Test
    void delete_adminsReadToken_403() {
        Browser root = admin();
        String bob = deletedWithRepo(root);

        Response refused = hub().withToken(hub().createToken(root, "read", "read"))
                .deleteJson("/api/admin/repos/delete", "{\"name\": \"" + bob + "/model\"}");

        assertThat(refused.status()).isEqualTo(403);
    }

    /** A user with a private model {@code <name>/model}, then deleted by the administrator behind {@code root}. */
    private String deletedWithRepo(Browser root) {
        Browser bob = user("bob");
        String name = name(bob);
        hub().createRepo(bob, name, "model", true);
        assertThat(root.deleteJson("/api/admin/users/" + name, "").status()).isEqualTo(204);
        return name;
    }

    private Browser admin() {
        String name = hub().uniqueName("root");
        hub().hub().accounts().createByOperator(new SignupRequest(name, name + "@example.com", "password-of-" + name,
                Optional.empty()), true, true);
        Browser root = hub().browser();
        hub().login(root, name);
        return root;
    }

    private Browser user(String prefix) {
        return hub().verifiedUser(hub().uniqueName(prefix));
    }

    private static String name(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }
}
