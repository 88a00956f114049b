package dev.hubkeep.server.oauth;

import dev.hubkeep.server.accounts.OpaqueSecret;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Browser login for the Hub's CLI: the OAuth 2.0 device authorization grant (RFC 8628) as
 * {@code huggingface_hub} speaks it. A known client asks for a code ({@link #start}); a signed-in
 * user types or follows it at the verification page, sees which client asks and from where, and
 * approves with a role or denies ({@link #approve}, {@link #deny}); the client's polls
 * ({@link #poll}) are told to wait, to slow down, that it was denied or expired, and once approved
 * get an access token (a Hubkeep token that expires, listed on the tokens page as a device login's)
 * with a refresh token, which {@link #refresh} rotates; a replaced refresh token presented again
 * ends the login. Codes live ten minutes and are redeemed once; secrets are stored as digests only.
 */
public final class DeviceFlow {

    public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** RFC 8628: each poll that came too early adds five seconds. */
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    /** A poll this much early still counts as on time: the client's sleep and the hub's clock disagree a little. */
    static final Duration POLL_TOLERANCE = Duration.ofMillis(500);
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofDays(30);
    public static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(90);
    /** Live codes one address may hold at once, and codes it may ask for per hour. */
    static final int LIVE_CODES_PER_ADDRESS = 10;
    static final int CODES_PER_ADDRESS_PER_HOUR = 30;
    /** Codes a signed-in user may type wrong per hour at the verification page. */
    static final int WRONG_CODES_PER_USER_PER_HOUR = 10;
    static final List<String> ROLES = List.of("read", "write");

    /** What {@code POST /oauth/device} answers. */
    public record Started(String deviceCode, String userCode, long interval, long expiresIn) implements StartResult {}

    /** An access token for the client, with the refresh token that renews it. */
    public record Issued(String accessToken, long expiresIn, String refreshToken) implements TokenResult {}

    /** An OAuth error answer (RFC 6749 section 5.2, RFC 8628 section 3.5). */
    public record Refusal(int status, String error, String description) implements StartResult, TokenResult {}

    public sealed interface StartResult permits Started, Refusal {}

    public sealed interface TokenResult permits Issued, Refusal {}

    /** A pending request as the verification page shows it. */
    public record Request(String userCode, String client, String requestedFrom, Instant requestedAt, Instant expiresAt) {}

    private final Database database;
    private final TokenService tokens;
    private final Clock clock;
    private final Ids ids;
    private final SecureRandom random = new SecureRandom();
    private final FailureThrottle codesPerAddress;
    private final FailureThrottle wrongCodes;

    public DeviceFlow(Database database, TokenService tokens, Clock clock) {
        this.database = database;
        this.tokens = tokens;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.codesPerAddress = new FailureThrottle(clock, CODES_PER_ADDRESS_PER_HOUR, Duration.ofHours(1));
        this.wrongCodes = new FailureThrottle(clock, WRONG_CODES_PER_USER_PER_HOUR, Duration.ofHours(1));
    }

    /** {@code POST /oauth/device}: a new device code and user code for a known client. */
    public StartResult start(String clientId, String address) {
        if (OAuthClients.name(clientId).isEmpty()) {
            return new Refusal(401, "invalid_client", "This hub does not know the client '" + shortened(clientId)
                    + "'. Browser login serves huggingface_hub's hf auth login; other programs sign in with an access token.");
        }
        if (!codesPerAddress.waitFor(address).isZero()) {
            return new Refusal(429, "slow_down", "Too many login codes asked for from your address; try again later.");
        }
        codesPerAddress.recordFailure(address);
        Instant now = clock.instant();
        String deviceCode = OpaqueSecret.generate();
        return database.jdbi().inTransaction(h -> {
            DeviceCodeRepository codes = new DeviceCodeRepository(h);
            codes.deleteExpiredBefore(now.minus(Duration.ofDays(1)));
            if (codes.liveFrom(address, now) >= LIVE_CODES_PER_ADDRESS) {
                return new Refusal(429, "slow_down", "Too many login codes are waiting from your address; finish or"
                        + " let them expire (" + CODE_LIFETIME.toMinutes() + " minutes) first.");
            }
            String userCode = UserCode.generate(random);
            while (codes.userCodeTaken(userCode)) {
                userCode = UserCode.generate(random);
            }
            codes.insert(new DeviceCode(ids.next(), userCode, clientId, address, now, now.plus(CODE_LIFETIME),
                    POLL_INTERVAL, Optional.empty(), DeviceCode.PENDING, Optional.empty(), Optional.empty()),
                    OpaqueSecret.digest(deviceCode));
            return new Started(deviceCode, UserCode.display(userCode), POLL_INTERVAL.toSeconds(), CODE_LIFETIME.toSeconds());
        });
    }

    /** The device-code grant of {@code POST /oauth/token}. */
    public TokenResult poll(String deviceCode, String clientId, String address) {
        Instant now = clock.instant();
        return database.jdbi().inTransaction(h -> {
            DeviceCodeRepository codes = new DeviceCodeRepository(h);
            Optional<DeviceCode> found = codes.findByDigest(OpaqueSecret.digest(deviceCode));
            if (found.isEmpty() || !found.get().clientId().equals(clientId)) {
                return new Refusal(400, "invalid_grant", "Unknown device code: start the login again.");
            }
            DeviceCode code = found.get();
            if (code.status().equals(DeviceCode.REDEEMED)) {
                return USED;
            }
            if (code.expiredAt(now)) {
                return new Refusal(400, "expired_token", "The login code expired: start the login again.");
            }
            boolean early = code.lastPolledAt()
                    .map(last -> Duration.between(last, now).compareTo(code.interval().minus(POLL_TOLERANCE)) < 0)
                    .orElse(false);
            Duration interval = early ? code.interval().plus(SLOW_DOWN_STEP) : code.interval();
            codes.polled(code.id(), now, interval);
            if (early) {
                return new Refusal(400, "slow_down", "Poll every " + interval.toSeconds() + " seconds.");
            }
            return switch (code.status()) {
                case DeviceCode.DENIED -> new Refusal(400, "access_denied", "The login was denied in the browser.");
                case DeviceCode.APPROVED -> redeem(h, code, address, now);
                default -> new Refusal(400, "authorization_pending", "Waiting for the login to be approved in the browser.");
            };
        });
    }

    private static final Refusal USED = new Refusal(400, "invalid_grant", "This device code was used already: start the login again.");

    /** An approved code becomes its token, once, in the poll's transaction. */
    private TokenResult redeem(Handle h, DeviceCode code, String address, Instant now) {
        if (!new DeviceCodeRepository(h).redeem(code.id())) {
            return USED;
        }
        String userId = code.userId().orElseThrow();
        String client = OAuthClients.name(code.clientId()).orElse(code.clientId());
        NewToken spec = new NewToken("Device login " + UserCode.display(code.userCode()),
                TokenRole.parse(code.role().orElse("read")), Optional.empty(), Optional.of(now.plus(ACCESS_TOKEN_LIFETIME)),
                List.of());
        TokenService.Created created = tokens.createForDeviceLogin(h, userId, spec, "device login: " + client, address);
        String refresh = OpaqueSecret.generate();
        new DeviceGrantRepository(h).insert(created.token().id(), userId, code.clientId(), OpaqueSecret.digest(refresh),
                now.plus(REFRESH_TOKEN_LIFETIME), now);
        return new Issued(created.value(), ACCESS_TOKEN_LIFETIME.toSeconds(), refresh);
    }

    /** Of two refreshes with one refresh token, the second: its renewal is rolled back. */
    private static final class Raced extends RuntimeException {
        Raced() {
            super(null, null, false, false);
        }
    }

    /** The refresh grant of {@code POST /oauth/token}: a new access token value and a new refresh token. */
    public TokenResult refresh(String refreshToken, String clientId, String address) {
        Instant now = clock.instant();
        String digest = OpaqueSecret.digest(refreshToken);
        String next = OpaqueSecret.generate();
        try {
            return database.jdbi().inTransaction(h -> renew(h, digest, next, clientId, address, now));
        } catch (Raced raced) {
            return new Refusal(400, "invalid_grant", "This refresh token was just used by another request: use what that"
                    + " request got, or log in again with hf auth login.");
        }
    }

    private TokenResult renew(Handle h, String digest, String next, String clientId, String address, Instant now) {
        DeviceGrantRepository grants = new DeviceGrantRepository(h);
        Optional<DeviceGrantRepository.Grant> grant = grants.findByRefreshDigest(digest);
        if (grant.isEmpty()) {
            Optional<DeviceGrantRepository.Grant> replayed = grants.findByRetiredDigest(digest, now)
                    .filter(g -> g.clientId().equals(clientId));
            if (replayed.isPresent()) {
                return endReplayedLogin(h, grants, replayed.get(), address);
            }
        }
        if (grant.isEmpty() || !grant.get().clientId().equals(clientId)) {
            return new Refusal(400, "invalid_grant",
                    "This refresh token is not valid (it was replaced, or never existed): log in again with hf auth login.");
        }
        if (!now.isBefore(grant.get().refreshExpiresAt())) {
            return new Refusal(400, "invalid_grant", "This refresh token expired: log in again with hf auth login.");
        }
        String tokenId = grant.get().tokenId();
        Optional<TokenService.Created> renewed = tokens.renewForDeviceLogin(h, grant.get().userId(), tokenId,
                now.plus(ACCESS_TOKEN_LIFETIME), address);
        if (renewed.isEmpty()) {
            return new Refusal(400, "invalid_grant",
                    "The access token of this login was deleted or revoked: log in again with hf auth login.");
        }
        if (!grants.rotate(tokenId, digest, OpaqueSecret.digest(next), now.plus(REFRESH_TOKEN_LIFETIME), now)) {
            throw new Raced();
        }
        grants.retire(tokenId, digest, grant.get().refreshExpiresAt(), now);
        return new Issued(renewed.get().value(), ACCESS_TOKEN_LIFETIME.toSeconds(), next);
    }

    /**
     * A refresh token that was already replaced came back: the login's secrets are in two hands (the
     * client's and someone else's), and the hub cannot tell whose request this is. RFC 6749's security
     * BCP (section 4.14.2): end the login, revoking its access token, so both must log in again.
     */
    private TokenResult endReplayedLogin(Handle h, DeviceGrantRepository grants, DeviceGrantRepository.Grant grant,
            String address) {
        tokens.revokeForDeviceLogin(h, grant.userId(), grant.tokenId(), address);
        grants.end(grant.tokenId());
        return new Refusal(400, "invalid_grant", "This refresh token was replaced already, so someone else"
                + " may hold this login: it has been ended and its access token revoked. Log in again with hf auth login.");
    }

    /** The request behind a user code, for the verification page; counts codes typed wrong. */
    public Request pending(Principal.Authenticated user, String typed) {
        String wrongKey = "user " + user.userId();
        Duration wait = wrongCodes.waitFor(wrongKey);
        if (!wait.isZero()) {
            throw new RateLimitedException("Too many codes typed wrong; wait before trying again.", wait);
        }
        Optional<DeviceCode> code = UserCode.normalize(typed)
                .flatMap(c -> database.jdbi().withHandle(h -> new DeviceCodeRepository(h).findByUserCode(c)))
                .filter(c -> c.status().equals(DeviceCode.PENDING) && !c.expiredAt(clock.instant()));
        if (code.isEmpty()) {
            wrongCodes.recordFailure(wrongKey);
            throw new NotFoundException("No login is waiting for the code " + shortened(typed) + ": check it against"
                    + " your terminal, or start hf auth login again (codes last " + CODE_LIFETIME.toMinutes() + " minutes).");
        }
        DeviceCode c = code.get();
        return new Request(UserCode.display(c.userCode()), OAuthClients.name(c.clientId()).orElse(c.clientId()),
                c.requestedFrom(), c.createdAt(), c.expiresAt());
    }

    /** The signed-in user lets the client in, with a token of {@code role}. */
    public void approve(Principal.Authenticated user, String typed, String role) {
        if (!ROLES.contains(role)) {
            throw new InvalidInputException("Pick the token's role: read or write.");
        }
        decide(user, typed, DeviceCode.APPROVED, Optional.of(role));
    }

    public void deny(Principal.Authenticated user, String typed) {
        decide(user, typed, DeviceCode.DENIED, Optional.empty());
    }

    /** The tokens of {@code userId} that device logins made, with the client's name. */
    public Map<String, String> madeByDeviceLogin(String userId) {
        return database.jdbi().withHandle(h -> new DeviceGrantRepository(h).madeFor(userId)).stream()
                .collect(Collectors.toMap(DeviceGrantRepository.Made::tokenId,
                        m -> OAuthClients.name(m.clientId()).orElse(m.clientId()), (a, b) -> a));
    }

    private void decide(Principal.Authenticated user, String typed, String status, Optional<String> role) {
        if (!(user.credential() instanceof Principal.WebSession)) {
            throw new ForbiddenException("Approve a device login signed in, in a browser: not with an access token.");
        }
        if (status.equals(DeviceCode.APPROVED) && !user.emailVerified()) {
            throw new ForbiddenException("Verify your email address before creating access tokens: open the link we mailed you.");
        }
        Request request = pending(user, typed);
        String code = UserCode.normalize(request.userCode()).orElseThrow();
        boolean decided = database.jdbi().inTransaction(h -> {
            DeviceCodeRepository codes = new DeviceCodeRepository(h);
            DeviceCode found = codes.findByUserCode(code).orElseThrow();
            return codes.decide(found.id(), status, user.userId(), role, clock.instant());
        });
        if (!decided) {
            throw new ConflictException("This login was approved or denied already.");
        }
    }

    private static String shortened(String text) {
        String t = text == null ? "" : text;
        return t.length() <= 40 ? t : t.substring(0, 40) + "...";
    }
}
