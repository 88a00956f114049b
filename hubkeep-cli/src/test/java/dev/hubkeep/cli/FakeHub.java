package dev.hubkeep.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hubkeep.protocol.TokenFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A hub inside the test that answers whatever the test tells it to: for playing a hostile or
 * broken hub (the client must never trust what it is told). Answers are chosen by the longest
 * registered prefix of the request's raw path; anything else is a 404.
 */
final class FakeHub implements AutoCloseable {

    /** One answer: status, content type and body. */
    record Reply(int status, String contentType, byte[] body) {
        static Reply json(String json) {
            return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        static Reply bytes(byte[] body) {
            return new Reply(200, "application/octet-stream", body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<String, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** A request as the hub received it. */
    record Request(String method, String rawPath, Optional<String> authorization, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers every request whose raw path starts with {@code prefix} with {@code reply(rawPath)}. */
    void route(String prefix, Function<String, Reply> reply) {
        routes.put(prefix, reply);
    }

    void json(String prefix, String json) {
        route(prefix, path -> Reply.json(json));
    }

    /** The raw paths asked for so far, in order. */
    List<String> requested() {
        return requests.stream().map(Request::rawPath).toList();
    }

    /** The requests received so far, in order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** A client of this hub with a well-formed (but otherwise meaningless) token. */
    HubClient client() {
        return new HubClient(endpoint(), Optional.of(TokenFormat.generate()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path,
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")), exchange.getRequestBody().readAllBytes()));
        Reply reply = routes.entrySet().stream()
                .filter(route -> path.startsWith(route.getKey()))
                .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
                .map(route -> route.getValue().apply(path))
                .orElse(new Reply(404, "application/json", "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8)));
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(reply.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
