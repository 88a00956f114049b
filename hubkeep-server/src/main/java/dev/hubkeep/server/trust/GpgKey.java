package dev.hubkeep.server.trust;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A public key on an account, as listed: what it is, which emails it certifies, since and until when. */
public record GpgKey(
        String id,
        String fingerprint,
        String keyId,
        List<String> keyIds,
        List<String> emails,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Instant addedAt,
        String armored) {}
