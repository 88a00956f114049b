package dev.hubkeep.server.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A CI identity a user or an organization trusts: ID tokens from {@code issuer}, for
 * {@code audience} (empty: the hub's public URL), whose claims pass {@code rules}, may be exchanged
 * for a token on {@code repositories} (read, or read and write) that lives {@code lifetime}.
 */
public record TrustedPublisher(
        String id,
        Owner owner,
        String name,
        String issuer,
        Optional<String> audience,
        ClaimRules rules,
        List<PublishedRepo> repositories,
        boolean write,
        Duration lifetime,
        String createdBy,
        Instant createdAt) {

    public TrustedPublisher {
        repositories = List.copyOf(repositories);
    }

    /** Whose publisher it is, and so whose tokens its exchanges make. */
    public sealed interface Owner {
        /** The namespace its repositories must be in. */
        String namespace();

        /** The key its names are unique under. */
        String key();
    }

    /** A user's: tokens are the user's own, capped to the publisher's grants. */
    public record UserOwner(String userId, String username) implements Owner {
        @Override
        public String namespace() {
            return username;
        }

        @Override
        public String key() {
            return userId;
        }
    }

    /** An organization's: tokens belong to one of its service accounts. */
    public record OrgOwner(String orgId, String orgName, String serviceAccount) implements Owner {
        @Override
        public String namespace() {
            return orgName;
        }

        @Override
        public String key() {
            return orgId;
        }
    }

    /** Whether a token for {@code repo} is within what this publisher may get. */
    public boolean covers(PublishedRepo repo) {
        return repositories.stream().anyMatch(repo::sameAs);
    }

    public String accessName() {
        return write ? "write" : "read";
    }
}
