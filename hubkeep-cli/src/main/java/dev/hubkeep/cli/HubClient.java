package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A client of one hub (any Hub-compatible endpoint) with one token, for Java programs and the
 * commands. Each failure is a {@link HubClientException} carrying the status, the hub's message
 * and its {@code X-Error-Code}.
 */
public final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final Optional<String> token;
    private final HttpClient http;

    public HubClient(String endpoint, Optional<String> token) {
        this.endpoint = endpoint;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    }

    public String endpoint() {
        return endpoint;
    }

    /** {@code GET /api/whoami-v2}: the user, their organizations and the token's own facts. */
    public Whoami whoami() {
        return Whoami.from(getJson("/api/whoami-v2"));
    }

    JsonNode getJson(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new HubClientException(0, "Could not reach " + endpoint + ": " + describe(e), Optional.empty(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubClientException(0, "Interrupted.", Optional.empty(), Optional.empty());
        }
        if (response.statusCode() >= 400) {
            throw refusal(response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new HubClientException(response.statusCode(), endpoint + path + " did not answer JSON; is "
                    + endpoint + " a hub?", Optional.empty(), Optional.empty());
        }
    }

    private static HubClientException refusal(HttpResponse<byte[]> response) {
        String message = response.headers().firstValue("X-Error-Message").orElse("");
        if (message.isBlank()) {
            try {
                message = JSON.readTree(response.body()).path("error").asText("");
            } catch (IOException e) {
                message = "";
            }
        }
        if (message.isBlank()) {
            message = "HTTP " + response.statusCode();
        }
        Optional<Long> retryAfter = response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        return new HubClientException(response.statusCode(), message, response.headers().firstValue("X-Error-Code"), retryAfter);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
