package dev.hubkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What callers and organization admins see of the current window: {@code /api/settings/usage},
 * the organization's, the Usage pages, and the per-bucket counters in {@code /metrics}. Counters in
 * process (the database's answer the same: {@code DatabaseWindowsTest}, {@code SharedRateLimitTest}).
 */
class UsageTest {

    /** Distinct quotas per bucket, so a gauge cannot pass for another's. */
    private static final Plans SMALL = Plans.DEFAULTS.with(Plan.limited(Plan.FREE, 10, 20, 30, 40));

    @TempDir
    Path dir;

    TestHub hub;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c.withRatePlans(SMALL));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void ownUsage_gaugeOfEachBucketInThisWindow() {
        TokenClient alice = tokenOf("alice"); // creating the token: alice's first api request
        alice.get("/api/whoami-v2");
        alice.get("/api/whoami-v2");

        Response response = alice.get("/api/settings/usage"); // the fourth

        assertThat(response.status()).isEqualTo(200);
        JsonNode usage = response.json();
        assertThat(usage.path("plan").asText()).isEqualTo("free");
        assertThat(usage.path("window").asLong()).isEqualTo(300);
        assertThat(gauges(usage)).containsExactly("api 10 4 6", "resolvers 20 0 20", "pages 30 0 30", "inference 40 0 40");
        assertThat(usage.path("buckets").get(0).path("reset").asLong()).isBetween(1L, 300L).isEqualTo(usage.path("reset").asLong());
    }

    @Test
    void ownUsage_unlimitedPlan_noGauges() {
        TokenClient dave = tokenOf("dave");
        hub.hub().plans().setUserPlan("dave", Plan.UNLIMITED);

        JsonNode usage = dave.get("/api/settings/usage").json();

        assertThat(usage.path("plan").asText()).isEqualTo("unlimited");
        assertThat(usage.path("unlimited").asBoolean()).isTrue();
        assertThat(usage.path("buckets").size()).isZero();
    }

    @Test
    void orgUsage_forItsAdmin_eachMembersGaugesUnderTheirPlan() {
        Browser carol = hub.verifiedUser("carol");
        hub.createOrg(carol, "acme");
        TokenClient frank = tokenOf("frank");
        hub.addMember(carol, "acme", "frank", "read");
        hub.hub().plans().setOrgPlan("acme", "team");
        frank.get("/api/whoami-v2");

        Response response = carol.get("/api/organizations/acme/settings/usage");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("plan").asText()).isEqualTo("team");
        JsonNode members = response.json().path("members");
        assertThat(members.size()).isEqualTo(2);
        assertThat(members.get(1).path("user").asText()).isEqualTo("frank");
        assertThat(members.get(1).path("plan").asText()).isEqualTo("team");
        assertThat(gauges(members.get(1)).getFirst()).isEqualTo("api 3000 2 2998"); // the token's creation and whoami
    }

    @Test
    void orgUsage_forAMemberWhoIsNoAdmin_refused() {
        Browser carol = hub.verifiedUser("carol");
        hub.createOrg(carol, "acme");
        Browser frank = hub.verifiedUser("frank");
        hub.addMember(carol, "acme", "frank", "read");

        Response response = frank.get("/api/organizations/acme/settings/usage");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void usagePage_showsPlanAndAMeterPerBucket() {
        Browser alice = hub.verifiedUser("alice");

        Response page = alice.get("/settings/usage");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<strong id=\"plan\">free</strong>");
        assertThat(page.body()).contains("data-bucket=\"api\"", "data-bucket=\"resolvers\"", "data-bucket=\"pages\"",
                "data-bucket=\"inference\"");
        assertThat(page.body()).contains("<meter min=\"0\" max=\"30\" value=\"1\""); // this page, in the pages bucket
    }

    @Test
    void orgUsagePage_listsTheMembers() {
        Browser carol = hub.verifiedUser("carol");
        hub.createOrg(carol, "acme");
        hub.verifiedUser("frank");
        hub.addMember(carol, "acme", "frank", "read");

        Response page = carol.get("/organizations/acme/settings/usage");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-user=\"carol\"", "data-user=\"frank\"");
    }

    @Test
    void metrics_countAllowedAndRefusedPerBucketAndPlan() {
        TokenClient alice = tokenOf("alice");
        for (int i = 0; i < 10; i++) {
            alice.get("/api/whoami-v2");
        }

        String metrics = hub.metrics();

        assertThat(metrics).contains("hubkeep_rate_limit_requests_total{bucket=\"api\",outcome=\"refused\",plan=\"free\"} 1.0");
        assertThat(metrics).containsPattern("hubkeep_rate_limit_requests_total\\{bucket=\"api\",outcome=\"allowed\",plan=\"free\"} \\d+");
    }

    private TokenClient tokenOf(String username) {
        Browser session = hub.verifiedUser(username);
        return hub.withToken(hub.createToken(session, "ci", "read"));
    }

    /** Each gauge as "bucket quota used remaining". */
    private static List<String> gauges(JsonNode usage) {
        List<String> lines = new ArrayList<>();
        usage.path("buckets").forEach(g -> lines.add(g.path("bucket").asText() + " " + g.path("quota").asLong() + " "
                + g.path("used").asLong() + " " + g.path("remaining").asLong()));
        return lines;
    }
}
