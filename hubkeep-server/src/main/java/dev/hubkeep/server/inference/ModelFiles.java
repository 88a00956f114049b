package dev.hubkeep.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.files.Entry;
import dev.hubkeep.server.files.RepoAtRevision;
import dev.hubkeep.server.git.RepoStorage;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What the gateway reads of a model's own files at a commit: its pipeline tag (the model card's
 * {@code pipeline_tag}, else what {@code config.json}'s architecture implies, as the public Hub
 * infers it) and its class labels ({@code id2label}, for text classification). Kept per commit,
 * which never changes.
 */
public final class ModelFiles {

    /** The largest config.json read; a bigger one is not a transformers config. */
    private static final int MAX_CONFIG_BYTES = 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record At(String repoId, String commitId) {}

    /** What a commit says about the model. */
    public record Facts(Optional<String> pipelineTag, List<String> labels) {}

    private final RepoStorage storage;
    private final BiFunction<String, String, Optional<JsonNode>> cardData;
    private final Cache<At, Facts> facts = Caffeine.newBuilder().maximumSize(10_000).build();

    /** {@code cardData}: the README's metadata at a repository's commit (repo info's {@code cardData}). */
    public ModelFiles(RepoStorage storage, BiFunction<String, String, Optional<JsonNode>> cardData) {
        this.storage = storage;
        this.cardData = cardData;
    }

    public Facts at(String repoId, String commitId) {
        return facts.get(new At(repoId, commitId), at -> read(repoId, commitId));
    }

    private Facts read(String repoId, String commitId) {
        Optional<String> cardTag = cardData.apply(repoId, commitId)
                .map(card -> card.path("pipeline_tag"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        Optional<JsonNode> config = config(repoId, commitId);
        List<String> labels = new ArrayList<>();
        config.map(c -> c.path("id2label")).filter(JsonNode::isObject).ifPresent(id2label -> {
            for (int i = 0; i < id2label.size() && id2label.has(Integer.toString(i)); i++) {
                labels.add(id2label.get(Integer.toString(i)).asText());
            }
        });
        return new Facts(cardTag.or(() -> config.flatMap(ModelFiles::pipelineOfArchitecture)), List.copyOf(labels));
    }

    /** The task transformers' auto classes tie to the first architecture, for the three tasks served. */
    private static Optional<String> pipelineOfArchitecture(JsonNode config) {
        JsonNode architectures = config.path("architectures");
        if (!architectures.isArray() || architectures.isEmpty()) {
            return Optional.empty();
        }
        String architecture = architectures.get(0).asText();
        if (architecture.endsWith("ForCausalLM") || architecture.endsWith("LMHeadModel")
                || architecture.endsWith("ForConditionalGeneration")) {
            return Optional.of(Task.TEXT_GENERATION.pipelineTag());
        }
        if (architecture.endsWith("ForSequenceClassification")) {
            return Optional.of(Task.TEXT_CLASSIFICATION.pipelineTag());
        }
        if (architecture.endsWith("Model")) {
            return Optional.of(Task.FEATURE_EXTRACTION.pipelineTag());
        }
        return Optional.empty();
    }

    private Optional<JsonNode> config(String repoId, String commitId) {
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commitId)) {
            Optional<Entry> config = revision.entry("config.json").filter(e -> e.isFile() && e.lfs().isEmpty());
            if (config.isEmpty() || config.get().blobSize() > MAX_CONFIG_BYTES) {
                return Optional.empty();
            }
            JsonNode node = MAPPER.readTree(revision.bytes(config.get(), MAX_CONFIG_BYTES));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return Optional.empty(); // not JSON: no facts from it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
