package dev.hubkeep.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A token as stored, without its value (which is never stored) or digest. */
public record AccessToken(
        String id,
        String userId,
        String name,
        TokenRole role,
        Optional<FineGrained> fineGrained,
        String hint,
        Instant createdAt,
        Optional<Instant> expiresAt,
        List<CidrRange> allowedCidrs,
        Optional<Instant> lastUsedAt,
        Optional<String> lastUsedIp,
        Optional<Instant> refreshedAt,
        Optional<Instant> revokedAt) {

    public AccessToken {
        allowedCidrs = List.copyOf(allowedCidrs);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt.map(e -> !e.isAfter(now)).orElse(false);
    }

    public boolean allowsAddress(String address) {
        return allowedCidrs.isEmpty() || allowedCidrs.stream().anyMatch(range -> range.contains(address));
    }
}
