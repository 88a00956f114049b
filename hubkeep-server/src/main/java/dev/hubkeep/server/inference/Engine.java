package dev.hubkeep.server.inference;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One upstream inference server speaking the OpenAI-compatible API ({@code transformers serve}, vLLM,
 * text-generation-inference, llama.cpp's server, Ollama), as the operator configured it.
 *
 * @param base its OpenAI base URL, such as {@code http://127.0.0.1:8000/v1}, without credentials
 * @param apiKey the bearer key the engine wants, if any (from the URL's user part)
 * @param modelTemplate what the engine calls a model: {@code {model}} is the repository id,
 *     {@code {revision}} the revision asked for ({@code transformers serve}: {@code {model}@{revision}})
 * @param timeout how long the engine may take to start answering, and to go silent in between
 */
public record Engine(URI base, Optional<String> apiKey, String modelTemplate, Duration timeout) {

    /** The model template when none is configured: the repository id, as vLLM and TGI name their model. */
    public static final String DEFAULT_TEMPLATE = "{model}";

    /** The engine's name for {@code model}. */
    public String engineModel(ModelRef model) {
        return modelTemplate.replace("{model}", model.fullName()).replace("{revision}", model.revisionOrDefault());
    }

    /** Whether the engine is told the revision; one that is not serves a single revision only. */
    public boolean namesRevisions() {
        return modelTemplate.contains("{revision}");
    }

    /** {@code base} followed by {@code path} ({@code chat/completions}). */
    public URI resolve(String path) {
        String text = base.toString();
        return URI.create(text + (text.endsWith("/") ? "" : "/") + path);
    }

    /** Never the key: the record's default would print it into logs. */
    @Override
    public String toString() {
        return "Engine[" + base + (apiKey.isPresent() ? " with a key" : "") + ", model " + modelTemplate + ", timeout "
                + timeout + "]";
    }
}
