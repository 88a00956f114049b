package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.OrgToken;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Service accounts and the organization's tokens they hold (docs/organizations.md). A service
 * account is an account of the organization (a {@code users} row of kind {@code service}, named
 * {@code org/name}) with a role in it like a member's; its tokens are the organization's tokens:
 * fine-grained, reaching only the organization's repositories, governed by its token policy, made
 * and revoked by any of its admins, and never tied to a person, so removing the person who made one
 * leaves it working. Deleting the service account, or the organization, revokes them.
 *
 * <p>Who may call what is decided before these run (the routes' guards: an admin of the
 * organization); these keep the rules. Each change is one transaction with its audit event in the
 * organization's log, and is announced ({@link Changes}) once committed.
 */
public final class ServiceAccountService {

    /** Service accounts one organization may hold; every list is bounded. */
    public static final int MAX_PER_ORG = 100;
    /** Live organization tokens listed at most. */
    public static final int MAX_TOKENS_LISTED = 1000;

    /** What a service account's token may be granted on its organization's resources. */
    static final Set<String> PERMISSIONS = Set.of("repo.content.read", "repo.write", "repo.access.read",
            "inference.serverless.write", "org.read", "org.write", "org.members.read");
    private static final Set<String> WRITING = Set.of("repo.write", "org.write");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,40}[A-Za-z0-9])?");
    private static final Pattern DOUBLE_SEPARATOR = Pattern.compile("[._-]{2}");

    /**
     * Who asks for a service account's token, for the audit trail and the rule against escalation.
     *
     * @param person the person asking (an admin of the organization, through a session or a token),
     *     whose credential the rule against escalation is checked for; empty for the operator or a
     *     machine acting on an admin's standing configuration (a trusted publisher)
     * @param actor how the audit log and the token list name the issuer
     */
    public record Issuer(Optional<Principal.Authenticated> person, String actor) {

        /** An organization admin, from the request they made. */
        public static Issuer person(Principal.Authenticated admin) {
            String via = admin.credential() instanceof Principal.TokenCredential token ? " (token " + token.name() + ")" : "";
            return new Issuer(Optional.of(admin), admin.username() + via);
        }

        /** The hub's operator, at the command line. */
        public static Issuer operator() {
            return new Issuer(Optional.empty(), "operator");
        }

        /**
         * A machine acting on a configuration an admin made (e.g. {@code trusted-publisher <id>}):
         * the configuration is the approval, so the token is issued approved in the organization's name.
         */
        public static Issuer machine(String actor) {
            return new Issuer(Optional.empty(), actor);
        }
    }

    private final Database database;
    private final OrgService orgs;
    private final AccountService accounts;
    private final TokenService tokens;
    private final Clock clock;
    private final Ids ids;
    private final Changes changes;

    public ServiceAccountService(Database database, OrgService orgs, AccountService accounts, TokenService tokens,
            Clock clock, Changes changes) {
        this.database = database;
        this.orgs = orgs;
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.changes = changes;
    }

    /** Makes a service account of the organization, with role {@code role} (read or write) in it. */
    public ServiceAccount create(Principal.Authenticated actor, String orgName, String name, OrgRole role,
            Optional<String> fullname) {
        return create(orgName, name, role, fullname, actor.userId(), actor.username());
    }

    /** For the operator command. */
    public ServiceAccount createByOperator(String orgName, String name, OrgRole role) {
        return create(orgName, name, role, Optional.empty(), null, "operator");
    }

    private ServiceAccount create(String orgName, String name, OrgRole role, Optional<String> fullname,
            String actorUserId, String actor) {
        validateName(name);
        checkRole(role);
        String display = fullname.map(String::strip).filter(f -> !f.isEmpty()).orElse(name);
        if (display.length() > 100) {
            throw new InvalidInputException("Full name must be at most 100 characters long.");
        }
        Org org = orgs.get(orgName);
        User created;
        try {
            created = database.jdbi().inTransaction(h -> {
                OrgRepository repo = new OrgRepository(h);
                if (repo.serviceAccountCount(org.id()) >= MAX_PER_ORG) {
                    throw new ConflictException(org.name() + " has " + MAX_PER_ORG + " service accounts, the most an"
                            + " organization may have; delete one it no longer needs first.");
                }
                User user = accounts.insertServiceAccount(h, org.name() + "/" + name, display, org.id());
                repo.putMember(org.id(), user.id(), role, clock.instant());
                audit(h, org, actorUserId == null ? user.id() : actorUserId, actor, "org.service_account.create",
                        Map.of("serviceAccount", user.username(), "role", role.wireName()));
                changes.publishOnCommit(h, new Change.Org(org.id()));
                return user;
            });
        } catch (RuntimeException e) {
            if (database.isUniqueViolation(e)) {
                throw new ConflictException("There is already a service account named '" + org.name() + "/" + name + "'.");
            }
            throw e;
        }
        return new ServiceAccount(created.id(), org.id(), org.name(), name, display, role, created.createdAt());
    }

    /** The organization's service accounts, by name (at most {@link #MAX_PER_ORG}). */
    public List<ServiceAccount> list(String orgName) {
        Org org = orgs.get(orgName);
        return database.jdbi().withHandle(h -> new OrgRepository(h).serviceAccounts(org, MAX_PER_ORG));
    }

    /** The service account {@code name} of the organization, if there is one. */
    public Optional<ServiceAccount> find(String orgName, String name) {
        return orgs.find(orgName).flatMap(org -> database.jdbi().withHandle(h -> new OrgRepository(h)
                .serviceAccounts(org, MAX_PER_ORG).stream()
                .filter(a -> a.name().equalsIgnoreCase(name))
                .findFirst()));
    }

    public ServiceAccount get(String orgName, String name) {
        return find(orgName, name).orElseThrow(() -> new NotFoundException(
                "No service account named '" + name + "' in " + orgName + "."));
    }

    /** The service account with this account id, if it is a live one. */
    public Optional<ServiceAccount> byId(String userId) {
        Optional<User> user = accounts.findUser(userId).filter(u -> u.isService() && u.deletedAt().isEmpty());
        return user.flatMap(u -> {
            String username = u.username();
            return find(username.substring(0, username.indexOf('/')), username.substring(username.indexOf('/') + 1));
        });
    }

    /** Changes the service account's role (read or write); its tokens can do at most what it can. */
    public ServiceAccount setRole(Principal.Authenticated actor, String orgName, String name, OrgRole role) {
        checkRole(role);
        ServiceAccount account = get(orgName, name);
        database.jdbi().useTransaction(h -> {
            new OrgRepository(h).putMember(account.orgId(), account.id(), role, clock.instant());
            audit(h, orgOf(account), actor.userId(), actor.username(), "org.service_account.role",
                    Map.of("serviceAccount", account.username(), "role", role.wireName()));
            changes.publishOnCommit(h, new Change.Org(account.orgId()));
        });
        return get(orgName, name);
    }

    /** Deletes the service account: its tokens are revoked, its name freed; the audit trail stays. */
    public void delete(Principal.Authenticated actor, String orgName, String name, String address) {
        ServiceAccount account = get(orgName, name);
        delete(account, actor.userId(), actor.username(), address);
    }

    public void deleteByOperator(String orgName, String name) {
        ServiceAccount account = get(orgName, name);
        delete(account, account.id(), "operator", "local");
    }

    private void delete(ServiceAccount account, String actorUserId, String actor, String address) {
        database.jdbi().useTransaction(h -> {
            List<String> ids = removeOn(h, account, actorUserId, actor, address);
            audit(h, orgOf(account), actorUserId, actor, "org.service_account.delete",
                    Map.of("serviceAccount", account.username(), "tokensRevoked", Integer.toString(ids.size())));
        });
    }

    /**
     * Revokes the account's tokens, takes it out of its organization and marks it deleted, on the
     * caller's transaction; returns the revoked tokens' ids. All of it is announced when the
     * transaction commits.
     */
    List<String> removeOn(Handle h, ServiceAccount account, String actorUserId, String actor, String address) {
        List<String> revoked = tokens.revokeAllOn(h, account.id(), "org-admin", actorUserId, actor,
                Optional.of(account.orgId()), address);
        new OrgRepository(h).removeMember(account.orgId(), account.id());
        User user = accounts.findUserOn(h, account.id()).orElseThrow();
        accounts.markDeletedOn(h, user);
        changes.publishOnCommit(h, new Change.Account(account.id()));
        changes.publishOnCommit(h, new Change.Org(account.orgId()));
        return revoked;
    }

    /**
     * Issues a token owned by the service account: an organization token. It must be fine-grained,
     * with grants only on the organization or its repositories, and no more than the account's role
     * allows; the organization's token policy applies as to any token (an expiry within its maximum
     * lifetime). When the policy asks for approval, the token is issued approved by {@code issuer}:
     * only the organization's admins, the operator, or a configuration an admin made (a trusted
     * publisher) can issue one. The rule against escalation holds for the person asking.
     */
    public TokenService.Created issueToken(ServiceAccount account, NewToken requested, Issuer issuer, String address) {
        return database.jdbi().inTransaction(h -> {
            TokenService.Created created = issueToken(h, account, requested, issuer, address);
            changes.publishOnCommit(h, new Change.Token(created.token().id()));
            return created;
        });
    }

    /**
     * {@link #issueToken(ServiceAccount, NewToken, Issuer, String)} inside the caller's transaction on
     * {@code handle} (say, together with an audit event of its own); the caller publishes
     * {@code Change.Token} for the new token once it commits.
     */
    public TokenService.Created issueToken(Handle handle, ServiceAccount account, NewToken requested, Issuer issuer,
            String address) {
        OrgRepository repo = new OrgRepository(handle);
        Optional<OrgRole> role = repo.roleOf(account.orgId(), account.id());
        if (role.isEmpty()) {
            throw new NotFoundException("No service account named '" + account.name() + "' in " + account.org() + ".");
        }
        checkGrants(account, role.get(), requested);
        TokenPolicy policy = repo.policy(account.orgId());
        checkLifetime(account.org(), policy, requested.expiresAt());
        String auditUser = issuer.person().map(Principal.Authenticated::userId).orElse(account.id());
        TokenService.Created created = tokens.createForServiceAccount(handle, account.id(), requested,
                issuer.person().map(Principal.Authenticated::credential), auditUser, issuer.actor(), account.orgId(),
                address);
        if (policy.requireApproval()) {
            repo.setReview(account.orgId(), created.token().id(), "approved", issuer.actor(), clock.instant());
            new AuditRepository(handle).insert(new AuditEvent(ids.next(), clock.instant(), auditUser, issuer.actor(),
                    "org.token.approved", Optional.of(created.token().id()), Optional.of(address),
                    Map.of("tokenId", created.token().id(), "reason", "an organization token, issued by " + issuer.actor()),
                    Optional.of(account.orgId())));
        }
        return created;
    }

    /** The organization's live tokens (its service accounts'), oldest first, with who made each. */
    public List<OrgToken> tokens(String orgName) {
        Org org = orgs.get(orgName);
        return tokens.serviceAccountTokens(org.id(), MAX_TOKENS_LISTED);
    }

    /**
     * Revokes one of the organization's tokens, whoever made it: any admin of the organization may.
     * A token id that is not one of the organization's live tokens is a 404.
     */
    public void revokeToken(Principal.Authenticated actor, String orgName, String tokenId, String address) {
        revokeToken(orgName, tokenId, actor.userId(), Issuer.person(actor).actor(), address);
    }

    public void revokeTokenByOperator(String orgName, String tokenId) {
        revokeToken(orgName, tokenId, null, "operator", "local");
    }

    private void revokeToken(String orgName, String tokenId, String actorUserId, String actor, String address) {
        Org org = orgs.get(orgName);
        OrgToken token = tokens.serviceAccountTokens(org.id(), MAX_TOKENS_LISTED).stream()
                .filter(t -> t.token().id().equals(tokenId))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("No live token with id '" + tokenId + "' belongs to "
                        + org.name() + "."));
        String owner = token.token().userId();
        boolean revoked = database.jdbi().inTransaction(h -> tokens.revokeOn(h, owner, tokenId, "org-admin",
                actorUserId == null ? owner : actorUserId, actor, Optional.of(org.id()), address));
        if (!revoked) {
            throw new NotFoundException("No live token with id '" + tokenId + "' belongs to " + org.name() + ".");
        }
    }

    // --- the rules ---

    static void validateName(String name) {
        if (name.length() < 2 || name.length() > 42) {
            throw new InvalidInputException("A service account's name must be 2 to 42 characters long.");
        }
        if (!NAME.matcher(name).matches() || DOUBLE_SEPARATOR.matcher(name).find()) {
            throw new InvalidInputException("A service account's name may contain only letters, digits, '-', '_' and"
                    + " '.', not two of the last three in a row, and must start and end with a letter or digit.");
        }
    }

    private static void checkRole(OrgRole role) {
        if (role == OrgRole.ADMIN) {
            throw new InvalidInputException("A service account's role is read or write: administering an organization"
                    + " is for people.");
        }
    }

    private static void checkGrants(ServiceAccount account, OrgRole role, NewToken requested) {
        if (requested.role() != TokenRole.FINE_GRAINED || requested.fineGrained().isEmpty()) {
            throw new InvalidInputException("An organization token is fine-grained: send 'role': 'fineGrained' and"
                    + " 'fineGrained' grants on " + account.org() + " or its repositories.");
        }
        FineGrained grants = requested.fineGrained().get();
        if (!grants.global().isEmpty()) {
            throw new InvalidInputException("An organization token has no global permissions; grant permissions on "
                    + account.org() + " or its repositories only.");
        }
        if (grants.scoped().isEmpty()) {
            throw new InvalidInputException("Grant the token permissions on " + account.org() + " or some of its"
                    + " repositories.");
        }
        List<String> outside = new ArrayList<>();
        for (FineGrained.Scoped scoped : grants.scoped()) {
            boolean inOrg = scoped.type() == FineGrained.EntityType.ORG
                    ? scoped.name().equalsIgnoreCase(account.org())
                    : scoped.type() != FineGrained.EntityType.USER
                            && scoped.name().regionMatches(true, 0, account.org() + "/", 0, account.org().length() + 1);
            if (!inOrg) {
                outside.add(scoped.type().wireName() + " " + scoped.name());
            }
            List<String> foreign = scoped.permissions().stream().filter(p -> !PERMISSIONS.contains(p)).sorted().toList();
            if (!foreign.isEmpty()) {
                throw new InvalidInputException("An organization token cannot hold " + String.join(", ", foreign)
                        + "; it may hold " + String.join(", ", PERMISSIONS.stream().sorted().toList()) + ".");
            }
            if (role == OrgRole.READ && scoped.permissions().stream().anyMatch(WRITING::contains)) {
                throw new InvalidInputException(account.username() + " has the read role in " + account.org()
                        + ", so a token of it could never write: give it the write role first, or grant read only.");
            }
        }
        if (!outside.isEmpty()) {
            throw new InvalidInputException("An organization token reaches only " + account.org() + "'s own"
                    + " repositories; these are outside it: " + String.join(", ", outside) + ".");
        }
    }

    private void checkLifetime(String org, TokenPolicy policy, Optional<Instant> expiresAt) {
        if (policy.maxLifetimeDays().isEmpty()) {
            return;
        }
        int days = policy.maxLifetimeDays().get();
        Instant limit = clock.instant().plus(Duration.ofDays(days));
        if (expiresAt.isEmpty() || expiresAt.get().isAfter(limit)) {
            throw new InvalidInputException(org + " accepts only tokens that expire within " + days + " day"
                    + (days == 1 ? "" : "s") + " of their creation: send an 'expiresAt' no later than " + limit + ".");
        }
    }

    private Org orgOf(ServiceAccount account) {
        return new Org(account.orgId(), account.org(), account.org(), Instant.EPOCH);
    }

    private void audit(Handle h, Org org, String actorUserId, String actor, String action, Map<String, String> details) {
        new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(), actorUserId, actor, action,
                Optional.empty(), Optional.empty(), details, Optional.of(org.id())));
    }
}
