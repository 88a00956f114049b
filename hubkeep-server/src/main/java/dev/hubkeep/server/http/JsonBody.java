package dev.hubkeep.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.TooLargeException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON object request body, read with a size limit and asked for typed fields. Every way it can
 * be wrong (too big, not JSON, not an object, a field missing or of the wrong type) is a 4xx whose
 * message names the problem.
 */
public final class JsonBody {

    /** API bodies are small; file content travels through other endpoints. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper MAPPER = Json.mapper();

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    public static JsonBody read(Context ctx) {
        return parse(ctx, false);
    }

    /** As {@link #read}, for endpoints whose fields are all optional: no body at all reads as {@code {}}. */
    public static JsonBody readOrEmpty(Context ctx) {
        return parse(ctx, true);
    }

    private static JsonBody parse(Context ctx, boolean emptyAllowed) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge(); // unread: the pipeline drops the body after the answer (UnreadBody)
        }
        byte[] bytes = readAtMost(ctx, MAX_BYTES);
        if (bytes.length == 0 && emptyAllowed) {
            return new JsonBody(MAPPER.createObjectNode());
        }
        if (bytes.length == 0) {
            throw new InvalidInputException("The request needs a JSON body.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidInputException("The request body is not valid JSON.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("The request body must be a JSON object.");
        }
        return new JsonBody(root);
    }

    private static byte[] readAtMost(Context ctx, int limit) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                UnreadBody.drop(ctx);
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException("The request body could not be read.");
        }
    }

    private static TooLargeException tooLarge() {
        return new TooLargeException("The request body is larger than " + MAX_BYTES / 1024 + " KiB.");
    }

    /** A copy of the whole object, for a body passed on with changes (the inference gateway's). */
    public com.fasterxml.jackson.databind.node.ObjectNode copy() {
        return ((com.fasterxml.jackson.databind.node.ObjectNode) root).deepCopy();
    }

    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> new InvalidInputException("'" + field + "' is required."));
    }

    public Optional<String> optionalString(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidInputException("'" + field + "' must be a string.");
        }
        return Optional.of(value.textValue());
    }

    /** The raw value of {@code field}, for structured values that their own parser checks. */
    public Optional<JsonNode> optionalNode(String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public Optional<List<String>> optionalStringList(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new InvalidInputException("'" + field + "' must be a list of strings.");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidInputException("'" + field + "' must be a list of strings.");
            }
            items.add(item.textValue());
        }
        return Optional.of(items);
    }

    public Optional<Instant> optionalInstant(String field) {
        return optionalString(field).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        "'" + field + "' must be an ISO-8601 instant such as 2027-01-31T00:00:00Z, not '" + text + "'.");
            }
        });
    }

    /** The top-level fields whose values are scalars, as text: free-form answers such as an access request's. */
    public java.util.Map<String, String> fieldsAsStrings() {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        root.properties().forEach(entry -> {
            if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                fields.put(entry.getKey(), entry.getValue().asText());
            }
        });
        return fields;
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException("'" + field + "' must be true or false.");
        }
        return Optional.of(value.booleanValue());
    }
}
