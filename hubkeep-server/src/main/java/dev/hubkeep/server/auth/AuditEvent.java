package dev.hubkeep.server.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Something that happened to a user's credentials: who did what, when, from where.
 *
 * @param userId whose event it is (they see it in their audit log)
 * @param actor a username, or {@code leak-report}, {@code operator}, {@code system}
 * @param orgId for an organization's event, the organization (its admins see it)
 */
public record AuditEvent(
        String id,
        Instant at,
        String userId,
        String actor,
        String action,
        Optional<String> tokenId,
        Optional<String> address,
        Map<String, String> details,
        Optional<String> orgId) {

    public AuditEvent {
        details = Map.copyOf(details);
    }

    /** An event of a user's own, seen by that user only. */
    public AuditEvent(String id, Instant at, String userId, String actor, String action, Optional<String> tokenId,
            Optional<String> address, Map<String, String> details) {
        this(id, at, userId, actor, action, tokenId, address, details, Optional.empty());
    }
}
