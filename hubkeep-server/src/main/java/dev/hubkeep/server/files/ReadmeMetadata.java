package dev.hubkeep.server.files;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The YAML front matter of a repository card ({@code README.md}), between a leading {@code ---}
 * line and the next one. Clients ask the hub to check it before they commit a README.
 */
public final class ReadmeMetadata {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Front matter is small; this bounds what the YAML parser is given. */
    private static final int MAX_FRONT_MATTER_CHARS = 512 * 1024;

    private ReadmeMetadata() {}

    /** The problems with {@code readme}'s front matter; empty when it is valid or absent. */
    public static List<String> problems(String readme) {
        Optional<String> frontMatter = frontMatter(readme);
        if (frontMatter.isEmpty()) {
            return List.of();
        }
        if (frontMatter.get().length() > MAX_FRONT_MATTER_CHARS) {
            return List.of("The metadata block is longer than " + MAX_FRONT_MATTER_CHARS / 1024 + " KiB.");
        }
        try {
            JsonNode metadata = YAML.readTree(frontMatter.get());
            if (metadata != null && !metadata.isMissingNode() && !metadata.isNull() && !metadata.isObject()) {
                return List.of("The metadata must be a YAML mapping (key: value lines).");
            }
            return List.of();
        } catch (JacksonException e) {
            return List.of("The metadata is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metadata as a JSON object, if the README has a valid block that is a mapping. */
    public static Optional<JsonNode> parse(String readme) {
        Optional<String> frontMatter = frontMatter(readme);
        if (frontMatter.isEmpty() || !problems(readme).isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode metadata = YAML.readTree(frontMatter.get());
            return metadata != null && metadata.isObject() ? Optional.of(metadata) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> frontMatter(String readme) {
        String text = readme.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return Optional.empty();
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0) {
            return Optional.empty(); // an unterminated block is just text, as the Hub treats it
        }
        return Optional.of(text.substring(4, end + 1));
    }
}
