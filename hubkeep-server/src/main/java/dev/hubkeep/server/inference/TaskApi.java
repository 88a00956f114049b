package dev.hubkeep.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.UpstreamException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The guides' task API ({@code {"inputs": …, "parameters": …}}, the answers the Hub's clients parse)
 * translated onto an engine's OpenAI-style API and back. Pure: JSON in, JSON out.
 */
public final class TaskApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TaskApi() {}

    /** The engine request for a task request: where it goes and what it says. */
    public record EngineRequest(String path, ObjectNode body) {}

    public static EngineRequest request(Task task, JsonNode request, String engineModel) {
        JsonNode inputs = request.path("inputs");
        JsonNode parameters = request.path("parameters");
        ObjectNode body = JSON.objectNode();
        body.put("model", engineModel);
        return switch (task) {
            case TEXT_GENERATION -> {
                if (!inputs.isTextual()) {
                    throw new InvalidInputException("Text generation needs 'inputs' as a string: the prompt.");
                }
                body.put("prompt", inputs.asText());
                copy(parameters, "max_new_tokens", body, "max_tokens");
                for (String same : List.of("temperature", "top_p", "seed", "stop", "frequency_penalty", "presence_penalty")) {
                    copy(parameters, same, body, same);
                }
                if (parameters.path("do_sample").isBoolean() && !parameters.path("do_sample").asBoolean()) {
                    body.put("temperature", 0); // greedy, as do_sample=false asks
                }
                if (request.path("stream").asBoolean(false)) {
                    body.put("stream", true);
                }
                yield new EngineRequest("completions", body);
            }
            case FEATURE_EXTRACTION -> {
                requireTexts(inputs, "Feature extraction");
                body.set("input", inputs);
                yield new EngineRequest("embeddings", body);
            }
            case TEXT_CLASSIFICATION -> {
                requireTexts(inputs, "Text classification");
                body.set("input", inputs);
                yield new EngineRequest("classify", body);
            }
        };
    }

    /** Whether the request asks for a streamed answer (text generation only). */
    public static boolean streams(Task task, JsonNode request) {
        return task == Task.TEXT_GENERATION && request.path("stream").asBoolean(false);
    }

    /** The task API's answer to an engine's (non-streamed) answer. */
    public static JsonNode response(Task task, JsonNode request, JsonNode engine, List<String> labels, String model) {
        return switch (task) {
            case TEXT_GENERATION -> {
                JsonNode text = engine.path("choices").path(0).path("text");
                if (!text.isTextual()) {
                    throw malformed(model);
                }
                ObjectNode generated = JSON.objectNode();
                generated.put("generated_text", prefix(request) + text.asText());
                yield JSON.arrayNode().add(generated);
            }
            case FEATURE_EXTRACTION -> {
                JsonNode data = engine.path("data");
                if (!data.isArray() || data.isEmpty()) {
                    throw malformed(model);
                }
                List<JsonNode> ordered = ordered(data);
                ArrayNode vectors = JSON.arrayNode();
                ordered.forEach(item -> vectors.add(item.path("embedding")));
                yield request.path("inputs").isTextual() ? vectors.get(0) : vectors;
            }
            case TEXT_CLASSIFICATION -> {
                JsonNode data = engine.path("data");
                if (!data.isArray() || data.isEmpty()) {
                    throw malformed(model);
                }
                int topK = request.path("parameters").path("top_k").asInt(Integer.MAX_VALUE);
                ArrayNode all = JSON.arrayNode();
                for (JsonNode item : ordered(data)) {
                    all.add(scores(item, labels, topK));
                }
                yield all;
            }
        };
    }

    /** Each class with its probability, best first, named by the model's {@code id2label}. */
    private static ArrayNode scores(JsonNode item, List<String> labels, int topK) {
        JsonNode probs = item.path("probs");
        List<ObjectNode> scored = new ArrayList<>();
        for (int i = 0; i < probs.size(); i++) {
            ObjectNode score = JSON.objectNode();
            score.put("label", i < labels.size() ? labels.get(i) : "LABEL_" + i);
            score.put("score", probs.get(i).asDouble());
            scored.add(score);
        }
        if (scored.isEmpty() && item.path("label").isTextual()) {
            ObjectNode only = JSON.objectNode();
            only.put("label", item.path("label").asText());
            only.put("score", 1.0);
            scored.add(only);
        }
        scored.sort(Comparator.comparingDouble((ObjectNode s) -> s.path("score").asDouble()).reversed());
        ArrayNode result = JSON.arrayNode();
        scored.stream().limit(Math.max(1, topK)).forEach(result::add);
        return result;
    }

    /** What precedes the generated text: the prompt when {@code return_full_text} asks for it (TGI's default: not). */
    static String prefix(JsonNode request) {
        return request.path("parameters").path("return_full_text").asBoolean(false) ? request.path("inputs").asText() : "";
    }

    private static List<JsonNode> ordered(JsonNode data) {
        List<JsonNode> items = new ArrayList<>();
        data.forEach(items::add);
        items.sort(Comparator.comparingInt(item -> item.path("index").asInt(0)));
        return items;
    }

    private static void requireTexts(JsonNode inputs, String task) {
        boolean texts = inputs.isTextual()
                || inputs.isArray() && !inputs.isEmpty() && inputs.size() <= 1024
                        && java.util.stream.StreamSupport.stream(inputs.spliterator(), false).allMatch(JsonNode::isTextual);
        if (!texts) {
            throw new InvalidInputException(task + " needs 'inputs' as a string or a list of 1 to 1024 strings.");
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.path(field);
        if (!value.isMissingNode() && !value.isNull()) {
            to.set(as, value);
        }
    }

    static UpstreamException malformed(String model) {
        return new UpstreamException(UpstreamException.Failure.UNREACHABLE, "The inference engine serving " + model
                + " answered in a shape this hub does not know. Tell the hub's operator: the engine may not speak the"
                + " OpenAI-compatible API for this task.");
    }
}
