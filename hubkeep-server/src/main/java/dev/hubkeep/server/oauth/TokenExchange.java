package dev.hubkeep.server.oauth;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.Username;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.oidc.IdToken;
import dev.hubkeep.server.oidc.IdTokenVerifier;
import dev.hubkeep.server.oidc.IssuerPolicy;
import dev.hubkeep.server.oidc.Verification;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import dev.hubkeep.server.throttle.FailureThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyless CI (RFC 8693 token exchange, as {@code huggingface_hub}'s {@code HF_OIDC_RESOURCE} asks
 * for it): a CI job's OIDC ID token is verified ({@link IdTokenVerifier}), matched against the
 * trusted publishers of its issuer (audience, claim rules, and whether the {@code resource} asked
 * for is among the publisher's repositories), and exchanged for a short-lived fine-grained token on
 * just that: read and write on the repository asked for (read only if the publisher says so), or
 * read on all the publisher's repositories when a namespace is asked for. Every exchange is audited
 * in the owner's log with the claims that matched; a refusal names the failed rule there, while the
 * caller hears only OAuth's {@code invalid_grant} or {@code invalid_target}. Bounded per address.
 */
public final class TokenExchange {

    public static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    /** Exchanges one address may ask for per minute, and refused ones per ten minutes. */
    static final int EXCHANGES_PER_ADDRESS_PER_MINUTE = 60;
    static final int REFUSALS_PER_ADDRESS_PER_10_MINUTES = 20;
    /** Publishers one exchange weighs, and refusals it writes to their logs. */
    static final int MAX_CANDIDATES = 200;
    static final int MAX_REFUSALS_AUDITED = 10;
    /** Expired tokens of a publisher an exchange takes off its owner's list. */
    static final int EXPIRED_RETIRED_PER_EXCHANGE = 100;

    private static final Logger log = LoggerFactory.getLogger(TokenExchange.class);
    private static final Set<String> SUBJECT_TYPES = Set.of(ID_TOKEN_TYPE, JWT_TYPE);

    /** What the client gets. */
    public record Exchanged(String accessToken, long expiresIn) implements Outcome {}

    /** An OAuth error answer; {@code description} says nothing the caller's token did not already say. */
    public record Refused(int status, String error, String description) implements Outcome {}

    public sealed interface Outcome permits Exchanged, Refused {}

    private final Database database;
    private final IdTokenVerifier verifier;
    private final TokenService tokens;
    private final AccountService accounts;
    private final ServiceAccounts serviceAccounts;
    private final IssuerPolicy issuers;
    private final Supplier<String> publicUrl;
    private final Clock clock;
    private final Ids ids;
    private final FailureThrottle exchanges;
    private final FailureThrottle refusals;

    public TokenExchange(Database database, IdTokenVerifier verifier, TokenService tokens, AccountService accounts,
            ServiceAccounts serviceAccounts, IssuerPolicy issuers, Supplier<String> publicUrl, Clock clock) {
        this.issuers = issuers;
        this.database = database;
        this.verifier = verifier;
        this.tokens = tokens;
        this.accounts = accounts;
        this.serviceAccounts = serviceAccounts;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.exchanges = new FailureThrottle(clock, EXCHANGES_PER_ADDRESS_PER_MINUTE, Duration.ofMinutes(1));
        this.refusals = new FailureThrottle(clock, REFUSALS_PER_ADDRESS_PER_10_MINUTES, Duration.ofMinutes(10));
    }

    /** The token-exchange grant of {@code POST /oauth/token}. */
    public Outcome exchange(String subjectToken, String subjectTokenType, String resource, String address) {
        if (!exchanges.waitFor(address).isZero() || !refusals.waitFor(address).isZero()) {
            return new Refused(429, "slow_down", "Too many token exchanges from your address; try again in a minute.");
        }
        exchanges.recordFailure(address);
        if (subjectToken.isEmpty() || resource.isEmpty()) {
            return new Refused(400, "invalid_request", "Send 'subject_token' (the CI job's OIDC ID token) and 'resource'"
                    + " (a repository such as acme/model, datasets/acme/data, or a username).");
        }
        if (!SUBJECT_TYPES.contains(subjectTokenType)) {
            return new Refused(400, "invalid_request", "'subject_token_type' must be " + ID_TOKEN_TYPE + ".");
        }
        Optional<Target> target = Target.parse(resource);
        if (target.isEmpty()) {
            return new Refused(400, "invalid_target", "'resource' must name a repository (acme/model, datasets/acme/data,"
                    + " spaces/acme/app) or a user, not '" + shortened(resource) + "'.");
        }
        Outcome outcome = switch (verifier.verify(subjectToken, this::trusted)) {
            case Verification.Verified verified -> match(verified.token(), target.get(), address);
            case Verification.Rejected rejected -> refuse(rejected, resource, address);
        };
        if (outcome instanceof Refused) {
            refusals.recordFailure(address);
        }
        return outcome;
    }

    /** An issuer the operator still trusts and some publisher names: only such an issuer's keys are fetched. */
    private boolean trusted(String issuer) {
        return issuers.refusal(issuer).isEmpty() && database.jdbi().withHandle(h -> new PublisherRepository(h).anyFor(issuer));
    }

    private Outcome refuse(Verification.Rejected rejected, String resource, String address) {
        if (rejected.authentic().isPresent()) {
            IdToken token = rejected.authentic().get();
            List<TrustedPublisher> candidates = candidates(token.issuer());
            database.jdbi().useTransaction(h -> candidates.stream().limit(MAX_REFUSALS_AUDITED)
                    .forEach(p -> auditRefusal(h, p, token, resource, address, rejected.reason())));
        } else {
            // Its issuer never said it, so no publisher's log hears of it: anyone could write there otherwise.
            log.info("Token exchange from {} refused: {}", address, rejected.reason());
        }
        return INVALID_GRANT;
    }

    private static final Refused INVALID_GRANT = new Refused(400, "invalid_grant", "The ID token was not accepted: no"
            + " trusted publisher of this hub matches it. Its admins can see why in their audit log.");

    private List<TrustedPublisher> candidates(String issuer) {
        return database.jdbi().withHandle(h -> new PublisherRepository(h).forIssuer(issuer, MAX_CANDIDATES));
    }

    private Outcome match(IdToken token, Target target, String address) {
        List<TrustedPublisher> candidates = candidates(token.issuer());
        Map<TrustedPublisher, String> failures = new LinkedHashMap<>();
        boolean targetRefused = false;
        for (TrustedPublisher publisher : candidates) {
            Optional<String> failure = identityFailure(publisher, token);
            if (failure.isEmpty()) {
                failure = target.failure(publisher);
                targetRefused |= failure.isPresent();
            }
            if (failure.isEmpty()) {
                Attempt attempt = issue(publisher, token, target, address);
                if (attempt.exchanged().isPresent()) {
                    return attempt.exchanged().get();
                }
                failure = Optional.of(attempt.failure());
            }
            failures.put(publisher, failure.get());
        }
        boolean targetOnly = targetRefused;
        database.jdbi().useTransaction(h -> failures.entrySet().stream().limit(MAX_REFUSALS_AUDITED)
                .forEach(f -> auditRefusal(h, f.getKey(), token, target.wire(), address, f.getValue())));
        return targetOnly
                ? new Refused(400, "invalid_target", "No trusted publisher that matches this ID token may get a token for '"
                        + target.wire() + "'.")
                : INVALID_GRANT;
    }

    /** Why the token is not this publisher's (audience, then claim rules), or empty when it is. */
    private Optional<String> identityFailure(TrustedPublisher publisher, IdToken token) {
        String audience = publisher.audience().orElseGet(publicUrl);
        if (!token.audiences().contains(audience)) {
            return Optional.of("the token's audience is " + token.audiences() + ", the publisher wants '" + audience + "'");
        }
        return publisher.rules().failure(token);
    }

    /** What issuing came to: the token, or why its owner could not be given one. */
    private record Attempt(Optional<Exchanged> exchanged, String failure) {}

    /**
     * The token, in one transaction with its audit event. Nothing is written when the owner cannot
     * hold one (an unverified or deactivated account, a service account gone) or the organization's
     * rules refuse it (its maximum token lifetime, the account's role): the transaction rolls back.
     */
    private Attempt issue(TrustedPublisher publisher, IdToken token, Target target, String address) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(publisher.lifetime());
        NewToken spec = new NewToken(tokenName(publisher), TokenRole.FINE_GRAINED, Optional.of(target.grants(publisher)),
                Optional.of(expiresAt), List.of());
        String actor = "trusted publisher " + publisher.name();
        Optional<ServiceAccounts.Issued> issued;
        try {
            issued = database.jdbi().inTransaction(h -> {
                Optional<ServiceAccounts.Issued> made = switch (publisher.owner()) {
                    case TrustedPublisher.UserOwner user -> accounts.findUser(user.userId())
                            .filter(u -> u.emailVerified() && u.active())
                            .map(u -> new ServiceAccounts.Issued(u.id(), tokens.createWithin(h, u.id(), spec, actor, address)));
                    case TrustedPublisher.OrgOwner org -> serviceAccounts.issue(h, org.orgName(), org.serviceAccount(), spec,
                            actor, address);
                };
                made.ifPresent(m -> {
                    PublisherRepository publishers = new PublisherRepository(h);
                    publishers.linkToken(m.created().token().id(), publisher.id(), expiresAt);
                    retireExpired(h, publishers, publisher, now);
                    new AuditRepository(h).insert(new AuditEvent(ids.next(), now, m.accountId(), actor,
                            "trusted_publisher.exchange", Optional.of(m.created().token().id()), Optional.of(address),
                            exchanged(publisher, token, target, expiresAt), orgOf(publisher)));
                });
                return made;
            });
        } catch (HubException refused) {
            return new Attempt(Optional.empty(), "the token could not be issued: " + refused.getMessage());
        }
        return issued.map(m -> new Attempt(Optional.of(new Exchanged(m.created().value(), publisher.lifetime().toSeconds())), ""))
                .orElseGet(() -> new Attempt(Optional.empty(), publisher.owner() instanceof TrustedPublisher.OrgOwner org
                        ? org.orgName() + " has no service account named '" + org.serviceAccount() + "' any more"
                        : "its owner cannot be given tokens (an unverified email address, or a deactivated account)"));
    }

    /** Expired tokens the publisher got leave its owner's token list (revoked as expired). */
    private void retireExpired(Handle h, PublisherRepository publishers, TrustedPublisher publisher, Instant now) {
        for (String tokenId : publishers.tokens(publisher.id(), now, EXPIRED_RETIRED_PER_EXCHANGE)) {
            tokens.revokeWithin(h, tokenId, "expired");
            publishers.unlinkToken(tokenId);
        }
    }

    private void auditRefusal(Handle h, TrustedPublisher publisher, IdToken token, String resource, String address,
            String reason) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("publisher", publisher.name());
        details.put("publisherId", publisher.id());
        details.put("issuer", token.issuer());
        token.subject().ifPresent(s -> details.put("subject", shortened(s)));
        details.put("resource", shortened(resource));
        details.put("reason", reason);
        auditOwnerId(publisher).ifPresent(ownerId -> new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(),
                ownerId, "trusted publisher " + publisher.name(), "trusted_publisher.refuse", Optional.empty(),
                Optional.of(address), details, orgOf(publisher))));
    }

    private static Map<String, String> exchanged(TrustedPublisher publisher, IdToken token, Target target, Instant expiresAt) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("publisher", publisher.name());
        details.put("publisherId", publisher.id());
        details.put("issuer", token.issuer());
        token.subject().ifPresent(s -> details.put("subject", shortened(s)));
        publisher.rules().equal().keySet().forEach(claim -> details.put("claim." + claim, token.text(claim).orElse("")));
        details.put("resource", target.wire());
        details.put("access", target.accessOf(publisher));
        details.put("expiresAt", expiresAt.toString());
        return details;
    }

    /**
     * Whose row a publisher's events are (with {@link #orgOf}, whose log): the user's; for an
     * organization, its service account's.
     */
    private Optional<String> auditOwnerId(TrustedPublisher publisher) {
        return switch (publisher.owner()) {
            case TrustedPublisher.UserOwner user -> Optional.of(user.userId());
            case TrustedPublisher.OrgOwner org -> serviceAccounts.find(org.orgName(), org.serviceAccount());
        };
    }

    private static Optional<String> orgOf(TrustedPublisher publisher) {
        return publisher.owner() instanceof TrustedPublisher.OrgOwner org ? Optional.of(org.orgId()) : Optional.empty();
    }

    private String tokenName(TrustedPublisher publisher) {
        byte[] suffix = new byte[4];
        new java.security.SecureRandom().nextBytes(suffix);
        return "trusted publisher " + publisher.name() + " #" + HexFormat.of().formatHex(suffix);
    }

    private static String shortened(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** What the client asked for: one repository, or (a bare name) read access to what the namespace's publisher lists. */
    sealed interface Target {

        static Optional<Target> parse(String resource) {
            Optional<Target> repo = PublishedRepo.parse(resource).map(RepoTarget::new);
            if (repo.isPresent() || resource.contains("/")) {
                return repo;
            }
            try {
                return Optional.of(new NamespaceTarget(Username.validate(resource)));
            } catch (InvalidInputException e) {
                return Optional.empty();
            }
        }

        /** Why {@code publisher} may not get a token for this, or empty when it may. */
        Optional<String> failure(TrustedPublisher publisher);

        FineGrained grants(TrustedPublisher publisher);

        String accessOf(TrustedPublisher publisher);

        String wire();
    }

    record RepoTarget(PublishedRepo repo) implements Target {
        @Override
        public Optional<String> failure(TrustedPublisher publisher) {
            return publisher.covers(repo) ? Optional.empty()
                    : Optional.of("the resource " + repo.wire() + " is not among the publisher's repositories");
        }

        @Override
        public FineGrained grants(TrustedPublisher publisher) {
            return new FineGrained(List.of(scoped(repo, publisher.write())), List.of(), false);
        }

        @Override
        public String accessOf(TrustedPublisher publisher) {
            return publisher.accessName();
        }

        @Override
        public String wire() {
            return repo.wire();
        }
    }

    record NamespaceTarget(String namespace) implements Target {
        @Override
        public Optional<String> failure(TrustedPublisher publisher) {
            return publisher.owner().namespace().equalsIgnoreCase(namespace) ? Optional.empty()
                    : Optional.of("the resource " + namespace + " is not the publisher's owner");
        }

        @Override
        public FineGrained grants(TrustedPublisher publisher) {
            List<FineGrained.Scoped> scoped = new ArrayList<>();
            publisher.repositories().forEach(repo -> scoped.add(scoped(repo, false)));
            return new FineGrained(scoped, List.of(), false);
        }

        @Override
        public String accessOf(TrustedPublisher publisher) {
            return "read";
        }

        @Override
        public String wire() {
            return namespace;
        }
    }

    private static FineGrained.Scoped scoped(PublishedRepo repo, boolean write) {
        FineGrained.EntityType type = FineGrained.EntityType.valueOf(repo.type().name());
        return new FineGrained.Scoped(type, repo.fullName(), write ? Set.of("repo.content.read", "repo.write")
                : Set.of("repo.content.read"));
    }
}
