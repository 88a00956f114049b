package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a path that reached no route meant: the 404's message, path by path. */
class NotServedTest {

    @ParameterizedTest
    @CsvSource({
            "GET, /api/models/bert-base-uncased, bert-base-uncased",
            "GET, /api/datasets/squad/, squad",
            "GET, /api/models/bert-base-uncased/revision/main, bert-base-uncased",
            "GET, /api/models/gpt2/tree/main/sub, gpt2",
            "POST, /api/spaces/demo/preupload/main, demo",
            "GET, /bert-base-uncased/resolve/main/config.json, bert-base-uncased",
            "HEAD, /bert-base-uncased/raw/main/config.json, bert-base-uncased",
            "GET, /datasets/squad/resolve/main/data.csv, squad",
            "GET, /spaces/demo/resolve/main/app.py, demo",
            "GET, /bert-base-uncased.git/info/refs, bert-base-uncased",
            "POST, /gpt2/ask-access, gpt2"})
    void explain_repoIdWithoutNamespace_repoNotFoundSayingNamespaceSlashName(String method, String path, String name) {
        Optional<NotServed.Answer> answer = NotServed.explain(method, path);

        assertThat(answer).isPresent();
        assertThat(answer.get().code()).contains(ErrorCode.REPO_NOT_FOUND);
        assertThat(answer.get().message()).isEqualTo("Repository not found: '" + name + "' has no namespace. Repositories"
                + " on this hub are named namespace/name, the user or organization first (e.g. alice/" + name
                + "); there are no repositories without one here.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "GET | /api/spaces/alice/demo/runtime | Running Spaces",
            "POST | /api/spaces/alice/demo/restart | Running Spaces",
            "GET | /api/models/alice/bert/discussions | Discussions and pull requests",
            "POST | /api/datasets/alice/data/discussions/3/comment | Discussions and pull requests",
            "GET | /api/collections | Collections",
            "GET | /api/collections/alice/favorites-123 | Collections",
            "GET | /api/datasets/alice/data/parquet | The dataset viewer's Parquet files",
            "GET | /api/datasets/alice/data/parquet/default/train/0.parquet | The dataset viewer's Parquet files",
            "GET | /api/inference-endpoints/alice | Inference Endpoints",
            "GET | /api/models/alice/bert/likes | Likes",
            "GET | /api/models/alice/bert/unheard-of | 'unheard-of' of repositories"})
    void explain_hubFeatureNotServed_namesTheFeature(String method, String path, String feature) {
        Optional<NotServed.Answer> answer = NotServed.explain(method, path);

        assertThat(answer).isPresent();
        assertThat(answer.get().message()).startsWith(feature).contains("not served by this hub").contains(path);
        assertThat(answer.get().code()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"POST | /v1/audio/speech", "GET | /models/alice/bert",
            "PUT | /hf-inference/models/alice/bert/pipeline/feature-extraction"})
    void explain_inferencePathNotServed_listsTheGatewaysEndpoints(String method, String path) {
        assertThat(NotServed.explain(method, path).orElseThrow().message())
                .contains(method + " " + path + " is none of them").contains("POST /models/{namespace}/{name}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth/authorize", "/oauth/userinfo", "/.well-known/openid-configuration"})
    void explain_oauthBeyondTheDeviceLogin_saysToSignInWithAToken(String path) {
        assertThat(NotServed.explain("POST", path).orElseThrow().message())
                .contains("is not served").contains("hf auth login --token");
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/models/alice/bert/settings", "DELETE, /api/models/alice/bert", "GET, /api/nothing-here",
            "POST, /api/models/alice/bert/xet-write-token/main"})
    void explain_servedPathOtherMethodOrUnknownApi_namesMethodAndPath(String method, String path) {
        assertThat(NotServed.explain(method, path).orElseThrow().message())
                .startsWith("This hub has no endpoint for " + method + " " + path + ". Check the method and the path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/no/such/thing", "/alice/bert/blob/main/x", "/favicon.ico"})
    void explain_otherPaths_nothingToAdd(String path) {
        assertThat(NotServed.explain("GET", path)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void explain_encodedSlash_saysToSendAPlainOne() {
        assertThat(NotServed.explain("GET", "/api/models/alice%2Fbert").orElseThrow().message())
                .contains("percent-encoded (%2F)");
    }

    @org.junit.jupiter.api.Test
    void typePrefixAsNamespace_onlyForModelsUnderDatasetsOrSpaces() {
        assertThat(NotServed.typePrefixAsNamespace("model", "datasets", "squad")).isPresent();
        assertThat(NotServed.typePrefixAsNamespace("model", "spaces", "demo")).isPresent();
        assertThat(NotServed.typePrefixAsNamespace("model", "alice", "bert")).isEmpty();
        assertThat(NotServed.typePrefixAsNamespace("dataset", "datasets", "squad")).isEmpty();
    }
}
