package dev.hubkeep.server.orgs;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ends of accounts and organizations (docs/organizations.md, docs/operations.md): a member
 * leaves an organization; an admin deletes an organization (refused while it holds repositories,
 * which are moved or deleted first: nothing is destroyed by surprise); the hub's administrators
 * deactivate, reactivate and delete accounts. Here, and not in the accounts package, because
 * ending an account also takes it out of its organizations.
 *
 * <p>Each is one transaction with its audit events. Every token it revokes, and every account and
 * organization it changes, is announced once it commits, so every node's caches of verified tokens,
 * sessions' users, roles and namespaces drop them before the next request.
 */
public final class Lifecycle {

    /** Repositories named in the refusal to delete an organization that still has some. */
    static final int REPOS_NAMED = 20;

    private final Database database;
    private final OrgService orgs;
    private final ServiceAccountService serviceAccounts;
    private final AccountService accounts;
    private final TokenService tokens;
    private final Clock clock;
    private final Ids ids;
    private final Changes changes;

    public Lifecycle(Database database, OrgService orgs, ServiceAccountService serviceAccounts, AccountService accounts,
            TokenService tokens, Clock clock, Changes changes) {
        this.database = database;
        this.orgs = orgs;
        this.serviceAccounts = serviceAccounts;
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.changes = changes;
    }

    /** The repositories that keep an organization from being deleted: how many, and the first {@link #REPOS_NAMED}. */
    public record Remaining(int count, List<String> named) {}

    /** What stands in the way of deleting the organization (nothing when {@code count} is 0). */
    public Remaining remaining(String orgName) {
        Org org = orgs.get(orgName);
        return database.jdbi().withHandle(h -> {
            OrgRepository repo = new OrgRepository(h);
            return new Remaining(repo.repoCount(org.name()), repo.repoNames(org.name(), REPOS_NAMED));
        });
    }

