package dev.hubkeep.server.oauth;

import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.oidc.IssuerPolicy;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Registering, listing and deleting trusted publishers of a user or an organization. Who may is
 * decided before these run (the routes' guards: one's own account's token management, or
 * administering the organization); these keep the invariants: an issuer the hub trusts, rules that
 * identify a project, repositories of the owner only, a lifetime within the hub's maximum. Each
 * change is audited in the owner's log; deleting a publisher revokes the tokens it got.
 */
public final class TrustedPublishers {

    static final int MAX_PER_OWNER = 50;
    static final int MAX_REPOSITORIES = 20;
    static final Duration MIN_LIFETIME = Duration.ofMinutes(5);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,30}[A-Za-z0-9])?");

    private final Database database;
    private final TokenService tokens;
    private final IssuerPolicy issuers;
    private final ServiceAccounts serviceAccounts;
    private final Duration maxLifetime;
    private final Clock clock;
    private final Ids ids;

    public TrustedPublishers(Database database, TokenService tokens, IssuerPolicy issuers, ServiceAccounts serviceAccounts,
            Duration maxLifetime, Clock clock) {
        this.serviceAccounts = serviceAccounts;
        this.database = database;
        this.tokens = tokens;
        this.issuers = issuers;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** The issuers the operator listed ({@code trusted-publisher-issuers}); empty when any https:// one may be. */
    public List<String> allowedIssuers() {
        return issuers.allowed();
    }

    /** A user's own publisher: its tokens are the user's. */
    public TrustedPublisher registerForUser(Principal.Authenticated actor, PublisherSpec spec) {
        if (spec.serviceAccount().isPresent()) {
            throw new InvalidInputException("'serviceAccount' is for an organization's publisher; yours act as you.");
        }
        return register(actor, new TrustedPublisher.UserOwner(actor.userId(), actor.username()), spec);
    }

    /** An organization's publisher: acts as the service account the spec names. */
    public TrustedPublisher registerForOrg(Principal.Authenticated actor, String orgId, String orgName, PublisherSpec spec) {
        String account = spec.serviceAccount().orElseThrow(() -> new InvalidInputException("An organization's trusted"
                + " publisher acts as one of its service accounts: name it in 'serviceAccount'."));
        if (serviceAccounts.find(orgName, account).isEmpty()) {
            throw new InvalidInputException(orgName + " has no service account named '" + shortened(account) + "'.");
        }
        return register(actor, new TrustedPublisher.OrgOwner(orgId, orgName, account), spec);
    }

    private TrustedPublisher register(Principal.Authenticated actor, TrustedPublisher.Owner owner, PublisherSpec spec) {
        TrustedPublisher publisher = new TrustedPublisher(ids.next(), owner, validName(spec.name()), validIssuer(spec.issuer()),
                spec.audience().map(TrustedPublishers::validAudience), ClaimRules.of(spec.claims()),
                repositories(owner, spec.repositories()), access(spec.access()), lifetime(spec.lifetime()),
                actor.username(), clock.instant());
        try {
            database.jdbi().useTransaction(h -> {
                PublisherRepository publishers = new PublisherRepository(h);
                if (publishers.countFor(owner.key()) >= MAX_PER_OWNER) {
                    throw new ConflictException(owner.namespace() + " has " + MAX_PER_OWNER + " trusted publishers, the most"
                            + " it may have; delete one it no longer needs first.");
                }
                if (publishers.nameTaken(owner.key(), publisher.name())) {
                    throw nameTaken(publisher.name());
                }
                publishers.insert(publisher);
                audit(h, actor, owner, "trusted_publisher.create", describe(publisher));
            });
        } catch (RuntimeException e) {
            if (database.isUniqueViolation(e)) {
                throw nameTaken(publisher.name()); // two registrations racing for one name
            }
            throw e;
        }
        return publisher;
    }

    public List<TrustedPublisher> list(TrustedPublisher.Owner owner) {
        return database.jdbi().withHandle(h -> new PublisherRepository(h).listFor(owner.key()));
    }

    public TrustedPublisher get(TrustedPublisher.Owner owner, String id) {
        return database.jdbi().withHandle(h -> new PublisherRepository(h).find(owner.key(), id))
                .orElseThrow(() -> new NotFoundException("No trusted publisher with id '" + id + "' in " + owner.namespace() + "."));
    }

    /** Deletes the publisher; the tokens it got are revoked with it. */
    public void delete(Principal.Authenticated actor, TrustedPublisher.Owner owner, String id) {
        delete(actor.userId(), actor.username(), owner, id);
    }

    /**
     * The operator's delete ({@code hubkeep admin publisher delete}): the same, audited as by
     * {@code operator} in the owner's log under {@code auditUserId} (the user, or for an
     * organization one of its admins: an event needs an account to be filed under).
     */
    public void deleteByOperator(String auditUserId, TrustedPublisher.Owner owner, String id) {
        delete(auditUserId, "operator", owner, id);
    }

    private void delete(String actorUserId, String actor, TrustedPublisher.Owner owner, String id) {
        List<String> revoked = new ArrayList<>();
        database.jdbi().useTransaction(h -> {
            PublisherRepository publishers = new PublisherRepository(h);
            TrustedPublisher publisher = publishers.find(owner.key(), id).orElseThrow(() ->
                    new NotFoundException("No trusted publisher with id '" + id + "' in " + owner.namespace() + "."));
            for (String tokenId : publishers.tokens(id, Instant.ofEpochMilli(Long.MAX_VALUE), 100_000)) {
                if (tokens.revokeWithin(h, tokenId, "publisher-deleted")) {
                    revoked.add(tokenId);
                }
            }
            publishers.delete(id);
            audit(h, actorUserId, actor, owner, "trusted_publisher.delete", Map.of("name", publisher.name(), "id", id,
                    "tokensRevoked", Integer.toString(revoked.size())));
        });
    }

    private void audit(Handle h, Principal.Authenticated actor, TrustedPublisher.Owner owner, String action,
            Map<String, String> details) {
        audit(h, actor.userId(), actor.username(), owner, action, details);
    }

    private void audit(Handle h, String actorUserId, String actor, TrustedPublisher.Owner owner, String action,
            Map<String, String> details) {
        Optional<String> orgId = owner instanceof TrustedPublisher.OrgOwner org ? Optional.of(org.orgId()) : Optional.empty();
        new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(), actorUserId, actor, action,
                Optional.empty(), Optional.empty(), details, orgId));
    }

    static Map<String, String> describe(TrustedPublisher p) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("name", p.name());
        details.put("id", p.id());
        details.put("issuer", p.issuer());
        p.audience().ifPresent(a -> details.put("audience", a));
        p.rules().equal().forEach((claim, value) -> details.put("claim." + claim, value));
        details.put("repositories", String.join(",", p.repositories().stream().map(PublishedRepo::wire).toList()));
        details.put("access", p.accessName());
        details.put("lifetimeSeconds", Long.toString(p.lifetime().toSeconds()));
        if (p.owner() instanceof TrustedPublisher.OrgOwner org) {
            details.put("serviceAccount", org.serviceAccount());
        }
        return details;
    }

    private static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("A trusted publisher's name must be 1 to 32 letters, digits, '-', '_' or '.',"
                    + " starting and ending with a letter or digit, not '" + shortened(name) + "'.");
        }
        return name;
    }

    private String validIssuer(String issuer) {
        issuers.refusal(issuer).ifPresent(problem -> {
            throw new InvalidInputException(problem);
        });
        return issuer;
    }

    private static String validAudience(String audience) {
        if (audience.isEmpty() || audience.length() > 255 || audience.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("'audience' must be 1 to 255 characters, without control characters; leave it"
                    + " out for the hub's own URL.");
        }
        return audience;
    }

    private static List<PublishedRepo> repositories(TrustedPublisher.Owner owner, List<String> names) {
        if (names.isEmpty() || names.size() > MAX_REPOSITORIES) {
            throw new InvalidInputException("'repositories' must list 1 to " + MAX_REPOSITORIES + " repositories of "
                    + owner.namespace() + ", written as the Hub's clients write them: " + owner.namespace() + "/model,"
                    + " datasets/" + owner.namespace() + "/data, spaces/" + owner.namespace() + "/app.");
        }
        List<PublishedRepo> repos = new ArrayList<>();
        for (String name : names) {
            PublishedRepo repo = PublishedRepo.parse(name).orElseThrow(() -> new InvalidInputException("'" + shortened(name)
                    + "' is not a repository id: write ns/name for a model, datasets/ns/name or spaces/ns/name."));
            if (!repo.namespace().equalsIgnoreCase(owner.namespace())) {
                throw new InvalidInputException("A trusted publisher of " + owner.namespace() + " may only get tokens for "
                        + owner.namespace() + "'s repositories, not " + repo.wire() + ".");
            }
            if (repos.stream().noneMatch(repo::sameAs)) {
                repos.add(repo);
            }
        }
        return repos;
    }

    private static boolean access(String access) {
        return switch (access) {
            case "read" -> false;
            case "write" -> true;
            default -> throw new InvalidInputException("'access' must be read or write, not '" + shortened(access) + "'.");
        };
    }

    private Duration lifetime(Optional<Duration> asked) {
        Duration lifetime = asked.orElse(maxLifetime);
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(maxLifetime) > 0) {
            throw new InvalidInputException("A trusted publisher's tokens live " + MIN_LIFETIME.toMinutes() + " to "
                    + maxLifetime.toMinutes() + " minutes on this hub; leave 'lifetimeMinutes' out for the longest.");
        }
        return lifetime;
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("There is already a trusted publisher named '" + name + "'; pick another name.");
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
