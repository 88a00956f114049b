package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.access.TokenGate;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.accounts.Username;
import dev.hubkeep.server.auth.AccessToken;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.ExactCache;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Organizations: creation (the creator becomes admin), members and roles (an organization always
 * keeps an admin), the token policy, reviews of tokens, and organization-level token revocation.
 * Who may call what is decided before these run (the routes' guards); these keep the invariants.
 */
public final class OrgService {

    private final Database database;
    private final AccountService accounts;
    private final TokenService tokens;
    private final Clock clock;
    private final Ids ids;
    private final Changes changes;

    private record Member(String orgId, String userId) {}

    private record Gated(String orgId, String tokenId) {}

    // What every request to an organization's repositories asks, kept until the organization, the
    // token or the account concerned changes (each change is announced by the service making it).
    private final ExactCache<Member, OrgRole> roles;
    private final ExactCache<Gated, TokenGate> gates;
    private final ExactCache<String, List<Membership>> memberships;

    public OrgService(Database database, AccountService accounts, TokenService tokens, Clock clock, Changes changes) {
        this.database = database;
        this.changes = changes;
        this.roles = ExactCache.keepingAbsence(1_000_000, changes);
        this.gates = ExactCache.ofPresent(1_000_000, changes);
        this.memberships = ExactCache.ofPresent(100_000, changes);
        changes.subscribe(this::forget);
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    public Org create(Principal.Authenticated creator, String name, Optional<String> fullname) {
        Username.validate(name);
        String display = fullname.map(String::strip).filter(f -> !f.isEmpty()).orElse(name);
        if (display.length() > 100) {
            throw new InvalidInputException("Full name must be at most 100 characters long.");
        }
        Org org = new Org(ids.next(), name, display, clock.instant());
        try {
            database.jdbi().useTransaction(h -> {
                OrgRepository orgs = new OrgRepository(h);
                if (orgs.nameTaken(name)) {
                    throw taken(name);
                }
                orgs.insert(org);
                orgs.putMember(org.id(), creator.userId(), OrgRole.ADMIN, org.createdAt());
                audit(h, org, creator, "org.create", Map.of("name", name));
                changes.publishOnCommit(h, new Change.Org(org.id()));
            });
        } catch (RuntimeException e) {
            if (database.isUniqueViolation(e)) {
                throw taken(name);
            }
            throw e;
        }
        return org;
    }

    /** For the operator command: creates the organization with {@code ownerUsername} as its admin. */
    public Org createByOperator(String name, String ownerUsername) {
        User owner = accounts.findByUsername(ownerUsername)
                .orElseThrow(() -> new NotFoundException("No user named '" + ownerUsername + "'."));
        // The operator vouches for the owner: no verified email needed.
        return create(new Principal.Authenticated(owner.id(), owner.username(), Principal.WEB_SESSION, true), name,
                Optional.empty());
    }

    public Org get(String name) {
        return database.jdbi().withHandle(h -> new OrgRepository(h).findByName(name))
                .orElseThrow(() -> new NotFoundException("No organization named '" + name + "'."));
    }

    public Optional<Org> find(String name) {
        return database.jdbi().withHandle(h -> new OrgRepository(h).findByName(name));
    }

    /** Changes the organization's display name (its name, the namespace, stays). */
    public Org updateProfile(Principal.Authenticated actor, String orgName, String fullname) {
        String display = fullname.strip();
        if (display.isEmpty() || display.length() > 100) {
            throw new InvalidInputException("Full name must be 1 to 100 characters long.");
        }
        Org org = get(orgName);
        database.jdbi().useTransaction(h -> {
            new OrgRepository(h).setFullname(org.id(), display);
            audit(h, org, actor, "org.profile", Map.of("fullname", display));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
        return get(orgName);
    }

    public List<OrgMember> members(String orgName) {
        Org org = get(orgName);
        return database.jdbi().withHandle(h -> new OrgRepository(h).members(org.id()));
    }

    public Optional<OrgRole> roleOf(String orgId, String userId) {
        return roles.get(new Member(orgId, userId),
                key -> database.jdbi().withHandle(h -> new OrgRepository(h).roleOf(key.orgId(), key.userId())));
    }

    /** The organizations a user belongs to, with roles (for whoami). */
    public List<Membership> membershipsOf(String userId) {
        return memberships.get(userId,
                        id -> Optional.of(database.jdbi().withHandle(h -> new OrgRepository(h).membershipsOf(id))))
                .orElseThrow();
    }

    private void forget(Change change) {
        switch (change) {
            case Change.Org org -> {
                roles.invalidateIf((key, role) -> key.orgId().equals(org.orgId()));
                gates.invalidateIf((key, gate) -> key.orgId().equals(org.orgId()));
                memberships.invalidateAll(); // names, roles and members of the organization all show there
            }
            case Change.Token token -> gates.invalidateIf((key, gate) -> key.tokenId().equals(token.tokenId()));
            case Change.Account account -> memberships.invalidate(account.userId());
            case Change.Everything ignored -> {
                roles.invalidateAll();
                gates.invalidateAll();
                memberships.invalidateAll();
            }
            default -> {}
        }
    }

    /** Adds a member or changes their role; refuses to leave the organization without an admin. */
    public OrgMember putMember(Principal.Authenticated actor, String orgName, String username, OrgRole role) {
        Org org = get(orgName);
        User user = person(username);
        database.jdbi().useTransaction(h -> {
            OrgRepository orgs = new OrgRepository(h);
            Optional<OrgRole> current = orgs.roleOf(org.id(), user.id());
            if (current.equals(Optional.of(OrgRole.ADMIN)) && role != OrgRole.ADMIN && orgs.adminCount(org.id()) == 1) {
                throw lastAdmin(user.username(), org.name());
            }
            orgs.putMember(org.id(), user.id(), role, clock.instant());
            audit(h, org, actor, current.isPresent() ? "org.member.role" : "org.member.add",
                    Map.of("member", user.username(), "role", role.wireName()));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
        return new OrgMember(user.id(), user.username(), user.fullname(), role);
    }

    public void removeMember(Principal.Authenticated actor, String orgName, String username) {
        Org org = get(orgName);
        User user = person(username);
        database.jdbi().useTransaction(h -> {
            OrgRepository orgs = new OrgRepository(h);
            Optional<OrgRole> current = orgs.roleOf(org.id(), user.id());
            if (current.isEmpty()) {
                throw new NotFoundException(user.username() + " is not a member of " + org.name() + ".");
            }
            if (current.get() == OrgRole.ADMIN && orgs.adminCount(org.id()) == 1) {
                throw lastAdmin(user.username(), org.name());
            }
            orgs.removeMember(org.id(), user.id());
            audit(h, org, actor, "org.member.remove", Map.of("member", user.username()));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
    }

    /**
     * The live person named {@code username}. Service accounts are managed apart (their own routes):
     * one belongs to its organization only, and its role changes there.
     */
    private User person(String username) {
        User user = accounts.findByUsername(username)
                .filter(u -> u.deletedAt().isEmpty())
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        if (user.isService()) {
            throw new InvalidInputException(username + " is a service account: it belongs to its own organization"
                    + " only, and its role is set under that organization's service accounts.");
        }
        return user;
    }

    /** Whether every repository of the organization requires signed commits (trust.md). */
    public boolean requiresSignedCommits(String orgName) {
        Org org = get(orgName);
        return database.jdbi().withHandle(h -> new OrgRepository(h).requiresSignedCommits(org.id()));
    }

    public boolean setRequireSignedCommits(Principal.Authenticated actor, String orgName, boolean required) {
        Org org = get(orgName);
        database.jdbi().useTransaction(h -> {
            new OrgRepository(h).setRequireSignedCommits(org.id(), required);
            audit(h, org, actor, "org.commit_policy", Map.of("requireSignedCommits", Boolean.toString(required)));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
        return required;
    }

    public TokenPolicy policy(String orgName) {
        Org org = get(orgName);
        return database.jdbi().withHandle(h -> new OrgRepository(h).policy(org.id()));
    }

    public TokenPolicy setPolicy(Principal.Authenticated actor, String orgName, TokenPolicy policy) {
        if (policy.maxLifetimeDays().map(d -> d < 1 || d > 3650).orElse(false)) {
            throw new InvalidInputException("'maxLifetimeDays' must be from 1 to 3650.");
        }
        Org org = get(orgName);
        database.jdbi().useTransaction(h -> {
            new OrgRepository(h).setPolicy(org.id(), policy);
            audit(h, org, actor, "org.token_policy", Map.of(
                    "fineGrainedOnly", Boolean.toString(policy.fineGrainedOnly()),
                    "requireApproval", Boolean.toString(policy.requireApproval()),
                    "maxLifetimeDays", policy.maxLifetimeDays().map(String::valueOf).orElse("none")));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
        return policy;
    }

    public List<TokenReview> reviews(String orgName) {
        Org org = get(orgName);
        return database.jdbi().withHandle(h -> new OrgRepository(h).reviews(org));
    }

    /** An admin's decision on a token: approved, denied (and the token keeps working elsewhere). */
    public void review(Principal.Authenticated actor, String orgName, String tokenId, String status) {
        Org org = get(orgName);
        database.jdbi().useTransaction(h -> {
            OrgRepository orgs = new OrgRepository(h);
            if (orgs.reviewOf(org.id(), tokenId).isEmpty() || !orgs.isMembersToken(org.id(), tokenId)) {
                throw new NotFoundException("No token with id '" + tokenId + "' has asked for " + org.name() + "'s resources.");
            }
            orgs.setReview(org.id(), tokenId, status, actor.username(), clock.instant());
            audit(h, org, actor, "org.token." + status, Map.of("tokenId", tokenId));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
    }

    /**
     * Cuts a member's token off from the organization's resources for good, as on the public Hub;
     * the token keeps working elsewhere. Only members' tokens are the organization's business: for
     * any other value (unknown, dead, or a live token of someone outside the organization) nothing
     * changes, and the answer and the audit event are exactly those of an unknown value, so the
     * endpoint cannot be used to test whether a stranger's token is live.
     */
    public void revokeToken(Principal.Authenticated actor, String orgName, String value) {
        Org org = get(orgName);
        Optional<AccessToken> token = tokens.findByValue(value);
        database.jdbi().useTransaction(h -> {
            OrgRepository orgs = new OrgRepository(h);
            Optional<AccessToken> members = token.filter(t -> orgs.roleOf(org.id(), t.userId()).isPresent());
            members.ifPresent(t -> orgs.setReview(org.id(), t.id(), "revoked", actor.username(), clock.instant()));
            audit(h, org, actor, "org.token.revoked", members.map(t -> Map.of("tokenId", t.id())).orElse(Map.of()));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
    }

    public List<AuditEvent> auditLog(String orgName, Optional<String> beforeId, int limit) {
        Org org = get(orgName);
        return database.jdbi().withHandle(h -> new AuditRepository(h).forOrg(org.id(), beforeId, limit));
    }

    /** What the organization's policy says about the token behind {@code principal}. */
    public TokenGate gate(String orgId, Principal principal) {
        if (!(principal instanceof Principal.Authenticated user)
                || !(user.credential() instanceof Principal.TokenCredential token)) {
            return TokenGate.OPEN;
        }
        // Asked on every token request to the org's resources: kept per token until the organization or
        // the token changes. A miss is plain reads, no transaction (on SQLite every transaction takes
        // the write lock). The one write, a pending review, is one atomic insert.
        return gates.get(new Gated(orgId, token.tokenId()), key -> Optional.of(gateOf(orgId, user, token))).orElseThrow();
    }

    private TokenGate gateOf(String orgId, Principal.Authenticated user, Principal.TokenCredential token) {
        return database.jdbi().withHandle(h -> {
            OrgRepository orgs = new OrgRepository(h);
            Optional<String> review = orgs.reviewOf(orgId, token.tokenId());
            if (review.equals(Optional.of("revoked"))) {
                return TokenGate.REVOKED_BY_ORG;
            }
            TokenPolicy policy = orgs.policy(orgId);
            if (policy.fineGrainedOnly() && token.role() != TokenRole.FINE_GRAINED) {
                return TokenGate.FINE_GRAINED_REQUIRED;
            }
            if (policy.maxLifetimeDays().isPresent() && tooLong(token, policy.maxLifetimeDays().get())) {
                return TokenGate.LIFETIME_TOO_LONG;
            }
            // Approval is for members' tokens. An outsider's token reaches only what the org shows
            // outsiders (public repositories, gated ones it was granted): it is never put on the
            // org's review list, which would tell the org's admins who uses what.
            if (policy.requireApproval() && orgs.roleOf(orgId, user.userId()).isPresent()) {
                if (review.isEmpty()) {
                    orgs.addPendingReview(orgId, token.tokenId(), clock.instant());
                    return TokenGate.PENDING_APPROVAL;
                }
                return switch (review.get()) {
                    case "approved" -> TokenGate.OPEN;
                    case "denied" -> TokenGate.DENIED;
                    default -> TokenGate.PENDING_APPROVAL;
                };
            }
            return TokenGate.OPEN;
        });
    }

    private static boolean tooLong(Principal.TokenCredential token, int maxDays) {
        Instant limit = token.createdAt().plus(Duration.ofDays(maxDays));
        return token.expiresAt().map(e -> e.isAfter(limit)).orElse(true);
    }

    private void audit(Handle h, Org org, Principal.Authenticated actor, String action, Map<String, String> details) {
        new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(), actor.userId(), actor.username(),
                action, Optional.empty(), Optional.empty(), details, Optional.of(org.id())));
    }

    private static ConflictException taken(String name) {
        return new ConflictException("The name '" + name + "' is already taken by a user or an organization.");
    }

    private static ConflictException lastAdmin(String username, String org) {
        return new ConflictException(username + " is the last admin of " + org
                + "; make another member admin first.");
    }
}
