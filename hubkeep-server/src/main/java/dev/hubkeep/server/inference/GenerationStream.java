package dev.hubkeep.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed text generation in the task API's shape (text-generation-inference's server-sent
 * events, which {@code InferenceClient.text_generation(stream=True)} reads), made from an engine's
 * streamed {@code completions} as each part arrives: one token event per part, then a last event
 * with the whole {@code generated_text}.
 */
final class GenerationStream {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The most of the generated text kept for the last event; beyond it the tokens still stream. */
    private static final int MAX_KEPT_CHARS = 4 * 1024 * 1024;

    /** A line of an event stream longer than this is not an engine's. */
    private static final int MAX_LINE_CHARS = 1024 * 1024;

    private GenerationStream() {}

    static void translate(InputStream engine, OutputStream out, String prefix) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(engine, StandardCharsets.UTF_8));
        StringBuilder generated = new StringBuilder(prefix);
        int index = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.length() > MAX_LINE_CHARS) {
                throw new IOException("an event line longer than " + MAX_LINE_CHARS + " characters");
            }
            if (!line.startsWith("data:")) {
                continue; // blank separators, comments, event names
            }
            String data = line.substring("data:".length()).strip();
            if (data.equals("[DONE]")) {
                break;
            }
            JsonNode chunk = TaskApi.MAPPER.readTree(data);
            if (chunk == null || !chunk.isObject()) {
                continue;
            }
            if (chunk.has("error")) {
                ObjectNode error = JSON.objectNode();
                JsonNode said = chunk.path("error");
                error.put("error", said.isTextual() ? said.asText() : said.path("message").asText("generation failed"));
                error.put("error_type", "generation");
                write(out, error);
                return;
            }
            String text = chunk.path("choices").path(0).path("text").asText("");
            if (text.isEmpty()) {
                continue;
            }
            if (generated.length() < MAX_KEPT_CHARS) {
                generated.append(text);
            }
            write(out, event(index++, text, false, null));
        }
        write(out, event(index, "", true, generated.toString()));
    }

    private static ObjectNode event(int index, String text, boolean special, String generatedText) {
        ObjectNode token = JSON.objectNode();
        token.put("id", 0);
        token.put("text", text);
        token.put("logprob", 0.0);
        token.put("special", special);
        ObjectNode event = JSON.objectNode();
        event.put("index", index);
        event.set("token", token);
        if (generatedText == null) {
            event.putNull("generated_text");
        } else {
            event.put("generated_text", generatedText);
        }
        event.putNull("details");
        return event;
    }

    private static void write(OutputStream out, ObjectNode event) throws IOException {
        out.write(("data:" + TaskApi.MAPPER.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
