package dev.hubkeep.server.repos;

import java.time.Instant;
import java.util.Optional;

/** One user's request for access to a gated repository, and where it stands. */
public record AccessRequest(
        String username, String fullname, Status status, String fieldsJson, Optional<String> rejectionReason, Instant updatedAt) {

    public enum Status {
        PENDING,
        ACCEPTED,
        REJECTED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Status> fromWire(String text) {
            for (Status status : values()) {
                if (status.wireName().equals(text)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }
}
