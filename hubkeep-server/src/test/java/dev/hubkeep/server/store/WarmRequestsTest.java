package dev.hubkeep.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot read paths (issue 16), asked again and again as clients and training clusters do, run no
 * SQL once warm: everything they need is in caches that changes invalidate ({@code InvalidationTest}).
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class WarmRequestsTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    @Parameter
    DatabaseKind database;

    @Test
    void whoamiResolveAndModelInfo_warm_runNoStatements() {
        TestHub hub = hubs.on(database);
        String alice = hub.uniqueName("alice");
        String org = hub.uniqueName("acme");
        Browser session = hub.verifiedUser(alice);
        hub.createOrg(session, org);
        hub.createRepo(session, org, "bert", true);
        TokenClient client = hub.withToken(hub.createToken(session, "ci", "write"));
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"config\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"config.json\",\"encoding\":\"base64\",\"content\":\""
                + Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "\"}}\n";
        assertThat(client.postNdjson("/api/models/" + org + "/bert/commit/main", body).status()).isEqualTo(200);
        hub.awaitBackgroundIdle(); // the commit queued config.json for a scan, whose result changes what is cached
        List<String> paths = List.of("/api/whoami-v2", "/" + org + "/bert/resolve/main/config.json",
                "/api/models/" + org + "/bert");
        paths.forEach(path -> assertThat(client.get(path).status()).isEqualTo(200));
        assertThat(client.send(client.request(paths.get(1)).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                .build()).status()).isEqualTo(200);
        hub.hub().flushPendingWrites(); // the token's "last used" note, written at most once a minute
        double before = hub.databaseStatements();

        for (int i = 0; i < 20; i++) {
            for (String path : paths) {
                Response response = client.get(path);
                assertThat(response.status()).isEqualTo(200);
            }
        }

        assertThat(hub.databaseStatements() - before).isZero();
    }

    @Test
    void signedInSession_warmWhoamiAndRepositoryPages_runNoStatements() {
        TestHub hub = hubs.on(database);
        String alice = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(alice);
        hub.createRepo(session, alice, "bert", false);
        List<String> paths = List.of("/api/whoami-v2", "/" + alice + "/bert", "/" + alice + "/bert/tree/main");
        paths.forEach(path -> assertThat(session.get(path).status()).isEqualTo(200));
        hub.awaitBackgroundIdle(); // viewing the pages queued the first commit's files for a scan
        paths.forEach(path -> assertThat(session.get(path).status()).isEqualTo(200)); // the statuses it found
        double before = hub.databaseStatements();

        for (int i = 0; i < 10; i++) {
            for (String path : paths) {
                assertThat(session.get(path).status()).isEqualTo(200);
            }
        }

        assertThat(hub.databaseStatements() - before).isZero();
    }
}
