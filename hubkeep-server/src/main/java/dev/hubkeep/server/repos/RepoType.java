package dev.hubkeep.server.repos;

import dev.hubkeep.server.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Optional;

/** Models, datasets and spaces: the same repositories, under different URL prefixes. */
public enum RepoType {
    MODEL("model", "models", ""),
    DATASET("dataset", "datasets", "datasets/"),
    SPACE("space", "spaces", "spaces/");

    private final String singular;
    private final String plural;
    private final String urlPrefix;

    RepoType(String singular, String plural, String urlPrefix) {
        this.singular = singular;
        this.plural = plural;
        this.urlPrefix = urlPrefix;
    }

    /** {@code model}: the wire name in request bodies and fine-grained entity types. */
    public String singular() {
        return singular;
    }

    /** {@code models}: the API path segment. */
    public String plural() {
        return plural;
    }

    /** Before {@code ns/name} in web and git URLs: nothing for models, {@code datasets/}, {@code spaces/}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    public static RepoType fromSingular(String singular) {
        return Arrays.stream(values())
                .filter(t -> t.singular.equals(singular))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("'type' must be model, dataset or space, not '" + singular + "'."));
    }

    public static Optional<RepoType> fromPlural(String plural) {
        return Arrays.stream(values()).filter(t -> t.plural.equals(plural)).findFirst();
    }
}
