package dev.hubkeep.server.xet;

import dev.hubkeep.server.auth.PepperRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs and checks Xet tokens: {@code xet_<payload>.<signature>}, the payload the token's fields
 * (base64url), the signature their HMAC-SHA256 under a key of the data directory
 * ({@code secrets/xet-signing-key}), kept like the LFS link key. A token is self-contained and
 * short-lived; what it names is re-checked at use by {@link XetAuthority}.
 */
public final class XetTokens {

    /** How long a Xet token works; clients refresh it 30 to 60 seconds before it expires. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(15);
    private static final String PREFIX = "xet_";
    /** 2: the credential's session id too (1's session-derived tokens outlived a sign-out). */
    private static final String VERSION = "2";

    private final PepperRing key;
    private final Duration validity;
    private final Clock clock;

    public XetTokens(PepperRing key, Duration validity, Clock clock) {
        this.key = key;
        this.validity = validity;
        this.clock = clock;
    }

    /** A token for {@code scope} on the repository, on behalf of the given credential, expiring {@link #validity} from now. */
    public Signed sign(XetScope scope, String repoId, String repoType, String namespace, String name,
            Optional<String> userId, Optional<String> tokenId, Optional<String> sessionId) {
        Instant expires = clock.instant().plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String fields = String.join("\n", VERSION, scope.wireName(), repoId, repoType, namespace, name, userId.orElse(""),
                tokenId.orElse(""), sessionId.orElse(""), Long.toString(expires.getEpochSecond()));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(fields.getBytes(StandardCharsets.UTF_8));
        return new Signed(PREFIX + payload + "." + key.current().hexDigest(payload), expires);
    }

    /** A signed token and when it expires. */
    public record Signed(String value, Instant expiresAt) {}

    /** What the token grants, if it is one of ours, unaltered and unexpired. */
    public Optional<XetToken> check(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = value.lastIndexOf('.');
        if (dot < PREFIX.length()) {
            return Optional.empty();
        }
        String payload = value.substring(PREFIX.length(), dot);
        String signature = value.substring(dot + 1);
        if (!payload.chars().allMatch(c -> c < 128)) {
            return Optional.empty();
        }
        byte[] expected = key.current().hexDigest(payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] f = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\n", -1);
        if (f.length != 10 || !f[0].equals(VERSION)) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(f[9]));
        if (!expires.isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new XetToken(XetScope.fromWireName(f[1]), f[2], f[3], f[4], f[5], nonEmpty(f[6]), nonEmpty(f[7]),
                nonEmpty(f[8]), expires));
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
