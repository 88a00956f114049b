package dev.hubkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Plans stored per account and organization, read through the same SQL on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class PlanServiceTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub started;

    @AfterEach
    void stop() {
        started.close();
    }

    /** A hub with the public Hub's quotas, which tell the plans apart (test hubs give all plans the same). */
    private TestHub hub() {
        started = TestHub.start(database, dir, c -> c.withRatePlans(Plans.DEFAULTS));
        return started;
    }

    @Test
    void planOf_nothingSet_free() {
        TestHub hub = hub();

        String user = userId(hub, hub.verifiedUser(hub.uniqueName("alice")));

        assertThat(hub.hub().plans().planOf(user).name()).isEqualTo("free");
    }

    @Test
    void planOf_ownPlanSet_thatPlan() {
        TestHub hub = hub();
        String name = hub.uniqueName("bob");
        String user = userId(hub, hub.verifiedUser(name));

        hub.hub().plans().setUserPlan(name, "pro");

        assertThat(hub.hub().plans().planOf(user).name()).isEqualTo("pro");
    }

    @Test
    void planOf_orgPlanBetterThanOwn_theOrgs() {
        TestHub hub = hub();
        String name = hub.uniqueName("carol");
        Browser carol = hub.verifiedUser(name);
        String org = hub.uniqueName("acme");
        hub.createOrg(carol, org);
        hub.hub().plans().setUserPlan(name, "pro");

        hub.hub().plans().setOrgPlan(org, "enterprise");

        assertThat(hub.hub().plans().planOf(userId(hub, carol)).name()).isEqualTo("enterprise");
    }

    @Test
    void planOf_ownPlanBetterThanOrgs_theOwn() {
        TestHub hub = hub();
        String name = hub.uniqueName("dave");
        Browser dave = hub.verifiedUser(name);
        String org = hub.uniqueName("acme");
        hub.createOrg(dave, org);
        hub.hub().plans().setOrgPlan(org, "team");

        hub.hub().plans().setUserPlan(name, "unlimited");

        assertThat(hub.hub().plans().planOf(userId(hub, dave)).name()).isEqualTo("unlimited");
    }

    @Test
    void setUserPlan_unknownPlan_refusedNamingThePlans() {
        TestHub hub = hub();
        String name = hub.uniqueName("erin");
        hub.verifiedUser(name);

        assertThatThrownBy(() -> hub.hub().plans().setUserPlan(name, "gold"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("No plan named 'gold'. Plans: enterprise, free, pro, team, unlimited.");
    }

    private static String userId(TestHub hub, Browser session) {
        return session.get("/api/whoami-v2").json().path("id").asText();
    }
}
