package dev.hubkeep.server.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A device code as stored (never its secret, only the user code people type). */
record DeviceCode(
        String id,
        String userCode,
        String clientId,
        String requestedFrom,
        Instant createdAt,
        Instant expiresAt,
        Duration interval,
        Optional<Instant> lastPolledAt,
        String status,
        Optional<String> userId,
        Optional<String> role) {

    static final String PENDING = "pending";
    static final String APPROVED = "approved";
    static final String DENIED = "denied";
    static final String REDEEMED = "redeemed";

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
