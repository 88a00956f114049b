package dev.hubkeep.server.inference;

import dev.hubkeep.server.errors.InvalidInputException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model a request names: a repository of this hub, {@code namespace/name}, optionally at a
 * revision ({@code alice/tiny-gpt2:main}). Without one, the engine serves the default branch.
 */
public record ModelRef(String namespace, String name, Optional<String> revision) {

    /** The branch an engine serves when the request names no revision. */
    public static final String DEFAULT_REVISION = "main";

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)(?::(.+))?");

    /** Reads the {@code model} field of an OpenAI-style request. */
    public static ModelRef parse(String text) {
        Matcher m = SHAPE.matcher(text);
        if (text.length() > 300 || !m.matches()) {
            throw new InvalidInputException("'model' must name a model of this hub as namespace/name, optionally with"
                    + " :revision (e.g. alice/tiny-gpt2 or alice/tiny-gpt2:main), not '" + shorten(text) + "'.");
        }
        return new ModelRef(m.group(1), m.group(2), Optional.ofNullable(m.group(3)));
    }

    public String fullName() {
        return namespace + "/" + name;
    }

    /** The revision the engine is asked for. */
    public String revisionOrDefault() {
        return revision.orElse(DEFAULT_REVISION);
    }

    /** As callers name it: {@code alice/tiny-gpt2}, or {@code alice/tiny-gpt2:v1}. */
    public String label() {
        return fullName() + revision.map(r -> ":" + r).orElse("");
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
