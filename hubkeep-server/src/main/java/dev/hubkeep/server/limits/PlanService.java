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
import java.util.List;
import java.util.Optional;
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
    private final ExactCache<String, Plan> effective;

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
        return effective.get(userId, id -> Optional.of(load(id))).orElseThrow();
    }

    private Plan load(String userId) {
        List<String> names = database.jdbi().withHandle(h -> new PlanRepository(h).plansApplyingTo(userId));
        Plan best = plans.free();
        for (String name : names) {
            Optional<Plan> plan = plans.find(name);
            if (plan.isEmpty()) {
                // Set while the hub offered it; the configuration no longer does. Counted as free until reset.
                log.warn("Plan '{}' applies to user {} but is not configured; counting it as free", name, userId);
                continue;
            }
            if (Plan.GENEROSITY.compare(plan.get(), best) > 0) {
                best = plan.get();
            }
        }
        return best;
    }

    /** Puts the user named {@code username} on {@code planName} (an operator's command). */
    public Plan setUserPlan(String username, String planName) {
        Plan plan = known(planName);
        User user = accounts.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        database.jdbi().useTransaction(h -> new PlanRepository(h).setUserPlan(user.id(), plan.name()));
        changes.publish(new Change.Account(user.id()));
        return plan;
    }

    /** Puts the organization named {@code orgName} on {@code planName}: each member gets it (if better than their own). */
    public Plan setOrgPlan(String orgName, String planName) {
        Plan plan = known(planName);
        Org org = orgs.get(orgName);
        database.jdbi().useTransaction(h -> new PlanRepository(h).setOrgPlan(org.id(), plan.name()));
        changes.publish(new Change.Org(org.id()));
        return plan;
    }

    private Plan known(String name) {
        return plans.find(name).filter(plan -> !plan.name().equals(Plan.ANONYMOUS)).orElseThrow(() -> {
            TreeSet<String> offered = new TreeSet<>(plans.byName().keySet());
            offered.remove(Plan.ANONYMOUS);
            return new InvalidInputException("No plan named '" + name + "'. Plans: " + String.join(", ", offered) + ".");
        });
    }

    private void forget(Change change) {
        switch (change) {
            case Change.Account account -> effective.invalidate(account.userId());
            // Who is a member, or the organization's plan: any of its members may count differently now.
            case Change.Org ignored -> effective.invalidateAll();
            case Change.Everything ignored -> effective.invalidateAll();
            default -> {}
        }
    }
}
