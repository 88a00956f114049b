package dev.hubkeep.server.inference;

import java.util.Arrays;
import java.util.Optional;

/** The tasks of the guides' task API ({@code {"inputs": …}}) this gateway maps onto an engine's OpenAI API. */
public enum Task {
    /** Onto {@code completions}. */
    TEXT_GENERATION("text-generation"),
    /** Onto {@code embeddings}. */
    FEATURE_EXTRACTION("feature-extraction"),
    /** Onto {@code classify}, the classification endpoint vLLM and SGLang serve beside their OpenAI API. */
    TEXT_CLASSIFICATION("text-classification");

    private final String pipelineTag;

    Task(String pipelineTag) {
        this.pipelineTag = pipelineTag;
    }

    public String pipelineTag() {
        return pipelineTag;
    }

    public static Optional<Task> ofPipelineTag(String tag) {
        // sentence-similarity models are embedding models too, as the public Hub treats them
        String wanted = tag.equals("sentence-similarity") ? FEATURE_EXTRACTION.pipelineTag : tag;
        return Arrays.stream(values()).filter(t -> t.pipelineTag.equals(wanted)).findFirst();
    }
}