    /** The caller leaves the organization; its last admin cannot (another is made admin first, or it is deleted). */
    public void leave(Principal.Authenticated member, String orgName) {
        Org org = orgs.get(orgName);
        database.jdbi().useTransaction(h -> {
            OrgRepository repo = new OrgRepository(h);
            Optional<dev.hubkeep.server.access.OrgRole> role = repo.roleOf(org.id(), member.userId());
            if (role.isEmpty()) {
                throw new NotFoundException("You are not a member of " + org.name() + ".");
            }
            if (role.get() == dev.hubkeep.server.access.OrgRole.ADMIN && repo.adminCount(org.id()) == 1) {
                throw new ConflictException("You are the last admin of " + org.name() + ": make another member admin"
                        + " first, or delete the organization.");
            }
            repo.removeMember(org.id(), member.userId());
            orgAudit(h, org.id(), member.userId(), member.username(), "org.member.leave",
                    Map.of("member", member.username()));
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
    }

    /**
     * Deletes the organization: refused (409, naming them) while it has repositories. Its service
     * accounts are deleted and every token they hold revoked; members' own tokens keep working
     * elsewhere. Its name is free again; its audit events are kept (by its id).
     */
    public void deleteOrg(Principal.Authenticated actor, String orgName, String address) {
        deleteOrg(orgName, actor.userId(), actor.username(), address);
    }

    public void deleteOrgByOperator(String orgName) {
        deleteOrg(orgName, null, "operator", "local");
    }

    private void deleteOrg(String orgName, String actorUserId, String actor, String address) {
        Org org = orgs.get(orgName);
        List<ServiceAccount> bots = serviceAccounts.list(org.name());
        database.jdbi().useTransaction(h -> {
            OrgRepository repo = new OrgRepository(h);
            int repos = repo.repoCount(org.name());
            if (repos > 0) {
                List<String> names = repo.repoNames(org.name(), REPOS_NAMED);
                throw new ConflictException(org.name() + " still has " + repos + " repositor" + (repos == 1 ? "y" : "ies")
                        + ": " + String.join(", ", names) + (repos > names.size() ? " and " + (repos - names.size())
                        + " more" : "") + ". Move or delete them first, then delete the organization.");
            }
            // The audit trail needs an account to file the events under: the actor, or (for the operator)
            // the organization's first admin, whose row stays.
            String auditUser = actorUserId != null ? actorUserId : repo.members(org.id()).stream()
                    .filter(m -> m.role() == dev.hubkeep.server.access.OrgRole.ADMIN)
                    .map(OrgMember::userId)
                    .findFirst()
                    .orElseThrow();
            for (ServiceAccount bot : bots) {
                serviceAccounts.removeOn(h, bot, auditUser, actor, address);
            }
            orgAudit(h, org.id(), auditUser, actor, "org.delete", Map.of("name", org.name(),
                    "serviceAccountsDeleted", Integer.toString(bots.size())));
            repo.delete(org);
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
    }

    /**
     * Deactivates a person's account: it cannot sign in, its sessions end and every token of it is
     * revoked, all in one transaction, announced before this returns. Reactivation lets it sign in
     * again; its tokens stay revoked.
     */
    public void deactivate(Principal.Authenticated admin, String username, String address) {
        User user = person(username);
        notSelf(admin, user, "deactivate");
        deactivate(user, admin.userId(), admin.username(), address);
    }

    public void deactivateByOperator(String username) {
        User user = person(username);
        deactivate(user, user.id(), "operator", "local");
    }

    private void deactivate(User user, String actorUserId, String actor, String address) {
        database.jdbi().useTransaction(h -> {
            if (!accounts.deactivateOn(h, user.id())) {
                throw new ConflictException(user.username() + " is deactivated already.");
            }
            List<String> ids = tokens.revokeAllOn(h, user.id(), "operator", user.id(), actor, Optional.empty(), address);
            userAudit(h, user.id(), actor, "account.deactivate", address, Map.of("account", user.username(),
                    "by", actor, "tokensRevoked", Integer.toString(ids.size())));
            changes.publishOnCommit(h, new Change.Account(user.id()));
        });
    }

    public void reactivate(Principal.Authenticated admin, String username, String address) {
        reactivate(person(username), admin.username(), address);
    }

    public void reactivateByOperator(String username) {
        reactivate(person(username), "operator", "local");
    }

    private void reactivate(User user, String actor, String address) {
        database.jdbi().useTransaction(h -> {
            if (!accounts.reactivateOn(h, user.id())) {
                throw new ConflictException(user.username() + " is not deactivated.");
            }
            userAudit(h, user.id(), actor, "account.reactivate", address, Map.of("account", user.username(), "by", actor));
            changes.publishOnCommit(h, new Change.Account(user.id()));
        });
    }

    /**
     * Deletes a person's account: deactivated for good, every token revoked and session ended, taken
     * out of every organization, its email address freed. Refused while it is the last admin of an
     * organization (naming them). Its repositories stay under its name, which stays taken, until
     * they are moved or deleted; its audit trail stays.
     */
    public void deleteUser(Principal.Authenticated admin, String username, String address) {
        User user = person(username);
        notSelf(admin, user, "delete");
        deleteUser(user, admin.username(), address);
    }

    public void deleteUserByOperator(String username) {
        deleteUser(person(username), "operator", "local");
    }

    private void deleteUser(User user, String actor, String address) {
        List<String> orgIds = new ArrayList<>();
        database.jdbi().useTransaction(h -> {
            OrgRepository repo = new OrgRepository(h);
            List<String> orphaned = repo.orgsWhereOnlyAdmin(user.id());
            if (!orphaned.isEmpty()) {
                throw new ConflictException(user.username() + " is the last admin of " + String.join(", ", orphaned)
                        + ": make another member admin there, or delete the organization, first.");
            }
            List<String> ids = tokens.revokeAllOn(h, user.id(), "operator", user.id(), actor, Optional.empty(), address);
            for (String orgId : repo.removeFromAll(user.id())) {
                orgIds.add(orgId);
                orgAudit(h, orgId, user.id(), actor, "org.member.remove",
                        Map.of("member", user.username(), "reason", "account deleted"));
            }
            accounts.markDeletedOn(h, user);
            userAudit(h, user.id(), actor, "account.delete", address, Map.of("account", user.username(), "by", actor,
                    "tokensRevoked", Integer.toString(ids.size())));
            changes.publishOnCommit(h, new Change.Account(user.id()));
            orgIds.forEach(id -> changes.publishOnCommit(h, new Change.Org(id)));
        });
    }

    /** A person's account that is not deleted; service accounts end with their organization's say. */
    private User person(String username) {
        User user = accounts.findByUsername(username)
                .filter(u -> u.deletedAt().isEmpty())
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        if (user.isService()) {
            throw new InvalidInputException(username + " is a service account: an admin of its organization deletes it.");
        }
        return user;
    }

    private static void notSelf(Principal.Authenticated admin, User user, String verb) {
        if (admin.userId().equals(user.id())) {
            throw new InvalidInputException("You cannot " + verb + " your own account here: another administrator, or"
                    + " the operator with 'hubkeep admin user " + verb + "', can.");
        }
    }

    private void orgAudit(org.jdbi.v3.core.Handle h, String orgId, String userId, String actor, String action,
            Map<String, String> details) {
        new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(), userId, actor, action, Optional.empty(),
                Optional.empty(), details, Optional.of(orgId)));
    }

    private void userAudit(org.jdbi.v3.core.Handle h, String userId, String actor, String action, String address,
            Map<String, String> details) {
        new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(), userId, actor, action, Optional.empty(),
                Optional.of(address), details));
    }
}
