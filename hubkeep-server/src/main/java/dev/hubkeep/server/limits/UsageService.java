package dev.hubkeep.server.limits;

import dev.hubkeep.server.orgs.OrgMember;
import dev.hubkeep.server.orgs.OrgService;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What accounts have used of their plans in the current window: one's own (the usage endpoint and
 * settings page), and an organization's members' for its admins. An organization's plan applies to
 * each member individually (members share no quota), so its usage is per member, not a sum.
 */
public final class UsageService {

    /** Members per page of an organization's usage. */
    public static final int MEMBERS_PAGE = 100;

    private final RateLimiter limiter;
    private final PlanService plans;
    private final OrgService orgs;

    public UsageService(RateLimiter limiter, PlanService plans, OrgService orgs) {
        this.limiter = limiter;
        this.plans = plans;
        this.orgs = orgs;
    }

    /** One member's usage, under the plan their requests are counted under. */
    public record MemberUsage(String username, Usage usage) {}

    /**
     * A page of an organization's members' usage, by username.
     *
     * @param plan the plan set on the organization itself, if any
     * @param next the username to start the next page after, when there is one
     */
    public record OrgUsage(String org, Optional<String> plan, List<MemberUsage> members, Optional<String> next) {}

    public Usage of(String userId) {
        return limiter.usageOf(userId);
    }

    /** The members of {@code orgName} after the username {@code after} (from the first when empty), a page at most. */
    public OrgUsage ofOrg(String orgName, Optional<String> after) {
        List<OrgMember> members = orgs.members(orgName).stream()
                .sorted(Comparator.comparing(OrgMember::username))
                .filter(m -> after.map(a -> m.username().compareTo(a) > 0).orElse(true))
                .limit(MEMBERS_PAGE + 1L)
                .toList();
        List<MemberUsage> page = members.stream()
                .limit(MEMBERS_PAGE)
                .map(m -> new MemberUsage(m.username(), limiter.usageOf(m.userId())))
                .toList();
        Optional<String> next = members.size() > MEMBERS_PAGE ? Optional.of(page.getLast().username()) : Optional.empty();
        return new OrgUsage(orgName, plans.orgPlan(orgName), page, next);
    }
}
