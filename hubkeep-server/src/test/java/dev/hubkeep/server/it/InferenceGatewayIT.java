package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference gateway in front of a real engine: {@code transformers serve} (acceptance/transformers,
 * torch on the CPU), one process for the class, pulling the model from the hub itself ({@code HF_ENDPOINT}
 * = the hub, a read token of the model's owner). acceptance/transformers/inference.py pushes a tiny random
 * GPT-2 to a private repository and asks for text with the guides' curl and requests snippets,
 * huggingface_hub's InferenceClient and the openai client, streamed and not. The refusals and the
 * engine failures are asked here: another user's token, a fine-grained token without the inference
 * permission, a spent inference bucket, an engine that is down, and one that accepts and never answers
 * (a socket of this test's: the only stand-in, for a hung engine).
 */
class InferenceGatewayIT {

    private static final String REPO = "alice/tiny-chat";
    private static final Duration HANG_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path dir;

    static HubProcess hub;
    static Process engine;
    static ServerSocket hangingEngine;
    static final List<Socket> held = new ArrayList<>();
    static String aliceRead;
    static String bobRead;
    static String carolRead;
    static JsonNode result;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        String aliceWrite = HubProcess.userWithToken(data, "alice", "writer", "write");
        aliceRead = admin(data, "token", "create", "--user", "alice", "--name", "reader", "--role", "read");
        String engineToken = admin(data, "token", "create", "--user", "alice", "--name", "engine", "--role", "read");
        bobRead = HubProcess.userWithToken(data, "bob", "reader", "read");
        carolRead = HubProcess.userWithToken(data, "carol", "reader", "read");
        admin(data, "plan", "set", "--user", "carol", "team"); // the team plan's inference quota is 2 below

        int enginePort = freePort();
        int downPort = freePort(); // nothing listens there: an engine that is down
        hangingEngine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(InferenceGatewayIT::acceptAndHold);
        Path config = dir.resolve("hubkeep.conf");
        Files.writeString(config, String.join("\n",
                "inference-engines = default http://127.0.0.1:" + enginePort + "/v1 model={model}@{revision};"
                        + " alice/stopped http://127.0.0.1:" + downPort + "/v1;"
                        + " alice/hangs http://127.0.0.1:" + hangingEngine.getLocalPort() + "/v1 timeout="
                        + HANG_TIMEOUT.toSeconds() + "s",
                "rate-limit-team = 100000/100000/100000/2", ""));
        hub = HubProcess.serve(data, "--config", config.toString());
        String hubUrl = hub.uri().toString().replaceAll("/$", "");

        Path venv = ClientScript.acceptance("transformers").resolve(".venv");
        assertThat(venv.resolve("bin/transformers")).as("the venv ./run-tests makes in acceptance/transformers").isExecutable();
        ProcessBuilder serve = new ProcessBuilder(venv.resolve("bin/transformers").toString(), "serve", "--host",
                "127.0.0.1", "--port", Integer.toString(enginePort))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("engine.log").toFile());
        serve.environment().putAll(Map.of("HF_ENDPOINT", hubUrl, "HF_TOKEN", engineToken,
                "HF_HOME", Files.createDirectories(dir.resolve("engine-home")).toString(),
                "HF_HUB_DISABLE_TELEMETRY", "1"));
        engine = serve.start();
        Await.until(Duration.ofMinutes(3), "transformers serve answering /health (engine.log)",
                () -> engine.isAlive() && status("http://127.0.0.1:" + enginePort + "/health") == 200);

        for (String repo : List.of("stopped", "hangs")) {
            assertThat(post("/api/repos/create", aliceWrite, "{\"name\": \"alice/" + repo + "\"}").status()).isEqualTo(200);
        }
        result = ClientScript.run(List.of(venv.resolve("bin/python").toString(), "inference.py"),
                ClientScript.acceptance("transformers"), Map.of(
                        "HUB_URL", hubUrl,
                        "WRITE_TOKEN", aliceWrite,
                        "HF_TOKEN", aliceRead,
                        "REPO", REPO,
                        "WORK_DIR", Files.createDirectories(dir.resolve("work")).toString(),
                        "HF_HOME", Files.createDirectories(dir.resolve("client-home")).toString()),
                Duration.ofMinutes(6));
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) {
            engine.descendants().forEach(ProcessHandle::destroyForcibly);
            engine.destroyForcibly();
            engine.waitFor(30, TimeUnit.SECONDS);
        }
        if (hangingEngine != null) {
            hangingEngine.close();
        }
        for (Socket socket : held) {
            socket.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void guidesSnippetsAndClients_privateModel_getGeneratedText() {
        assertThat(result.path("ok").asBoolean()).as("%s", result).isTrue();
        for (String client : List.of("curl", "requests", "InferenceClient.chat_completion",
                "InferenceClient.chat_completion(stream)", "InferenceClient.text_generation",
                "InferenceClient.text_generation(stream)", "openai.chat.completions", "openai.chat.completions(stream)",
                "openai.completions")) {
            assertThat(result.path("answers").path(client).asText()).as(client + " in %s", result).isNotBlank();
        }
    }

    @Test
    void streamedAnswers_arriveInSeveralEvents() {
        for (String client : List.of("InferenceClient.chat_completion(stream)", "InferenceClient.text_generation(stream)",
                "openai.chat.completions(stream)")) {
            assertThat(result.path("answers").path(client + ".chunks").asInt()).as(client + " in %s", result)
                    .isGreaterThan(1);
        }
    }

    @Test
    void modelList_namesThePrivateModelForItsOwner() {
        assertThat(result.path("models")).as("%s", result).anyMatch(id -> id.asText().equals(REPO));
    }

    @Test
    void tokenWithoutReadOnTheModel_404LikeAnyPrivateRepository() {
        Response response = post("/v1/chat/completions", bobRead, chat(REPO));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error()).isEqualTo("Repository not found.");
        assertThat(response.header("X-Error-Code")).contains("RepoNotFound");
    }

    @Test
    void fineGrainedTokenWithoutTheInferencePermission_403NamingIt() {
        Browser alice = hub.browser();
        alice.postJson("/api/login", "{\"username\": \"alice\", \"password\": \"alice's password\"}");
        String token = alice.postJson("/api/settings/tokens", """
                {"name": "fine", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "user", "name": "alice"}, "permissions": ["repo.content.read"]}]}}""")
                .json().path("token").asText();

        Response response = post("/models/" + REPO, token, "{\"inputs\": \"hello\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).contains("inference.serverless.write");
    }

    @Test
    void inferenceBucketSpent_429NamingIt() {
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            responses.add(get("/v1/models", carolRead));
        }

        assertThat(responses.get(1).status()).isEqualTo(200);
        assertThat(responses.get(2).status()).isEqualTo(429);
        assertThat(responses.get(2).header("RateLimit").orElseThrow()).startsWith("\"inference\";r=0;");
        assertThat(responses.get(2).error()).contains("'inference' rate limit");
    }

    @Test
    void engineDown_502NamingTheModelNotTheEngine() {
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/stopped"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.error()).contains("alice/stopped").contains("cannot be reached");
        assertThat(response.body()).doesNotContain("127.0.0.1");
    }

    @Test
    void engineThatNeverAnswers_504WithinTheTimeout() {
        long started = System.nanoTime();
        Response response = post("/v1/chat/completions", aliceRead, chat("alice/hangs"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.error()).contains("alice/hangs").contains("did not answer within 2 seconds");
        assertThat(took).isBetween(HANG_TIMEOUT, HANG_TIMEOUT.plusSeconds(5));
    }

    private static String chat(String model) {
        return """
                {"model": "%s", "messages": [{"role": "user", "content": "hello"}], "max_tokens": 4}""".formatted(model);
    }

    private static Response post(String path, String token, String json) {
        return hub.browser().send(hub.browser().request(path).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static Response get(String path, String token) {
        return hub.browser().send(hub.browser().request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    private static int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The hung engine: takes every connection and never says a word. */
    private static void acceptAndHold() {
        try {
            while (!hangingEngine.isClosed()) {
                Socket socket = hangingEngine.accept();
                synchronized (held) {
                    held.add(socket);
                }
            }
        } catch (IOException e) {
            // closed at the end of the class
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** An operator command on the data directory; returns what it printed. */
    private static String admin(Path data, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("admin"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data", data.toString()));
        Process process = HubProcess.command(command).redirectError(dir.resolve("admin.log").toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new UncheckedIOException(new IOException("admin " + String.join(" ", args) + " failed: "
                    + Files.readString(dir.resolve("admin.log"))));
        }
        return output;
    }
}
