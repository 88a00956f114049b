package dev.hubkeep.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.hubkeep.server.HubConfig;
import dev.hubkeep.server.oidc.IssuerKeys;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.OidcIssuer;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trusted publishers over HTTP: alice registers one for a CI issuer running on loopback (its keys
 * made here), and the token exchange at {@code POST /oauth/token} (JSON, as huggingface_hub sends
 * it) gives a matching ID token a short-lived token on her repository, and refuses the rest with
 * OAuth's errors while her audit log says why.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class TrustedPublisherTest {

    static OidcIssuer issuer;

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    String publisherId;

    @BeforeAll
    static void startIssuer() {
        issuer = OidcIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @BeforeEach
    void world() {
        hub = TestHub.start(database, dir, config -> config.withPublishing(
                new HubConfig.Publishing(List.of(issuer.url()), HubConfig.Publishing.LONGEST)));
        alice = hub.verifiedUser("alice");
        hub.createRepo(alice, "alice", "model-a", true);
        hub.createRepo(alice, "alice", "model-b", true);
        Response registered = alice.postJson("/api/settings/trusted-publishers", publisher("train", "write"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        publisherId = registered.json().path("id").asText();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String publisher(String name, String access) {
        return """
                {"name": "%s", "issuer": "%s", "claims": {"repository": "alice/train", "ref": "refs/heads/main"},
                 "repositories": ["alice/model-a"], "access": "%s", "lifetimeMinutes": 10}""".formatted(name, issuer.url(), access);
    }

    private String idToken(Map<String, Object> claims) {
        return issuer.mint(hub.hub().publicUrl(), hub.clock.instant(), claims);
    }

    private String goodToken() {
        return idToken(Map.of("sub", "repo:alice/train:ref:refs/heads/main", "repository", "alice/train",
                "ref", "refs/heads/main"));
    }

    private Response exchange(String idToken, String resource) {
        return hub.browser().postJson("/oauth/token", """
                {"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                 "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
                 "subject_token": "%s", "resource": "%s"}""".formatted(idToken, resource));
    }

    private List<JsonNode> auditEvents(String action) {
        return StreamSupport.stream(alice.get("/api/settings/audit-log").json().spliterator(), false)
                .filter(e -> e.path("action").asText().equals(action))
                .toList();
    }

    private String refusalReason() {
        List<JsonNode> refusals = auditEvents("trusted_publisher.refuse");
        assertThat(refusals).hasSize(1);
        return refusals.get(0).path("details").path("reason").asText();
    }

    // --- the exchange ---

    @Test
    void exchange_matchingIdToken_shortLivedTokenThatWritesTheRepository() {
        Response response = exchange(goodToken(), "alice/model-a");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("token_type").asText()).isEqualTo("bearer");
        assertThat(response.json().path("expires_in").asLong()).isEqualTo(600);
        String token = response.json().path("access_token").asText();
        assertThat(hub.withToken(token).get("/api/models/alice/model-a/auth-check/write").status()).isEqualTo(200);
    }

    @Test
    void exchange_issuedToken_reachesNoOtherRepository() {
        String token = exchange(goodToken(), "alice/model-a").json().path("access_token").asText();

        assertThat(hub.withToken(token).get("/api/models/alice/model-b").status()).isEqualTo(404);
    }

    @Test
    void exchange_issuedToken_refusedOnceItsLifetimeIsOver() {
        String token = exchange(goodToken(), "alice/model-a").json().path("access_token").asText();
        hub.clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(hub.withToken(token).get("/api/models/alice/model-a").status()).isEqualTo(401);
    }

    @Test
    void exchange_audited_withTheClaimsThatMatched() {
        exchange(goodToken(), "alice/model-a");

        JsonNode event = auditEvents("trusted_publisher.exchange").get(0).path("details");
        assertThat(event.path("claim.repository").asText()).isEqualTo("alice/train");
        assertThat(event.path("claim.ref").asText()).isEqualTo("refs/heads/main");
        assertThat(event.path("resource").asText()).isEqualTo("alice/model-a");
    }

    @Test
    void exchange_formBody_alsoAccepted() {
        Response response = hub.browser().postForm("/oauth/token",
                "grant_type", TokenExchange.GRANT, "subject_token_type", TokenExchange.ID_TOKEN_TYPE,
                "subject_token", goodToken(), "resource", "alice/model-a");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void exchange_usernameAsResource_readOnlyToken() {
        String token = exchange(goodToken(), "alice").json().path("access_token").asText();

        assertThat(hub.withToken(token).get("/api/models/alice/model-a").status()).isEqualTo(200);
        assertThat(hub.withToken(token).get("/api/models/alice/model-a/auth-check/write").status()).isEqualTo(403);
    }

    @Test
    void exchange_readPublisher_readOnlyToken() {
        alice.postJson("/api/settings/trusted-publishers", publisher("reader", "read").replace("refs/heads/main", "refs/heads/dev"));
        String token = exchange(idToken(Map.of("repository", "alice/train", "ref", "refs/heads/dev")), "alice/model-a")
                .json().path("access_token").asText();

        assertThat(hub.withToken(token).get("/api/models/alice/model-a/auth-check/write").status()).isEqualTo(403);
    }

    @Test
    void exchange_wrongAudience_invalidGrantAndTheLogSaysAudience() {
        Response response = exchange(issuer.mint("https://elsewhere.example", hub.clock.instant(),
                Map.of("repository", "alice/train", "ref", "refs/heads/main")), "alice/model-a");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refusalReason()).contains("audience");
    }

    @Test
    void exchange_claimMissesTheRule_invalidGrantAndTheLogNamesTheRule() {
        Response response = exchange(idToken(Map.of("repository", "alice/train", "ref", "refs/heads/feature")), "alice/model-a");

        assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refusalReason()).contains("claim 'ref' is 'refs/heads/feature'");
    }

    @Test
    void exchange_refusal_callerHearsNoRule() {
        Response response = exchange(idToken(Map.of("repository", "alice/train", "ref", "refs/heads/feature")), "alice/model-a");

        assertThat(response.body()).doesNotContain("ref").doesNotContain("train");
    }

    @Test
    void exchange_expiredIdToken_invalidGrant() {
        String token = goodToken();
        hub.clock.advance(Duration.ofMinutes(12));

        assertThat(exchange(token, "alice/model-a").json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refusalReason()).contains("expired");
    }

    @Test
    void exchange_signedByAnotherKey_invalidGrant() {
        String forged = OidcIssuer.sign(OidcIssuer.newRsaKey(), JWSAlgorithm.RS256, issuer.claims(hub.hub().publicUrl(),
                hub.clock.instant(), Map.of("repository", "alice/train", "ref", "refs/heads/main")));

        assertThat(exchange(forged, "alice/model-a").json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void exchange_algNone_invalidGrant() {
        String unsigned = OidcIssuer.unsigned(issuer.claims(hub.hub().publicUrl(), hub.clock.instant(),
                Map.of("repository", "alice/train", "ref", "refs/heads/main")));

        assertThat(exchange(unsigned, "alice/model-a").json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void exchange_forgedTokens_writeNothingToTheLog() {
        exchange(OidcIssuer.unsigned(issuer.claims(hub.hub().publicUrl(), hub.clock.instant(), Map.of())), "alice/model-a");

        assertThat(auditEvents("trusted_publisher.refuse")).isEmpty();
    }

    @Test
    void exchange_repositoryNotListed_invalidTarget() {
        Response response = exchange(goodToken(), "alice/model-b");

        assertThat(response.json().path("error").asText()).isEqualTo("invalid_target");
        assertThat(refusalReason()).contains("alice/model-b");
    }

    @Test
    void exchange_issuerRotatedItsKey_newKeyIdAccepted() {
        exchange(goodToken(), "alice/model-a");
        issuer.rotate();
        hub.clock.advance(IssuerKeys.REFETCH_FLOOR);

        assertThat(exchange(goodToken(), "alice/model-a").status()).isEqualTo(200);
    }

    @Test
    void exchange_manyRefusals_slowDown() {
        for (int i = 0; i < TokenExchange.REFUSALS_PER_ADDRESS_PER_10_MINUTES; i++) {
            exchange("not-a-jwt", "alice/model-a");
        }

        assertThat(exchange(goodToken(), "alice/model-a").status()).isEqualTo(429);
    }

    @Test
    void exchange_wrongSubjectTokenType_invalidRequest() {
        Response response = hub.browser().postJson("/oauth/token", """
                {"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                 "subject_token_type": "urn:ietf:params:oauth:token-type:access_token",
                 "subject_token": "x", "resource": "alice/model-a"}""");

        assertThat(response.json().path("error").asText()).isEqualTo("invalid_request");
    }

    // --- registration ---

    @Test
    void list_showsThePublisherWithTheHubsUrlAsAudience() {
        JsonNode listed = alice.get("/api/settings/trusted-publishers").json().get(0);

        assertThat(listed.path("audience").asText()).isEqualTo(hub.hub().publicUrl());
        assertThat(listed.path("claims").path("ref").asText()).isEqualTo("refs/heads/main");
    }

    @Test
    void register_repositoryOfSomeoneElse_refused() {
        Response response = alice.postJson("/api/settings/trusted-publishers", publisher("other", "write")
                .replace("\"alice/model-a\"", "\"bob/model\""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("bob/model");
    }

    @Test
    void register_noIdentifyingClaim_refused() {
        Response response = alice.postJson("/api/settings/trusted-publishers", publisher("loose", "write")
                .replace("\"repository\": \"alice/train\", ", ""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("identifies the project");
    }

    @Test
    void register_issuerTheOperatorDidNotList_refused() {
        Response response = alice.postJson("/api/settings/trusted-publishers", publisher("gh", "write")
                .replace(issuer.url(), "https://token.actions.githubusercontent.com"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("trusted-publisher-issuers");
    }

    @Test
    void register_lifetimeOverAnHour_refused() {
        Response response = alice.postJson("/api/settings/trusted-publishers", publisher("long", "write")
                .replace("\"lifetimeMinutes\": 10", "\"lifetimeMinutes\": 61"));

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void register_organizationWithoutSuchServiceAccount_refused() {
        hub.createOrg(alice, "acme");
        Response response = alice.postJson("/api/organizations/acme/settings/trusted-publishers", publisher("org", "write")
                .replace("alice/model-a", "acme/model-a").replace("\"access\"", "\"serviceAccount\": \"ci-bot\", \"access\""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("no service account named 'ci-bot'");
    }

    // --- an organization's publisher: tokens of a service account ---

    private String orgPublisher() {
        hub.createOrg(alice, "acme");
        hub.createRepo(alice, "acme", "model-a", true);
        assertThat(alice.postJson("/api/organizations/acme/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"write\"}")
                .status()).isEqualTo(201);
        Response registered = alice.postJson("/api/organizations/acme/settings/trusted-publishers", """
                {"name": "train", "issuer": "%s", "claims": {"repository": "acme/train"}, "serviceAccount": "ci-bot",
                 "repositories": ["acme/model-a"], "access": "write", "lifetimeMinutes": 10}""".formatted(issuer.url()));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().path("id").asText();
    }

    private String orgIdToken() {
        return idToken(Map.of("repository", "acme/train", "ref", "refs/heads/main"));
    }

    @Test
    void exchange_organizationsPublisher_tokenOfItsServiceAccountThatWrites() {
        orgPublisher();

        String token = exchange(orgIdToken(), "acme/model-a").json().path("access_token").asText();

        assertThat(hub.withToken(token).get("/api/whoami-v2").json().path("name").asText()).isEqualTo("acme/ci-bot");
        assertThat(hub.withToken(token).get("/api/models/acme/model-a/auth-check/write").status()).isEqualTo(200);
    }

    @Test
    void exchange_organizationsPublisher_auditedInTheOrganizationsLog() {
        orgPublisher();
        exchange(orgIdToken(), "acme/model-a");

        assertThat(alice.get("/api/organizations/acme/audit-log").json().findValuesAsText("action"))
                .contains("trusted_publisher.exchange");
    }

    @Test
    void exchange_serviceAccountDeleted_invalidGrant() {
        orgPublisher();
        alice.deleteJson("/api/organizations/acme/service-accounts/ci-bot", "{}");

        assertThat(exchange(orgIdToken(), "acme/model-a").json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void list_organizationsPublishers_nameTheServiceAccount() {
        orgPublisher();

        assertThat(alice.get("/api/organizations/acme/settings/trusted-publishers").json().get(0).path("serviceAccount")
                .asText()).isEqualTo("ci-bot");
    }

    @Test
    void delete_revokesTheTokensItGot() {
        String token = exchange(goodToken(), "alice/model-a").json().path("access_token").asText();

        assertThat(alice.deleteJson("/api/settings/trusted-publishers/" + publisherId, "{}").status()).isEqualTo(204);
        assertThat(hub.withToken(token).get("/api/models/alice/model-a").status()).isEqualTo(401);
    }

    @Test
    void delete_thenExchange_invalidGrant() {
        alice.deleteJson("/api/settings/trusted-publishers/" + publisherId, "{}");

        assertThat(exchange(goodToken(), "alice/model-a").json().path("error").asText()).isEqualTo("invalid_grant");
    }
}
