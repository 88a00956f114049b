package dev.hubkeep.server.limits;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** The plan columns of accounts and organizations (null: the default, {@code free} for a user, none for an org). */
final class PlanRepository {

    private final Handle handle;

    PlanRepository(Handle handle) {
        this.handle = handle;
    }

    /** A plan that applies to a user: their own ({@code orgId} null) or an organization's they belong to. */
    record Applying(String orgId, String plan) {}

    /** The user's own plan (if set, first) and the plans of the organizations the user belongs to. */
    List<Applying> plansApplyingTo(String userId) {
        return handle.createQuery("""
                        SELECT NULL AS org_id, plan FROM users WHERE id = :id AND plan IS NOT NULL
                        UNION ALL
                        SELECT o.id AS org_id, o.plan FROM organizations o JOIN org_members m ON m.org_id = o.id
                        WHERE m.user_id = :id AND o.plan IS NOT NULL
                        ORDER BY org_id NULLS FIRST""")
                .bind("id", userId)
                .map((rs, ctx) -> new Applying(rs.getString("org_id"), rs.getString("plan")))
                .list();
    }

    /** The plan set on the organization itself, if any. */
    java.util.Optional<String> orgPlan(String orgId) {
        return handle.createQuery("SELECT plan FROM organizations WHERE id = :id AND plan IS NOT NULL")
                .bind("id", orgId)
                .mapTo(String.class)
                .findOne();
    }

    boolean orgHasPlan(String orgId) {
        return handle.createQuery("SELECT COUNT(*) FROM organizations WHERE id = :id AND plan IS NOT NULL")
                .bind("id", orgId)
                .mapTo(Long.class)
                .one() > 0;
    }

    void setUserPlan(String userId, String plan) {
        handle.createUpdate("UPDATE users SET plan = :plan WHERE id = :id").bind("plan", plan).bind("id", userId).execute();
    }

    void setOrgPlan(String orgId, String plan) {
        handle.createUpdate("UPDATE organizations SET plan = :plan WHERE id = :id")
                .bind("plan", plan)
                .bind("id", orgId)
                .execute();
    }
}
