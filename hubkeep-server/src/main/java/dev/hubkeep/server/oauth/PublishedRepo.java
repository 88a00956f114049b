package dev.hubkeep.server.oauth;

import dev.hubkeep.server.accounts.Username;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.repos.RepoName;
import dev.hubkeep.server.repos.RepoType;
import java.util.Optional;

/**
 * A repository as the Hub's clients name it in {@code HF_OIDC_RESOURCE} and as a trusted publisher
 * lists it: {@code ns/name} for a model, {@code models/ns/name}, {@code datasets/ns/name},
 * {@code spaces/ns/name}.
 */
public record PublishedRepo(RepoType type, String namespace, String name) {

    /** The repository {@code text} names, or empty when it names none (a bare namespace, a path of four parts). */
    public static Optional<PublishedRepo> parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length == 3) {
            return RepoType.fromPlural(parts[0]).flatMap(type -> of(type, parts[1], parts[2]));
        }
        return parts.length == 2 ? of(RepoType.MODEL, parts[0], parts[1]) : Optional.empty();
    }

    private static Optional<PublishedRepo> of(RepoType type, String namespace, String name) {
        try {
            Username.validate(namespace);
            RepoName.validate(name);
            return Optional.of(new PublishedRepo(type, namespace, name));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    public String fullName() {
        return namespace + "/" + name;
    }

    /** As the clients write it: {@code acme/bert}, {@code datasets/acme/squad}. */
    public String wire() {
        return type.urlPrefix() + fullName();
    }

    public boolean sameAs(PublishedRepo other) {
        return type == other.type && fullName().equalsIgnoreCase(other.fullName());
    }
}
