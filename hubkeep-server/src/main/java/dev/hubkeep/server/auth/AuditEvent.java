package dev.hubkeep.server.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Something that happened to a user's credentials: who did what, when, from where.
 *
 * @param userId whose event it is (they see it in their audit log)
 * @param actor a username, or {@code leak-report}, {@code operator}, {@code system}
 */
public record AuditEvent(
        String id,
        Instant at,
        String userId,
        String actor,
        String action,
        Optional<String> tokenId,
        Optional<String> address,
        Map<String, String> details) {

    public AuditEvent {
        details = Map.copyOf(details);
    }
}
