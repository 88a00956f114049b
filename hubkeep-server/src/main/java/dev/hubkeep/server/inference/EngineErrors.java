package dev.hubkeep.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an engine's error body says, in a form fit to pass on: the message of the usual shapes
 * (OpenAI's {@code {"error": {"message"}}}, TGI's and the old Inference API's {@code {"error"}},
 * FastAPI's {@code {"detail"}}), one line, short, and without the engine's address.
 */
final class EngineErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private EngineErrors() {}

    static String message(byte[] body, URI engine) {
        String text = new String(body, StandardCharsets.UTF_8);
        Optional<JsonNode> json = parse(body);
        if (json.isPresent()) {
            JsonNode node = json.get();
            text = first(node.path("error").path("message"), node.path("error"), node.path("detail"),
                    node.path("message")).orElse("");
        }
        String authority = engine.getRawAuthority();
        String cleaned = text.replace(engine.toString(), "the engine")
                .replace(authority, "the engine")
                .replaceAll("[\\r\\n\\t]+", " ")
                .strip();
        return cleaned.length() <= MAX_MESSAGE ? cleaned : cleaned.substring(0, MAX_MESSAGE) + "...";
    }

    /** The seconds until the model is loaded, when the engine says ({@code estimated_time}). */
    static Optional<Double> estimatedTime(byte[] body) {
        return parse(body).map(node -> node.path("estimated_time")).filter(JsonNode::isNumber).map(JsonNode::asDouble);
    }

    private static Optional<String> first(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return Optional.of(candidate.asText());
            }
            // FastAPI's validation errors: a list of {"loc", "msg"}
            if (candidate.isArray() && !candidate.isEmpty() && candidate.get(0).path("msg").isTextual()) {
                return Optional.of(candidate.get(0).path("msg").asText());
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
