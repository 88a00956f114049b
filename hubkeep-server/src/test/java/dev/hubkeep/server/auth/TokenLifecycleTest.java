package dev.hubkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import dev.hubkeep.server.testing.TokenClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Creating, using, refreshing and revoking tokens through the real server, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class TokenLifecycleTest {

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
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void create_bySession_returnsWellFormedValueAndHint() {
        Response created = alice.postJson("/api/settings/tokens", "{\"name\": \"ci\", \"role\": \"write\"}");

        String value = created.json().path("token").asText();
        assertThat(created.status()).isEqualTo(201);
        assertThat(value).hasSize(43).startsWith("hf_");
        assertThat(created.json().path("hint").asText()).isEqualTo(value.substring(0, 6) + "…" + value.substring(39));
    }

    @Test
    void token_asBearer_whoamiShowsTokenNameAndRole() {
        String token = hub.createToken(alice, "ci", "write");

        Response whoami = hub.withToken(token).get("/api/whoami-v2");

        assertThat(whoami.json().path("name").asText()).isEqualTo("alice");
        assertThat(whoami.json().path("auth").path("type").asText()).isEqualTo("access_token");
        assertThat(whoami.json().path("auth").path("accessToken").path("displayName").asText()).isEqualTo("ci");
        assertThat(whoami.json().path("auth").path("accessToken").path("role").asText()).isEqualTo("write");
    }

    @Test
    void token_asBasicPasswordWithAnyUsername_authenticates() {
        String token = hub.createToken(alice, "git", "read");

        Response whoami = hub.withToken(token).getWithBasic("/api/whoami-v2", "whatever-user");

        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.json().path("name").asText()).isEqualTo("alice");
    }

    @Test
    void list_neverContainsTheValue() {
        String token = hub.createToken(alice, "ci", "read");

        Response list = alice.get("/api/settings/tokens");

        assertThat(list.json()).hasSize(1);
        assertThat(list.body()).doesNotContain(token).contains("\"name\":\"ci\"");
    }

    @Test
    void refresh_oldValueRefusedAtOnce() {
        String old = hub.createToken(alice, "ci", "write");
        String id = alice.get("/api/settings/tokens").json().get(0).path("id").asText();

        Response refreshed = alice.postJson("/api/settings/tokens/" + id + "/refresh", "{}");

        assertThat(refreshed.json().path("token").asText()).isNotEqualTo(old);
        assertThat(hub.withToken(old).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    void refresh_newValueWorksWithSameIdNameAndRole() {
        String old = hub.createToken(alice, "ci", "write");
        hub.withToken(old).get("/api/whoami-v2"); // cached before the refresh
        String id = alice.get("/api/settings/tokens").json().get(0).path("id").asText();

        String fresh = alice.postJson("/api/settings/tokens/" + id + "/refresh", "{}").json().path("token").asText();
        Response whoami = hub.withToken(fresh).get("/api/whoami-v2");

        assertThat(whoami.json().path("auth").path("accessToken").path("displayName").asText()).isEqualTo("ci");
        assertThat(whoami.json().path("auth").path("accessToken").path("role").asText()).isEqualTo("write");
        assertThat(alice.get("/api/settings/tokens").json().get(0).path("id").asText()).isEqualTo(id);
    }

    @Test
    void parallelSelfRefreshes_exactlyOneSucceedsAndItsValueWorks() throws Exception {
        String token = hub.createToken(alice, "ci", "write");
        String id = idOf("ci");
        hub.withToken(token).get("/api/whoami-v2"); // cached: every refresh below authenticates at once
        int parallel = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(parallel)) {
            for (int i = 0; i < parallel; i++) {
                TokenClient client = hub.withToken(token);
                results.add(clients.submit(() -> {
                    start.await();
                    return client.postJson("/api/settings/tokens/" + id + "/refresh", "{}");
                }));
            }
            start.countDown();
        }

        List<Response> succeeded = new ArrayList<>();
        for (Future<Response> result : results) {
            Response response = result.get();
            assertThat(response.status()).as(response.body()).isIn(200, 401, 409);
            if (response.status() == 200) {
                succeeded.add(response);
            }
        }
        assertThat(succeeded).hasSize(1);
        assertThat(hub.withToken(succeeded.get(0).json().path("token").asText()).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void refreshAndDelete_leaveOtherTokensOfSameAndOtherUserWorking() {
        String first = hub.createToken(alice, "first", "read");
        String second = hub.createToken(alice, "second", "read");
        String bobs = hub.createToken(hub.verifiedUser("bob"), "bobs", "read");
        String firstId = idOf("first");

        alice.postJson("/api/settings/tokens/" + firstId + "/refresh", "{}");
        alice.send(alice.request("/api/settings/tokens/" + firstId).DELETE().build());

        assertThat(hub.withToken(first).get("/api/whoami-v2").status()).isEqualTo(401);
        assertThat(hub.withToken(second).get("/api/whoami-v2").status()).isEqualTo(200);
        assertThat(hub.withToken(bobs).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void delete_tokenRefusedAtOnceEvenIfCached() {
        String token = hub.createToken(alice, "ci", "read");
        hub.withToken(token).get("/api/whoami-v2");

        Response deleted = alice.send(alice.request("/api/settings/tokens/" + idOf("ci")).DELETE().build());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(hub.withToken(token).get("/api/whoami-v2").error())
                .startsWith("Invalid credentials in Authorization header: this token was revoked on ");
    }

    @Test
    void expiredToken_401SayingWhen() {
        String token = hub.createToken(alice, """
                {"name": "short", "role": "read", "expiresAt": "%s"}""".formatted(hub.clock.instant().plus(Duration.ofHours(1))));
        hub.clock.advance(Duration.ofHours(2));

        Response response = hub.withToken(token).get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).startsWith("Invalid credentials in Authorization header: this token expired at ");
    }

    @Test
    void tokenRestrictedToOtherNetwork_401() {
        String token = hub.createToken(alice, """
                {"name": "office", "role": "read", "allowedCidrs": ["10.0.0.0/8"]}""");

        Response response = hub.withToken(token).get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).endsWith("this token may not be used from 127.0.0.1.");
    }

    @Test
    void tokenRestrictedToCallersNetwork_works() {
        String token = hub.createToken(alice, """
                {"name": "local", "role": "read", "allowedCidrs": ["127.0.0.0/8", "::1"]}""");

        assertThat(hub.withToken(token).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void rename_valueKeepsWorkingUnderNewName() {
        String token = hub.createToken(alice, "old-name", "read");

        alice.send(alice.request("/api/settings/tokens/" + idOf("old-name"))
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"new-name\"}"))
                .build());

        assertThat(hub.withToken(token).get("/api/whoami-v2").json().path("auth").path("accessToken")
                .path("displayName").asText()).isEqualTo("new-name");
    }

    @Test
    void create_unverifiedEmail_403() {
        Browser carol = hub.browser();
        hub.signup(carol, "carol");
        hub.login(carol, "carol");

        Response response = carol.postJson("/api/settings/tokens", "{\"name\": \"ci\", \"role\": \"read\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).isEqualTo("Verify your email address before creating access tokens.");
    }

    @Test
    void create_duplicateNameInOtherCase_409() {
        hub.createToken(alice, "ci", "read");

        Response response = alice.postJson("/api/settings/tokens", "{\"name\": \"CI\", \"role\": \"read\"}");

        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void create_nameOfDeletedToken_allowed() {
        hub.createToken(alice, "ci", "read");
        alice.send(alice.request("/api/settings/tokens/" + idOf("ci")).DELETE().build());

        assertThat(alice.postJson("/api/settings/tokens", "{\"name\": \"ci\", \"role\": \"read\"}").status()).isEqualTo(201);
    }

    @Test
    void lastUsed_afterUseAndFlush_showsTimeAndAddress() {
        String token = hub.createToken(alice, "ci", "read");
        hub.withToken(token).get("/api/whoami-v2");

        hub.hub().flushPendingWrites();
        Response shown = alice.get("/api/settings/tokens/" + idOf("ci"));

        assertThat(shown.json().path("lastUsedIp").asText()).isEqualTo("127.0.0.1");
        assertThat(shown.json().hasNonNull("lastUsedAt")).isTrue();
    }

    @Test
    void lastUsed_usedAgainMinutesLater_showsTheLaterTime() {
        useTwiceMinutesApart(hub.createToken(alice, "ci", "read"), 3);

        Response shown = alice.get("/api/settings/tokens/" + idOf("ci"));

        assertThat(java.time.Instant.parse(shown.json().path("lastUsedAt").asText()))
                .isEqualTo(hub.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void auditLog_recordsCreateRefreshRenameAndRevoke() {
        hub.createToken(alice, "ci", "read");
        String id = idOf("ci");
        alice.postJson("/api/settings/tokens/" + id + "/refresh", "{}");
        alice.send(alice.request("/api/settings/tokens/" + id).DELETE().build());

        Response log = alice.get("/api/settings/audit-log");

        assertThat(log.json().findValuesAsText("action")).containsExactly("token.revoke", "token.refresh", "token.create");
    }

    @Test
    void auditLog_firstUseFromNewAddress_recordedOnce() {
        useTwiceMinutesApart(hub.createToken(alice, "ci", "read"), 2);

        Response log = alice.get("/api/settings/audit-log");

        assertThat(log.json().findValuesAsText("action")).containsOnlyOnce("token.used_from_new_address");
    }

    /** Uses the token, lets its note be written, moves the clock, and does both again. */
    private void useTwiceMinutesApart(String token, int minutes) {
        hub.withToken(token).get("/api/whoami-v2");
        hub.hub().flushPendingWrites();
        hub.clock.advance(Duration.ofMinutes(minutes));
        hub.withToken(token).get("/api/whoami-v2");
        hub.hub().flushPendingWrites();
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
