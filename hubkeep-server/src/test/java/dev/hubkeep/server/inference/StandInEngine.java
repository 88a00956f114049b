package dev.hubkeep.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for an engine, named as such: the answers a real engine gives only in states a test
 * cannot bring a real one into on demand (busy or loading with {@code estimated_time}, failing, half
 * way through a stream the test holds open), and a record of what the hub sent it. InferenceGatewayIT
 * runs the real {@code transformers serve}. The model it is asked for picks the behaviour:
 * {@code alice/loading…} answers 503, {@code alice/broken…} 500; anything else succeeds.
 */
final class StandInEngine implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** Released by the test once it has read a stream's first event: the second follows only then. */
    volatile CountDownLatch secondEvent = new CountDownLatch(0);
    volatile String lastPath;
    volatile JsonNode lastBody;
    volatile String lastAuthorization;

    StandInEngine() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastPath = exchange.getRequestURI().getPath();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            lastBody = body;
            String model = body.path("model").asText();
            if (model.startsWith("alice/loading")) {
                send(exchange, 503, "{\"error\": \"Model " + model + " is currently loading\", \"estimated_time\": 7.5}");
                return;
            }
            if (model.startsWith("alice/broken")) {
                send(exchange, 500, "{\"detail\": \"out of memory at http://127.0.0.1:" + port() + "/v1\"}");
                return;
            }
            boolean stream = body.path("stream").asBoolean(false);
            switch (lastPath) {
                case "/v1/chat/completions" -> {
                    if (stream) {
                        stream(exchange, "{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hel\"}}]}",
                                "{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"lo\"}}]}");
                    } else {
                        send(exchange, 200, "{\"object\": \"chat.completion\", \"model\": \"" + model + "\", \"choices\":"
                                + " [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": \"Hello\"}}]}");
                    }
                }
                case "/v1/completions" -> {
                    if (stream) {
                        stream(exchange, "{\"choices\": [{\"index\": 0, \"text\": \" wor\"}]}",
                                "{\"choices\": [{\"index\": 0, \"text\": \"ld\"}]}");
                    } else {
                        send(exchange, 200, "{\"choices\": [{\"index\": 0, \"text\": \" world\"}]}");
                    }
                }
                case "/v1/embeddings" -> send(exchange, 200, body.path("input").isArray()
                        ? "{\"data\": [{\"index\": 1, \"embedding\": [3.0, 4.0]}, {\"index\": 0, \"embedding\": [1.0, 2.0]}]}"
                        : "{\"data\": [{\"index\": 0, \"embedding\": [1.0, 2.0]}]}");
                case "/v1/classify" -> send(exchange, 200, "{\"data\": [{\"index\": 0, \"probs\": [0.25, 0.75]}]}");
                default -> send(exchange, 404, "{\"detail\": \"Not Found\"}");
            }
        }
    }

    private void stream(HttpExchange exchange, String first, String second) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(("data: " + first + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            secondEvent.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.write(("data: " + second + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
