package dev.hubkeep.server.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Git's smart HTTP and LFS, served beside the route table, show in the same request timers as the routes. */
class GitMetricsTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    @Test
    void refAdvertisement_timedUnderItsRouteTemplate() {
        TestHub hub = hubs.sqlite();
        String alice = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(alice);
        hub.createRepo(session, alice, "bert", true);
        Response refs = hub.withToken(hub.createToken(session, "r", "read"))
                .getWithBasic("/" + alice + "/bert.git/info/refs?service=git-upload-pack", alice);
        assertThat(refs.status()).isEqualTo(200);

        assertThat(hub.metrics()).contains("http_server_requests_seconds_count{method=\"GET\","
                + "route=\"/[{type}s/]{ns}/{name}[.git]/info/refs\",status=\"200\"}");
    }
}
