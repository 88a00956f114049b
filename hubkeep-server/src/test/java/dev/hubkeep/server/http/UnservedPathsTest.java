package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real server: a repository named without its namespace is a 404 RepoNotFound that says
 * repositories here are namespace/name, and a Hub endpoint this hub does not serve is a 404 that
 * names the feature, never a bare "Not found.".
 */
class UnservedPathsTest {

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir);
        alice = hub.verifiedUser("alice");
        hub.createRepo(alice, "alice", "bert", false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void repoInfo_withoutNamespace_404RepoNotFoundSayingNamespaceSlashName() {
        for (Browser caller : new Browser[] {hub.browser(), alice}) {
            Response response = caller.get("/api/models/bert-base-uncased");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("X-Error-Code")).contains("RepoNotFound");
            assertThat(response.error()).startsWith("Repository not found: 'bert-base-uncased' has no namespace.")
                    .contains("namespace/name");
            assertThat(response.header("X-Error-Message")).contains(response.error());
        }
    }

    @Test
    void download_withoutNamespace_404RepoNotFound_getAndHead() {
        Response get = hub.browser().get("/bert-base-uncased/resolve/main/config.json");
        Response head = hub.browser().send(hub.browser().request("/bert-base-uncased/resolve/main/config.json")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.header("X-Error-Code")).contains("RepoNotFound");
        assertThat(get.error()).contains("'bert-base-uncased' has no namespace");
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.header("X-Error-Code")).contains("RepoNotFound");
        assertThat(head.header("X-Error-Message").orElseThrow()).contains("namespace/name");
    }

    @Test
    void datasetDownload_withoutNamespace_404NotTheModelsAnswer() {
        for (Browser caller : new Browser[] {hub.browser(), alice}) {
            Response response = caller.get("/datasets/squad/resolve/main/train.csv");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("X-Error-Code")).contains("RepoNotFound");
            assertThat(response.error()).startsWith("Repository not found: 'squad' has no namespace.");
        }
    }

    @Test
    void hubEndpointsNotServed_404NamingTheFeature() {
        assertThat(alice.get("/api/spaces/alice/demo/runtime").error()).startsWith("Running Spaces");
        assertThat(alice.get("/api/models/alice/bert/discussions").error()).startsWith("Discussions and pull requests");
        assertThat(alice.get("/api/collections").error()).startsWith("Collections");
        assertThat(alice.get("/api/datasets/alice/data/parquet").error()).startsWith("The dataset viewer's Parquet files");
        assertThat(alice.get("/api/inference-endpoints/alice").error()).startsWith("Inference Endpoints");
    }

    @Test
    void unknownPathOutsideTheHubsApi_stillPlainNotFound() {
        assertThat(hub.browser().get("/no/such/thing").error()).isEqualTo("Not found.");
    }

    @Test
    void publicRepoWithNamespace_stillServed() {
        assertThat(hub.browser().get("/api/models/alice/bert").status()).isEqualTo(200);
        assertThat(hub.browser().get("/alice/bert/resolve/main/.gitattributes").status()).isEqualTo(200);
    }
}
