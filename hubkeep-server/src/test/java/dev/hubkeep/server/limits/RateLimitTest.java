package dev.hubkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits through the server, as the Hub's clients meet them: the headers, the 429, plans per
 * account and organization, anonymous callers per address, the window's reset. Counting happens in
 * process whatever the database (the plan is read through the same SQL on both), so SQLite only.
 */
class RateLimitTest {

    /** Small quotas for the free and anonymous plans; pro keeps the public Hub's 2,500. */
    private static final Plans SMALL = Plans.DEFAULTS
            .with(Plan.limited(Plan.FREE, 5, 5, 5))
            .with(Plan.limited(Plan.ANONYMOUS, 50, 50, 50));

    @TempDir
    Path dir;

    TestHub hub;

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void freeToken_burstPastQuota_429WithTheHubsHeaders() {
        TokenClient alice = tokenOf(startSmall(), "alice");

        Response refused = burstUntilRefused(alice);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).matches("\"api\";r=0;t=\\d+"));
        assertThat(refused.header("RateLimit-Policy")).contains("\"fixed window\";\"api\";q=5;w=300");
        assertThat(refused.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 300L));
    }

    @Test
    void freeToken_429_jsonErrorNamesBucketQuotaAndReset() {
        TokenClient alice = tokenOf(startSmall(), "alice");

        Response refused = burstUntilRefused(alice);

        assertThat(refused.error()).contains("'api' rate limit of 5 requests per 300s window");
        assertThat(refused.json().path("rateLimit").path("bucket").asText()).isEqualTo("api");
        assertThat(refused.json().path("rateLimit").path("quota").asLong()).isEqualTo(5);
        assertThat(refused.json().path("rateLimit").path("reset").asLong())
                .isEqualTo(Long.parseLong(refused.header("Retry-After").orElseThrow()));
    }

    @Test
    void allowedRequest_carriesRemainingAndPolicy() {
        TokenClient alice = tokenOf(startSmall(), "alice");

        Response response = alice.get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(200);
        // The session's token creation was the first of five; this the second.
        assertThat(response.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"api\";r=3;t="));
        assertThat(response.header("RateLimit-Policy")).contains("\"fixed window\";\"api\";q=5;w=300");
    }

    @Test
    void proUser_notLimitedAtTheFreeRate() {
        TokenClient bob = tokenOf(startSmall(), "bob");
        hub.hub().plans().setUserPlan("bob", "pro");

        Response response = burst(bob, 20);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("RateLimit-Policy")).contains("\"fixed window\";\"api\";q=2500;w=300");
    }

    @Test
    void orgOnTeamPlan_appliesToItsMembers() {
        startSmall();
        Browser carol = hub.verifiedUser("carol");
        hub.createOrg(carol, "acme");
        TokenClient token = hub.withToken(hub.createToken(carol, "ci", "read"));
        hub.hub().plans().setOrgPlan("acme", "team");

        Response response = burst(token, 20);

        assertThat(response.header("RateLimit-Policy")).contains("\"fixed window\";\"api\";q=3000;w=300");
    }

    @Test
    void orgOnTeamPlan_memberAddedAfterTheirFirstRequest_countedUnderItAtOnce() {
        startSmall();
        Browser carol = hub.verifiedUser("carol");
        hub.createOrg(carol, "acme");
        hub.hub().plans().setOrgPlan("acme", "team");
        TokenClient frank = tokenOf(hub, "frank");
        frank.get("/api/whoami-v2"); // frank's free plan is now in the cache

        hub.addMember(carol, "acme", "frank", "read");
        Response response = frank.get("/api/whoami-v2");

        assertThat(response.header("RateLimit-Policy")).contains("\"fixed window\";\"api\";q=3000;w=300");
    }

    @Test
    void orgOnTeamPlan_memberRemoved_backToFree() {
        startSmall();
        Browser carol = hub.verifiedUser("carol");
        hub.createOrg(carol, "acme");
        hub.hub().plans().setOrgPlan("acme", "team");
        TokenClient frank = tokenOf(hub, "frank");
        hub.addMember(carol, "acme", "frank", "read");
        frank.get("/api/whoami-v2");

        assertThat(carol.send(carol.request("/api/organizations/acme/members/frank").DELETE().build()).status()).isEqualTo(204);
        Response response = frank.get("/api/whoami-v2");

        assertThat(response.header("RateLimit-Policy")).contains("\"fixed window\";\"api\";q=5;w=300");
    }

    @Test
    void unlimitedUser_neverCountedNorTold() {
        TokenClient dave = tokenOf(startSmall(), "dave");
        hub.hub().plans().setUserPlan("dave", "unlimited");

        Response response = burst(dave, 20);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("RateLimit")).isEmpty();
    }

    @Test
    void anonymousCallers_countedPerAddress() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c
                .withTrustedProxies(List.of(CidrRange.parse("127.0.0.1/32")))
                .withRatePlans(SMALL.with(Plan.limited(Plan.ANONYMOUS, 2, 2, 2))));
        anonymousFrom("203.0.113.1");
        anonymousFrom("203.0.113.1");

        Response other = anonymousFrom("203.0.113.2");
        Response same = anonymousFrom("203.0.113.1");

        assertThat(other.status()).isEqualTo(200);
        assertThat(same.status()).isEqualTo(429);
    }

    @Test
    void anonymousIpv6Callers_countedPerSlash64() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c
                .withTrustedProxies(List.of(CidrRange.parse("127.0.0.1/32")))
                .withRatePlans(SMALL.with(Plan.limited(Plan.ANONYMOUS, 2, 2, 2))));
        anonymousFrom("2001:db8:0:1::1");
        anonymousFrom("2001:db8:0:1::2");

        Response sameBlock = anonymousFrom("2001:db8:0:1::3");

        assertThat(sameBlock.status()).isEqualTo(429);
    }

    @Test
    void windowOver_quotaAvailableAgain() {
        TokenClient alice = tokenOf(startSmall(), "alice");
        burstUntilRefused(alice);

        hub.clock.advance(Duration.ofMinutes(5));
        Response response = alice.get("/api/whoami-v2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"api\";r=4;t="));
    }

    @Test
    void resolvers_countedApartFromTheApi() {
        startSmall();
        Browser erin = hub.verifiedUser("erin");
        hub.createRepo(erin, "erin", "model", false);
        TokenClient token = hub.withToken(hub.createToken(erin, "ci", "read"));
        burstUntilRefused(token);

        Response download = token.get("/erin/model/resolve/main/README.md");

        assertThat(download.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"resolvers\";r=4;"));
    }

    @Test
    void webPage_pastPagesQuota_429WithPagesHeaders() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c.withRatePlans(SMALL.with(Plan.limited(Plan.ANONYMOUS, 50, 50, 2))));
        Browser browser = hub.browser();
        browser.get("/login");
        browser.get("/login");

        Response refused = browser.get("/login");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"pages\";r=0;t="));
    }

    @Test
    void healthProbe_neverCounted() {
        startSmall();

        Response response = hub.withToken("none").send(HttpRequest.newBuilder(hub.uri().resolve("/healthz")).build());

        assertThat(response.header("RateLimit")).isEmpty();
    }

    private TestHub startSmall() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c.withRatePlans(SMALL));
        return hub;
    }

    private TokenClient tokenOf(TestHub started, String username) {
        Browser session = started.verifiedUser(username);
        return started.withToken(started.createToken(session, "ci", "read"));
    }

    private Response anonymousFrom(String address) {
        TokenClient client = hub.withToken("unused"); // only its cookie-less browser: the request below sends no token
        return client.send(HttpRequest.newBuilder(hub.uri().resolve("/api/models")).header("X-Forwarded-For", address).build());
    }

    /** Requests until one is refused, at most the free quota and a few more. */
    private static Response burstUntilRefused(TokenClient client) {
        Response response = client.get("/api/whoami-v2");
        for (int i = 0; i < 10 && response.status() != 429; i++) {
            response = client.get("/api/whoami-v2");
        }
        return response;
    }

    private static Response burst(TokenClient client, int requests) {
        Response response = null;
        for (int i = 0; i < requests; i++) {
            response = client.get("/api/whoami-v2");
        }
        return response;
    }
}
