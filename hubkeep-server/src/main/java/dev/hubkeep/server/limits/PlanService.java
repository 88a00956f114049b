package dev.hubkeep.server.limits;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.orgs.Org;
import dev.hubkeep.server.orgs.OrgService;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.ExactCache;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which plan each account is on: the best of its own and its organizations' plans ({@code free}
 * when none is set). Read once per account and kept until the account or an organization changes
 * (announced through {@link Changes}), so counting a request costs no database statement.
 */
public final class PlanService {

    private static final Logger log = LoggerFactory.getLogger(PlanService.class);

    private final Database database;
    private final Plans plans;
    private final AccountService accounts;
    private final OrgService orgs;
    private final Changes changes;
    private final ExactCache<String, Effective> effective;

    /** A user's plan, and the organizations with a plan the user belongs to (whose changes may change it). */
    private record Effective(Plan plan, Set<String> orgIds) {}

    public PlanService(Database database, Plans plans, AccountService accounts, OrgService orgs, Changes changes) {
        this.database = database;
        this.plans = plans;
        this.accounts = accounts;
        this.orgs = orgs;
        this.changes = changes;
        this.effective = ExactCache.ofPresent(1_000_000, changes);
        changes.subscribe(this::forget);
    }

    public Plans plans() {
        return plans;
    }

    /** The plan {@code userId}'s requests are counted under. */
    public Plan planOf(String userId) {
        return effective.get(userId, id -> Optional.of(load(id))).orElseThrow().plan();
    }

    private Effective load(String userId) {
        List<PlanRepository.Applying> applying =
                database.jdbi().withHandle(h -> new PlanRepository(h).plansApplyingTo(userId));
        // The user's own plan (free unless set) first: on equal quotas the earlier candidate stays.
        Plan best = applying.stream().anyMatch(row -> row.orgId() == null) ? null : plans.free();
        Set<String> orgIds = new HashSet<>();
        for (PlanRepository.Applying row : applying) {
            if (row.orgId() != null) {
                orgIds.add(row.orgId());
            }
            Optional<Plan> plan = plans.find(row.plan());
            if (plan.isEmpty()) {
                // Set while the hub offered it; the configuration no longer does. Counted as free until reset.
                log.warn("Plan '{}' applies to user {} but is not configured; counting it as free", row.plan(), userId);
                plan = Optional.of(plans.free());
            }
            if (best == null || Plan.GENEROSITY.compare(plan.get(), best) > 0) {
                best = plan.get();
            }
        }
        return new Effective(best, Set.copyOf(orgIds));
    }

    /** Puts the user named {@code username} on {@code planName} (an operator's command). */
    public Plan setUserPlan(String username, String planName) {
        Plan plan = known(planName);
        User user = accounts.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        database.jdbi().useTransaction(h -> {
            new PlanRepository(h).setUserPlan(user.id(), plan.name());
            changes.publishOnCommit(h, new Change.Account(user.id()));
        });
        return plan;
    }

    /** Puts the organization named {@code orgName} on {@code planName}: each member gets it (if better than their own). */
    public Plan setOrgPlan(String orgName, String planName) {
        Plan plan = known(planName);
        Org org = orgs.get(orgName);
        database.jdbi().useTransaction(h -> {
            new PlanRepository(h).setOrgPlan(org.id(), plan.name());
            changes.publishOnCommit(h, new Change.Org(org.id()));
        });
        return plan;
    }

    /** The plan set on the organization named {@code orgName} itself (its members get it if better than their own). */
    public Optional<String> orgPlan(String orgName) {
        Org org = orgs.get(orgName);
        return database.jdbi().withHandle(h -> new PlanRepository(h).orgPlan(org.id()));
    }

    private Plan known(String name) {
        return plans.find(name).filter(plan -> !plan.name().equals(Plan.ANONYMOUS)).orElseThrow(() -> {
            TreeSet<String> offered = new TreeSet<>(plans.byName().keySet());
            offered.remove(Plan.ANONYMOUS);
            return new InvalidInputException("No plan named '" + name + "'. Plans: " + String.join(", ", offered) + ".");
        });
    }

    /**
     * An organization changed (its members, their roles, its profile or its plan). Only an organization
     * with a plan can change anyone's plan: then everyone is read again (a new member is in no entry);
     * any other change costs nothing, so organizations changing elsewhere never slow the hot path.
     */
    private void forgetOrg(String orgId) {
        effective.invalidateIf((userId, entry) -> entry.map(e -> e.orgIds().contains(orgId)).orElse(true));
        boolean hasPlan;
        try {
            hasPlan = database.jdbi().withHandle(h -> new PlanRepository(h).orgHasPlan(orgId));
        } catch (RuntimeException e) {
            log.warn("Could not tell whether organization {} has a plan; reading every plan again", orgId, e);
            hasPlan = true;
        }
        if (hasPlan) {
            effective.invalidateAll();
        }
    }

    private void forget(Change change) {
        switch (change) {
            case Change.Account account -> effective.invalidate(account.userId());
            case Change.Org org -> forgetOrg(org.orgId());
            case Change.Everything ignored -> effective.invalidateAll();
            default -> {}
        }
    }
}
