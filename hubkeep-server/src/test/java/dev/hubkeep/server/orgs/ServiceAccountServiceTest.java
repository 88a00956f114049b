package dev.hubkeep.server.orgs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Service accounts and their tokens through the domain API that other services (the trusted
 * publishers' token exchange) call: made, issued, and used over HTTP, on SQLite and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class ServiceAccountServiceTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    ServiceAccountService accounts;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
        hub.createOrg(alice, "acme");
        hub.createRepo(alice, "acme", "model-a", true);
        hub.createRepo(alice, "acme", "model-b", true);
        hub.createRepo(alice, "alice", "mine", true);
        accounts = hub.hub().serviceAccounts();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void create_namedUnderTheOrg_withItsRole() {
        ServiceAccount bot = accounts.createByOperator("acme", "ci-bot", OrgRole.WRITE);

        assertThat(bot.username()).isEqualTo("acme/ci-bot");
        assertThat(accounts.list("acme")).extracting(ServiceAccount::username, ServiceAccount::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme/ci-bot", OrgRole.WRITE));
    }

    @Test
    void create_sameNameTwice_conflict() {
        accounts.createByOperator("acme", "ci-bot", OrgRole.WRITE);

        assertThatThrownBy(() -> accounts.createByOperator("acme", "CI-bot", OrgRole.READ))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void create_adminRole_refused() {
        assertThatThrownBy(() -> accounts.createByOperator("acme", "ci-bot", OrgRole.ADMIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("read or write");
    }

    @Test
    void issuedToken_writesToGrantedRepo() {
        TokenClient token = hub.withToken(issue(writeOn("acme/model-a"), Optional.empty()));

        assertThat(token.get("/api/models/acme/model-a/auth-check/write").status()).isEqualTo(200);
    }

    @Test
    void issuedToken_otherRepoOfTheOrg_notFound() {
        TokenClient token = hub.withToken(issue(writeOn("acme/model-a"), Optional.empty()));

        assertThat(token.get("/api/models/acme/model-b").status()).isEqualTo(404);
    }

    @Test
    void issuedToken_whoamiSaysServiceAccountAndOrg() {
        TokenClient token = hub.withToken(issue(writeOn("acme/model-a"), Optional.empty()));

        Response whoami = token.get("/api/whoami-v2");

        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.json().path("type").asText()).isEqualTo("service_account");
        assertThat(whoami.json().path("name").asText()).isEqualTo("acme/ci-bot");
        assertThat(whoami.json().path("owner").path("name").asText()).isEqualTo("acme");
        assertThat(whoami.json().path("orgs").get(0).path("roleInOrg").asText()).isEqualTo("write");
        assertThat(whoami.json().path("auth").path("accessToken").path("role").asText()).isEqualTo("fineGrained");
    }

    @Test
    void issue_grantOutsideTheOrg_refused() {
        assertThatThrownBy(() -> issue(writeOn("alice/mine"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside");
    }

    @Test
    void issue_roleToken_refused() {
        ServiceAccount bot = accounts.createByOperator("acme", "ci-bot", OrgRole.WRITE);

        assertThatThrownBy(() -> accounts.issueToken(bot, new NewToken("ci", TokenRole.WRITE, Optional.empty(),
                        Optional.empty(), List.of()), ServiceAccountService.Issuer.operator(), "local"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fine-grained");
    }

    @Test
    void issue_writeGrantForReadAccount_refused() {
        ServiceAccount bot = accounts.createByOperator("acme", "reader", OrgRole.READ);

        assertThatThrownBy(() -> accounts.issueToken(bot, token(writeOn("acme/model-a"), Optional.empty()),
                        ServiceAccountService.Issuer.operator(), "local"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("read role");
    }

    @Test
    void issue_policyMaxLifetime_noExpiryRefused() {
        alice.putJson("/api/organizations/acme/settings/token-policy", "{\"maxLifetimeDays\": 7}");

        assertThatThrownBy(() -> issue(writeOn("acme/model-a"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("7 days");
    }

    @Test
    void issue_policyRequiresApproval_machineIssuedTokenWorksAtOnce() {
        alice.putJson("/api/organizations/acme/settings/token-policy", "{\"requireApproval\": true}");
        TokenClient token = hub.withToken(issue(writeOn("acme/model-a"), Optional.empty()));

        assertThat(token.get("/api/models/acme/model-a/auth-check/write").status()).isEqualTo(200);
    }

    @Test
    void issuedToken_expiresWhenAsked() {
        TokenClient token = hub.withToken(issue(writeOn("acme/model-a"), Optional.of(hub.clock.instant().plusSeconds(600))));

        hub.clock.advance(Duration.ofSeconds(601));

        assertThat(token.get("/api/models/acme/model-a").status()).isEqualTo(401);
    }

    @Test
    void serviceAccount_cannotSignIn() {
        accounts.createByOperator("acme", "ci-bot", OrgRole.WRITE);

        Response login = hub.browser().postJson("/api/login", "{\"username\": \"acme/ci-bot\", \"password\": \"!\"}");

        assertThat(login.status()).isEqualTo(401);
    }

    @Test
    void serviceAccountToken_cannotManageTokens() {
        TokenClient token = hub.withToken(issue(writeOn("acme/model-a"), Optional.empty()));

        assertThat(token.get("/api/settings/tokens").status()).isEqualTo(403);
    }

    private String issue(FineGrained grants, Optional<Instant> expiresAt) {
        ServiceAccount bot = accounts.find("acme", "ci-bot")
                .orElseGet(() -> accounts.createByOperator("acme", "ci-bot", OrgRole.WRITE));
        return accounts.issueToken(bot, token(grants, expiresAt), ServiceAccountService.Issuer.machine("test"), "local")
                .value();
    }

    private static NewToken token(FineGrained grants, Optional<Instant> expiresAt) {
        return new NewToken("ci-" + System.nanoTime(), TokenRole.FINE_GRAINED, Optional.of(grants), expiresAt, List.of());
    }

    private static FineGrained writeOn(String repo) {
        return new FineGrained(List.of(new FineGrained.Scoped(FineGrained.EntityType.MODEL, repo,
                Set.of("repo.content.read", "repo.write"))), List.of(), false);
    }
}
