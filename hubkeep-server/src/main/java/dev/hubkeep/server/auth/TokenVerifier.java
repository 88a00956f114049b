package dev.hubkeep.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hubkeep.protocol.TokenFormat;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a presented token into its stored record, on every authenticated request, so it is
 * built to be cheap: a malformed token is refused from its checksum alone (no database access);
 * a well-formed one costs one HMAC, then a cache lookup by digest, and on a miss one unique-index
 * probe. Every change to a token or its owner's account is announced ({@code store.Changes}) and
 * evicts it at once, on every node sharing the database ({@code store.ChangeBroadcast}); entries
 * also expire after a few seconds (on the hub's clock), a second bound should a broadcast be lost.
 *
 * <p>A cache hit reads the clock once and allocates little beyond the digest: the entry carries its
 * own expiry and the last time its use was noted, so the common case (one token, one address, many
 * requests) neither asks Caffeine to track time nor asks {@link LastUsedRecorder} anything.
 */
public final class TokenVerifier {

    public static final String INVALID = "Invalid credentials in Authorization header";
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** How often one dead value (unknown, revoked, expired) is looked up before it is refused from memory. */
    static final int FAILURES_PER_VALUE = 10;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);
    /** A public Hub token: {@code hf_} and 34 letters. */
    static final int PUBLIC_HUB_LENGTH = 37;

    private final Database database;
    private final Clock clock;
    private final Ids ids;
    private final LastUsedRecorder lastUsed;
    private volatile PepperRing peppers;
    private final Cache<DigestKey, Kept> cache;
    /** Bumped by every eviction, so a lookup racing a change never caches what it read before it. */
    private final AtomicLong changes = new AtomicLong();
    /** Failures per value, keyed by its digest (never the value). */
    private final FailureThrottle deadValues;
    private final Changes feed;

    public TokenVerifier(Database database, PepperRing peppers, LastUsedRecorder lastUsed, Clock clock, Changes feed) {
        this.database = database;
        this.peppers = peppers;
        this.lastUsed = lastUsed;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.feed = feed;
        this.deadValues = new FailureThrottle(clock, FAILURES_PER_VALUE, FAILURE_WINDOW);
        this.cache = Caffeine.newBuilder().maximumSize(100_000).build();
        feed.subscribe(change -> {
            switch (change) {
                case Change.Token token -> evict(token.tokenId());
                // The owner's name and verified email travel with each cached token.
                case Change.Account account -> evictOwnedBy(account.userId());
                case Change.Everything ignored -> evictAll();
                default -> {}
            }
        });
    }

    /**
     * The token's record and owner, or a 401 that says what is wrong, when that is safe to say. A
     * value that keeps being presented after it was refused as unknown, revoked or expired (a
     * forgotten script, say) is refused from memory with a 429, without another database probe;
     * being keyed by the value's digest, that never touches any other token.
     */
    public TokenRepository.Found verify(String presented, String address) {
        if (!TokenFormat.isWellFormed(presented)) {
            throw new UnauthenticatedException(INVALID + whyMalformed(presented));
        }
        DigestKey key = new DigestKey(peppers.current().digest(presented));
        Instant now = clock.instant();
        // While changes made on other nodes may go unheard, every token is looked up.
        Kept kept = feed.cachesUsable() ? cache.getIfPresent(key) : null;
        if (kept == null || !now.isBefore(kept.keptUntil)) {
            Duration wait = deadValues.waitFor(key.hex());
            if (!wait.isZero()) {
                throw new RateLimitedException(INVALID + ": this token was refused " + FAILURES_PER_VALUE
                        + " times already (unknown, revoked or expired). Stop sending it; create a new one.", wait);
            }
            kept = load(presented, key, now);
            TokenRepository.Found found = kept.found;
            if (found == null || found.token().revokedAt().isPresent() || !found.ownerActive()) {
                deadValues.recordFailure(key.hex());
                // Said only to whoever sends this very value: it was found by its own digest.
                throw new UnauthenticatedException(INVALID + (found == null
                        ? replaced(presented).orElse("")
                        : found.token().revokedAt().isPresent()
                                ? revoked(found.token().revokedAt().get())
                                : ": the account this token belongs to is deactivated."));
            }
        }
        TokenRepository.Found found = kept.found;
        AccessToken token = found.token();
        if (token.expiresAt().isPresent() && token.expiredAt(now)) {
            noteExpiry(found, address, now);
            deadValues.recordFailure(key.hex());
            throw new UnauthenticatedException(INVALID + ": this token expired at " + token.expiresAt().orElseThrow() + ".");
        }
        if (!token.allowsAddress(address)) {
            throw new UnauthenticatedException(INVALID + ": this token may not be used from " + address + ".");
        }
        kept.noteUse(address, now);
        return found;
    }

    /**
     * A verified token as kept in memory, until {@code keptUntil} on the hub's clock. It also
     * remembers the address its last use was noted from and when the recorder wants to hear of that
     * address again, so repeated use from one address skips the recorder entirely; any other address
     * asks the recorder, which decides exactly as it would without this shortcut.
     */
    private final class Kept {
        final TokenRepository.Found found;
        final Instant keptUntil;
        private volatile Noted noted;

        Kept(TokenRepository.Found found, Instant keptUntil) {
            this.found = found;
            this.keptUntil = keptUntil;
        }

        void noteUse(String address, Instant now) {
            Noted last = noted;
            if (last != null && last.address.equals(address) && now.isBefore(last.againAt)) {
                return;
            }
            AccessToken token = found.token();
            noted = new Noted(address, lastUsed.noteUse(token.id(), token.userId(), address, now).plus(LastUsedRecorder.INTERVAL));
        }
    }

    private record Noted(String address, Instant againAt) {}

    /** The token's record read from the database, kept for next time if it is live; {@code found} is null if unknown. */
    private Kept load(String presented, DigestKey key, Instant now) {
        String digest = key.hex();
        long before = changes.get();
        Optional<TokenRepository.Found> found = database.jdbi().withHandle(h -> new TokenRepository(h).findByDigest(digest));
        if (found.isEmpty()) {
            found = loadUnderPreviousPepper(presented, digest);
        }
        Kept kept = new Kept(found.orElse(null), now.plus(CACHE_TTL));
        if (found.isPresent() && found.get().token().revokedAt().isEmpty() && found.get().ownerActive()
                && feed.cachesUsable() && changes.get() == before) {
            cache.put(key, kept);
            if (changes.get() != before) {
                cache.asMap().remove(key, kept); // an eviction began meanwhile and may have missed it
            }
        }
        return kept;
    }

    /**
     * Why a value that is not even shaped like a token of this hub was refused, in words that say what
     * to do; it concerns only the value sent, so it is safe to say. A value that is well formed but
     * unknown gets no explanation.
     */
    static String whyMalformed(String presented) {
        if (presented.length() >= 2 && isQuote(presented.charAt(0)) && isQuote(presented.charAt(presented.length() - 1))) {
            return ": the token is wrapped in quotes. Remove them: send hf_..., not \"hf_...\" (check HF_TOKEN,"
                    + " the token file, or wherever it was pasted).";
        }
        Optional<TokenFormat.Problem> problem = TokenFormat.check(presented);
        if (problem.isEmpty() || problem.get() == TokenFormat.Problem.WRONG_PREFIX) {
            return "";
        }
        if (presented.length() == PUBLIC_HUB_LENGTH && presented.substring(TokenFormat.PREFIX.length()).chars().allMatch(c -> c < 128 && Character.isLetter(c))) {
            return ": this is not a token of this hub; it looks like a huggingface.co token, which works only there."
                    + " Create an access token on this hub and use that.";
        }
        return ": this is not a token of this hub (" + problem.get().explanation() + "). A token from huggingface.co"
                + " or another hub does not work here; if you copied it from this hub, copy it whole.";
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '\u201c' || c == '\u201d' || c == '\u2018' || c == '\u2019';
    }

    private static String revoked(Instant at) {
        return ": this token was revoked on " + at.truncatedTo(ChronoUnit.SECONDS) + " and no longer works."
                + " Create a new token.";
    }

    /** What to tell whoever still sends a value that a refresh replaced, if {@code presented} is one. */
    private Optional<String> replaced(String presented) {
        List<PepperRing.Pepper> all = new ArrayList<>();
        all.add(peppers.current());
        all.addAll(peppers.previous());
        for (PepperRing.Pepper pepper : all) {
            String digest = pepper.hexDigest(presented);
            Optional<TokenRepository.Replaced> replaced =
                    database.jdbi().withHandle(h -> new TokenRepository(h).findReplaced(digest));
            if (replaced.isPresent()) {
                String when = ": this token was replaced on " + replaced.get().replacedAt().truncatedTo(ChronoUnit.SECONDS);
                return Optional.of(replaced.get().tokenRevokedAt()
                        .map(revokedAt -> when + ", and the token was revoked on " + revokedAt.truncatedTo(ChronoUnit.SECONDS)
                                + ". Create a new token.")
                        .orElse(when + " (refreshed); use the new value."));
            }
        }
        return Optional.empty();
    }

    /** After a pepper rotation: look under older keys, and on a hit re-make the digest under the current one. */
    private Optional<TokenRepository.Found> loadUnderPreviousPepper(String presented, String digest) {
        for (PepperRing.Pepper old : peppers.previous()) {
            String oldDigest = old.hexDigest(presented);
            Optional<TokenRepository.Found> found = database.jdbi().withHandle(h -> new TokenRepository(h).findByDigest(oldDigest));
            if (found.isPresent()) {
                String currentId = peppers.current().id();
                database.jdbi().useTransaction(h -> new TokenRepository(h).redigest(found.get().token().id(), oldDigest, digest, currentId));
                return found;
            }
        }
        return Optional.empty();
    }

    private void noteExpiry(TokenRepository.Found found, String address, Instant now) {
        if (found.expirySeen()) {
            return;
        }
        AccessToken token = found.token();
        database.jdbi().useTransaction(h -> {
            if (new TokenRepository(h).markExpirySeen(token.id(), now)) {
                new AuditRepository(h).insert(new AuditEvent(ids.next(), now, token.userId(), "system", "token.expired",
                        Optional.of(token.id()), Optional.of(address),
                        Map.of("name", token.name(), "expiredAt", token.expiresAt().orElseThrow().toString())));
            }
        });
        evict(token.id());
    }

    /** A digest as cache key: compared by content, hashed by its first bytes (a digest is uniformly random). */
    private record DigestKey(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof DigestKey that && java.security.MessageDigest.isEqual(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
        }

        String hex() {
            return java.util.HexFormat.of().formatHex(bytes);
        }

        @Override
        public String toString() {
            return "DigestKey"; // never print digests
        }
    }

    /** Forgets every cached entry of this token: called after any change to it commits. */
    public void evict(String tokenId) {
        changes.incrementAndGet();
        cache.asMap().values().removeIf(kept -> kept.found.token().id().equals(tokenId));
        changes.incrementAndGet();
    }

    private void evictOwnedBy(String userId) {
        changes.incrementAndGet();
        cache.asMap().values().removeIf(kept -> kept.found.token().userId().equals(userId));
        changes.incrementAndGet();
    }

    private void evictAll() {
        changes.incrementAndGet();
        cache.invalidateAll();
        changes.incrementAndGet();
    }

    /** Uses a new pepper ring (after rotation) from now on. */
    void usePeppers(PepperRing ring) {
        this.peppers = ring;
        changes.incrementAndGet();
        cache.invalidateAll();
    }

    PepperRing peppers() {
        return peppers;
    }
}
