package dev.hubkeep.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a new token should be: name, power, lifetime and where it may be used from. */
public record NewToken(
        String name,
        TokenRole role,
        Optional<FineGrained> fineGrained,
        Optional<Instant> expiresAt,
        List<CidrRange> allowedCidrs) {

    public NewToken {
        allowedCidrs = List.copyOf(allowedCidrs);
    }
}
