package dev.hubkeep.server.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.limits.Plan;
import dev.hubkeep.server.limits.Plans;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end through a hub, in front of {@link StandInEngine} (the states a real engine
 * cannot be put in on demand; InferenceGatewayIT has the real one): what the engine is asked, what the
 * caller gets back, who is refused, and how engine failures read.
 */
class InferenceGatewayTest {

    private static final Duration HANG = Duration.ofMillis(500);

    @TempDir
    static Path dir;

    static StandInEngine engine;
    static ServerSocket hangingEngine;
    static final List<Socket> held = new ArrayList<>();
    static TestHub hub;
    static Browser alice;
    static String aliceRead;
    static String bobRead;

    @BeforeAll
    static void start() throws IOException {
        engine = new StandInEngine();
        hangingEngine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket socket = hangingEngine.accept();
                    synchronized (held) {
                        held.add(socket);
                    }
                }
            } catch (IOException e) {
                // closed after the class
            }
        });
        int down;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = free.getLocalPort();
        }
        Engines engines = Engines.parse("default http://sekrit@127.0.0.1:" + engine.port() + "/v1 model={model}@{revision};"
                + " alice/down http://127.0.0.1:" + down + "/v1;"
                + " alice/hangs http://127.0.0.1:" + hangingEngine.getLocalPort() + "/v1 timeout=" + HANG.toMillis() + "ms;"
                + " alice/stalls http://127.0.0.1:" + engine.port() + "/v1 timeout=" + HANG.toMillis() + "ms",
                Engines.DEFAULT_TIMEOUT);
        hub = TestHub.start(DatabaseKind.SQLITE, dir, config -> config.withInference(engines)
                .withRatePlans(Plans.allAt(1_000_000).with(Plan.limited("team", 1_000_000, 1_000_000, 1_000_000, 2))));
        alice = hub.verifiedUser("alice");
        aliceRead = hub.createToken(alice, "reader", "read");
        String aliceWrite = hub.createToken(alice, "writer", "write");
        bobRead = hub.createToken(hub.verifiedUser("bob"), "reader", "read");
        model(aliceWrite, "gen", "config.json", "{\"architectures\": [\"GPT2LMHeadModel\"]}");
        model(aliceWrite, "embed", "README.md", "---\npipeline_tag: feature-extraction\n---\n# Embeddings\n");
        model(aliceWrite, "classes", "config.json",
                "{\"architectures\": [\"BertForSequenceClassification\"], \"id2label\": {\"0\": \"NEG\", \"1\": \"POS\"}}");
        for (String name : List.of("down", "hangs", "stalls", "loading", "broken")) {
            hub.createRepo(alice, "alice", name, true);
        }
        assertThat(hub.withToken(aliceWrite).postJson("/api/models/alice/gen/branch/v1", "{}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        hub.close();
        engine.close();
        hangingEngine.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void chat_engineAskedUnderItsNameForTheModel_withItsKey() {
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/gen"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello");
        assertThat(engine.lastBody.path("model").asText()).isEqualTo("alice/gen@main");
        assertThat(engine.lastAuthorization).isEqualTo("Bearer sekrit");
    }

    @Test
    void chat_modelAtARevision_engineAskedForThatRevision() {
        assertThat(post("/v1/chat/completions", aliceRead, chat("alice/gen:v1")).status()).isEqualTo(200);

        assertThat(engine.lastBody.path("model").asText()).isEqualTo("alice/gen@v1");
    }

    @Test
    void chat_revisionThatDoesNotExist_404() {
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/gen:nope"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("X-Error-Code")).contains("RevisionNotFound");
    }

    @Test
    void chat_modelNotNamedAsNamespaceAndName_400SayingHow() {
        Response response = post("/v1/chat/completions", aliceRead, chat("gpt2"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("namespace/name");
    }

    @Test
    void streamedChat_firstEventReachesTheCallerBeforeTheEngineSendsTheNext() throws Exception {
        engine.secondEvent = new CountDownLatch(1);
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request("/v1/chat/completions",
                aliceRead, chat("alice/gen").replace("}]", "}], \"stream\": true")), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));

        String first = CompletableFuture.supplyAsync(() -> firstData(events)).get(5, TimeUnit.SECONDS);
        engine.secondEvent.countDown();
        String rest = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(first).contains("\"Hel\"");
        assertThat(rest).contains("\"lo\"").contains("[DONE]");
    }

    @Test
    void streamedChat_engineSilentMidStreamBeyondItsTimeout_answerEndsThen() {
        engine.secondEvent = new CountDownLatch(1); // never released: the engine stalls after its first event
        long started = System.nanoTime();
        try {
            Response response = post("/v1/chat/completions", aliceRead,
                    chat("alice/stalls").replace("}]", "}], \"stream\": true"));

            assertThat(response.body()).contains("\"Hel\"").doesNotContain("[DONE]");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HANG.plusSeconds(4));
        } finally {
            engine.secondEvent.countDown();
        }
    }

    @Test
    void taskTextGeneration_guidesRequest_generatedTextAsTheGuidesShowIt() {
        Response response = post("/models/alice/gen", aliceRead, "{\"inputs\": \"Hello\", \"parameters\": {\"max_new_tokens\": 5}}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get(0).path("generated_text").asText()).isEqualTo(" world");
        assertThat(engine.lastPath).isEqualTo("/v1/completions");
        assertThat(engine.lastBody.path("max_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void taskTextGeneration_returnFullText_promptFirst() {
        Response response = post("/models/alice/gen", aliceRead,
                "{\"inputs\": \"Hello\", \"parameters\": {\"return_full_text\": true}}");

        assertThat(response.json().get(0).path("generated_text").asText()).isEqualTo("Hello world");
    }

    @Test
    void taskTextGeneration_streamed_textGenerationInferenceEvents() {
        Response response = post("/models/alice/gen", aliceRead, "{\"inputs\": \"Hello\", \"stream\": true}");

        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> events = response.body().lines().filter(l -> l.startsWith("data:"))
                .map(l -> json(l.substring("data:".length()))).toList();
        assertThat(events).extracting(e -> e.path("token").path("text").asText()).containsExactly(" wor", "ld", "");
        assertThat(events.get(2).path("generated_text").asText()).isEqualTo(" world");
    }

    @Test
    void taskFeatureExtraction_underHfInference_vectorsInTheInputsOrder() {
        Response one = post("/hf-inference/models/alice/embed", aliceRead, "{\"inputs\": \"a\"}");
        Response two = post("/hf-inference/models/alice/embed", aliceRead, "{\"inputs\": [\"a\", \"b\"]}");

        assertThat(one.json().toString()).isEqualTo("[1.0,2.0]");
        assertThat(two.json().toString()).isEqualTo("[[1.0,2.0],[3.0,4.0]]");
        assertThat(engine.lastPath).isEqualTo("/v1/embeddings");
    }

    @Test
    void taskTextClassification_labelsOfTheModelBestFirst() {
        Response response = post("/models/alice/classes", aliceRead, "{\"inputs\": \"great\"}");

        assertThat(response.json().toString())
                .isEqualTo("[[{\"label\":\"POS\",\"score\":0.75},{\"label\":\"NEG\",\"score\":0.25}]]");
    }

    @Test
    void otherUsersToken_privateModel_answeredAsAMissingOne() {
        Response privateOne = post("/v1/chat/completions", bobRead, chat("alice/gen"));
        Response missing = post("/v1/chat/completions", bobRead, chat("alice/no-such-model"));

        assertThat(privateOne.status()).isEqualTo(404);
        assertThat(privateOne.body()).isEqualTo(missing.body());
        assertThat(post("/models/alice/gen", bobRead, "{\"inputs\": \"x\"}").status()).isEqualTo(404);
    }

    @Test
    void anonymous_401() {
        Response response = post("/v1/chat/completions", null, chat("alice/gen"));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void fineGrainedTokenWithoutInferencePermission_403NamingIt() {
        String token = fineGrained("repo.content.read");

        Response response = post("/v1/chat/completions", token, chat("alice/gen"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).contains("inference.serverless.write");
    }

    @Test
    void fineGrainedTokenWithInferencePermission_allowed() {
        String token = fineGrained("repo.content.read", "inference.serverless.write");

        assertThat(post("/v1/chat/completions", token, chat("alice/gen")).status()).isEqualTo(200);
    }

    @Test
    void engineLoadingTheModel_503WithItsEstimatedTime() {
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/loading"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("8");
        assertThat(response.json().path("estimated_time").asDouble()).isEqualTo(7.5);
        assertThat(response.error()).contains("alice/loading").contains("Retry after 8 seconds");
    }

    @Test
    void engineFailing_502WithoutTheEnginesAddress() {
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/broken"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.error()).contains("alice/broken").contains("out of memory");
        assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain("sekrit");
    }

    @Test
    void engineDown_502NamingTheModel() {
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/down"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.error()).contains("alice/down").contains("cannot be reached");
    }

    @Test
    void engineThatNeverAnswers_504WithinItsTimeout() {
        long started = System.nanoTime();
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/hangs"));

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.error()).contains("alice/hangs").contains("did not answer within 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(HANG, HANG.plusSeconds(3));
    }

    @Test
    void modelList_onlyWhatTheCallerMayRead() {
        JsonNode mine = get("/v1/models", aliceRead).json().path("data");
        JsonNode bobs = get("/v1/models", bobRead).json().path("data");

        assertThat(mine.findValuesAsText("id")).contains("alice/gen", "alice/embed");
        assertThat(bobs.findValuesAsText("id")).isEmpty();
    }

    @Test
    void inferenceBucket_spent_429NamingIt() {
        Browser carol = hub.verifiedUser("carol");
        String token = hub.createToken(carol, "reader", "read");
        hub.hub().plans().setUserPlan("carol", "team");

        List<Response> calls = List.of(get("/v1/models", token), get("/v1/models", token), get("/v1/models", token));

        assertThat(calls.get(0).header("RateLimit").orElseThrow()).startsWith("\"inference\";r=1;");
        assertThat(calls.get(2).status()).isEqualTo(429);
        assertThat(calls.get(2).error()).contains("'inference' rate limit of 2 requests");
    }

    @Test
    void call_inTheCallersAuditLog() {
        post("/models/alice/gen", aliceRead, "{\"inputs\": \"audited\"}");

        JsonNode log = alice.get("/api/settings/audit-log").json();

        assertThat(log.get(0).path("action").asText()).isEqualTo("inference.call");
        assertThat(log.get(0).toString()).contains("alice/gen").contains("task:text-generation");
    }

    private static String fineGrained(String... permissions) {
        return hub.createToken(alice, """
                {"name": "%s", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": [%s]}]}}""".formatted(
                hub.uniqueName("fine"), String.join(", ", java.util.Arrays.stream(permissions).map(p -> "\"" + p + "\"").toList())));
    }

    private static void model(String token, String name, String path, String content) {
        hub.createRepo(alice, "alice", name, true);
        String ndjson = "{\"key\":\"header\",\"value\":{\"summary\":\"files\",\"description\":\"\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\",\"encoding\":\"base64\"}}\n";
        assertThat(hub.withToken(token).postNdjson("/api/models/alice/" + name + "/commit/main", ndjson).status()).isEqualTo(200);
    }

    private static String chat(String model) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";
    }

    private static HttpRequest request(String path, String token, String json) {
        HttpRequest.Builder builder = hub.browser().request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static Response post(String path, String token, String json) {
        return hub.browser().send(request(path, token, json));
    }

    private static Response get(String path, String token) {
        return hub.withToken(token).get(path);
    }

    private static String firstData(BufferedReader events) {
        try {
            String line;
            while ((line = events.readLine()) != null) {
                if (line.startsWith("data:")) {
                    return line;
                }
            }
            return "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
