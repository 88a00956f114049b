package dev.hubkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code hubkeep admin repo …}, {@code publisher …}, {@code user reactivate}, {@code org delete} and
 * {@code service-account delete}, run in this JVM on the
 * database and data directory of a running hub, as an operator runs them beside a running
 * deployment: what they change is refused or shown by the running hub within a second (the commands
 * announce their changes: {@code store.OperatorChanges}), and refusals exit 1. On SQLite and
 * PostgreSQL. {@code AdminCliIT} runs the packaged jar.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class AdminOperatorCommandsTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    @Parameter
    DatabaseKind database;

    private TestHub hub() {
        return hubs.on(database);
    }

    @Test
    void repoMove_runningNodeForgetsTheOldNameWithinASecond() {
        String bob = deletedWithRepo();
        String carol = name(user("carol"));
        String old = "/api/models/" + bob + "/model";
        warm(old);

        assertThat(admin("repo", "move", "--from", bob + "/model", "--to", carol + "/model")).isZero();

        // Anonymous callers get 401 for a repository that is not there, as for a private one.
        Await.until(WITHIN, "the running node stops serving the old name", () -> hub().browser().get(old).status() == 401);
        assertThat(hub().browser().get("/api/models/" + carol + "/model").status()).isEqualTo(200);
    }

    @Test
    void repoDelete_runningNodeForgetsItWithinASecond() {
        String bob = deletedWithRepo();
        String repo = "/api/models/" + bob + "/model";
        warm(repo);

        assertThat(admin("repo", "delete", "--repo", bob + "/model")).isZero();

        Await.until(WITHIN, "the running node stops serving the deleted repository",
                () -> hub().browser().get(repo).status() == 401);
    }

    @Test
    void repoDelete_livingUsersRepository_exit1AndKept() {
        Browser carol = user("carol");
        hub().createRepo(carol, name(carol), "model", false);

        assertThat(admin("repo", "delete", "--repo", name(carol) + "/model")).isEqualTo(1);
        assertThat(hub().browser().get("/api/models/" + name(carol) + "/model").status()).isEqualTo(200);
    }

    @Test
    void repoMove_auditedInTheDeletedAccountsLogAsTheOperator() {
        String bob = deletedWithRepo();
        Browser carol = user("carol");

        admin("repo", "move", "--from", bob + "/model", "--to", name(carol) + "/kept");

        assertThat(carol.get("/api/settings/audit-log").json().toString()).contains("repo.move").contains("operator")
                .contains(bob + "/model");
    }

    @Test
    void publisherDelete_goneAndAuditedInTheOwnersLog() {
        Browser alice = user("alice");
        Response registered = alice.postJson("/api/settings/trusted-publishers", """
                {"name": "release", "issuer": "https://token.actions.githubusercontent.com",
                 "claims": {"repository": "%s/train"}, "repositories": ["%s/model"], "access": "read"}"""
                .formatted(name(alice), name(alice)));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);

        assertThat(admin("publisher", "delete", "--user", name(alice), "--id", registered.json().path("id").asText())).isZero();

        assertThat(alice.get("/api/settings/trusted-publishers").json()).isEmpty();
        assertThat(alice.get("/api/settings/audit-log").json().toString()).contains("trusted_publisher.delete");
    }

    @Test
    void publisherDelete_orgsPublisher_gone() {
        Browser alice = user("alice");
        String org = hub().uniqueName("acme");
        hub().createOrg(alice, org);
        alice.postJson("/api/organizations/" + org + "/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"read\"}");
        String id = alice.postJson("/api/organizations/" + org + "/settings/trusted-publishers", """
                {"name": "pull", "issuer": "https://token.actions.githubusercontent.com", "serviceAccount": "ci-bot",
                 "claims": {"repository": "%s/train"}, "repositories": ["%s/model"], "access": "read"}"""
                .formatted(org, org)).json().path("id").asText();

        assertThat(admin("publisher", "delete", "--org", org, "--id", id)).isZero();

        assertThat(alice.get("/api/organizations/" + org + "/settings/trusted-publishers").json()).isEmpty();
    }

    @Test
    void publisherDelete_unknownId_exit1() {
        assertThat(admin("publisher", "delete", "--user", name(user("alice")), "--id", "0".repeat(24))).isEqualTo(1);
    }

    @Test
    void userReactivate_deactivatedAccountSignsInAgain() {
        String dora = name(user("dora"));
        assertThat(admin("user", "deactivate", "--username", dora)).isZero();
        assertThat(hub().login(hub().browser(), dora).status()).isNotEqualTo(200);

        assertThat(admin("user", "reactivate", "--username", dora)).isZero();

        Await.until(WITHIN, "the running node lets dora sign in", () -> hub().login(hub().browser(), dora).status() == 200);
    }

    @Test
    void orgDelete_runningNodeForgetsItWithinASecond() {
        String org = hub().uniqueName("acme");
        assertThat(user("erin").postJson("/api/organizations/create", "{\"name\": \"" + org + "\"}").status()).isEqualTo(201);
        warm("/api/organizations/" + org);

        assertThat(admin("org", "delete", "--name", org)).isZero();

        Await.until(WITHIN, "the running node stops showing the organization",
                () -> hub().browser().get("/api/organizations/" + org).status() == 404);
    }

    @Test
    void serviceAccountDelete_goneFromTheOrganizationsList() {
        Browser frank = user("frank");
        String org = hub().uniqueName("acme");
        assertThat(frank.postJson("/api/organizations/create", "{\"name\": \"" + org + "\"}").status()).isEqualTo(201);
        assertThat(admin("service-account", "create", "--org", org, "--name", "ci-bot")).isZero();
        assertThat(frank.get("/api/organizations/" + org + "/service-accounts").json()).hasSize(1);

        assertThat(admin("service-account", "delete", "--org", org, "--name", "ci-bot")).isZero();

        Await.until(WITHIN, "the running node lists no service account",
                () -> frank.get("/api/organizations/" + org + "/service-accounts").json().isEmpty());
    }

    /** Runs {@code hubkeep admin ARGS} on the hub's data directory and database; its exit status. */
    private int admin(String... args) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data", hub().dataDir().toString(), "--database-url", hub().databaseUrl()));
        return Main.run(all.toArray(String[]::new));
    }

    /** A user with a public model {@code <name>/model}, then deleted by an administrator; the user's name. */
    private String deletedWithRepo() {
        Browser bob = user("bob");
        String name = name(bob);
        hub().createRepo(bob, name, "model", false);
        String root = hub().uniqueName("root");
        hub().hub().accounts().createByOperator(new SignupRequest(root, root + "@example.com", "password-of-" + root,
                Optional.empty()), true, true);
        Browser admin = hub().browser();
        hub().login(admin, root);
        assertThat(admin.deleteJson("/api/admin/users/" + name, "").status()).isEqualTo(204);
        return name;
    }

    /** Two reads that must succeed: the first fills the node's caches, the second is answered from them. */
    private void warm(String path) {
        for (int i = 0; i < 2; i++) {
            assertThat(hub().browser().get(path).status()).isEqualTo(200);
        }
    }

    private Browser user(String prefix) {
        return hub().verifiedUser(hub().uniqueName(prefix));
    }

    private static String name(Browser browser) {
        return browser.get("/api/whoami-v2").json().path("name").asText();
    }
}
