package dev.hubkeep.server.auth;

import java.util.List;
import java.util.Set;

/**
 * The grants of a fine-grained token, in the public Hub's shape: permissions per entity (a user or
 * organization namespace, or one repository), global permissions, and whether gated repositories
 * the owner was granted may be read.
 */
public record FineGrained(List<Scoped> scoped, List<String> global, boolean canReadGatedRepos) {

    /** Permission names a grant on an entity may list; the Hub's own names where it has them. */
    public static final Set<String> ENTITY_PERMISSIONS = Set.of(
            "repo.content.read",
            "repo.write",
            "repo.access.read",
            "inference.serverless.write",
            "org.read",
            "org.write",
            "org.members.read",
            "org.members.write",
            "user.webhooks.read",
            "user.webhooks.write",
            "user.tokens.read",
            "user.tokens.write",
            "user.gpgKeys.write");

    /** Global permissions (not tied to an entity), as on the public Hub. */
    public static final Set<String> GLOBAL_PERMISSIONS = Set.of("discussion.write", "post.write");

    public enum EntityType {
        USER("user"),
        ORG("org"),
        MODEL("model"),
        DATASET("dataset"),
        SPACE("space");

        private final String wireName;

        EntityType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** One entity and the permissions held on it. */
    public record Scoped(EntityType type, String name, Set<String> permissions) {}

    public FineGrained {
        scoped = List.copyOf(scoped);
        global = List.copyOf(global);
    }

    /** Whether the grants include {@code permission} on the user namespace {@code username}. */
    public boolean grantsOnUser(String username, String permission) {
        return scoped.stream()
                .anyMatch(s -> s.type() == EntityType.USER
                        && s.name().equalsIgnoreCase(username)
                        && s.permissions().contains(permission));
    }

    /**
     * Only the grants that reach the resources of the user or organization namespace {@code namespace}:
     * those on the namespace itself and on its repositories, with {@code canReadGatedRepos} when any
     * remain. Global permissions reach no namespace's resources and are dropped.
     */
    public FineGrained on(String namespace) {
        List<Scoped> reaching = scoped.stream()
                .filter(s -> (s.type() == EntityType.USER || s.type() == EntityType.ORG)
                        ? s.name().equalsIgnoreCase(namespace)
                        : s.name().regionMatches(true, 0, namespace + "/", 0, namespace.length() + 1))
                .toList();
        return new FineGrained(reaching, List.of(), canReadGatedRepos && !reaching.isEmpty());
    }

    /** Whether every grant of {@code other} is also a grant of this: the test against escalation. */
    public boolean covers(FineGrained other) {
        if (other.canReadGatedRepos && !canReadGatedRepos) {
            return false;
        }
        if (!global.containsAll(other.global)) {
            return false;
        }
        return other.scoped.stream().allMatch(wanted -> scoped.stream()
                .anyMatch(held -> held.type() == wanted.type()
                        && held.name().equalsIgnoreCase(wanted.name())
                        && held.permissions().containsAll(wanted.permissions())));
    }
}
