package dev.hubkeep.server.limits;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** The plan columns of accounts and organizations (null: the default, {@code free} for a user, none for an org). */
final class PlanRepository {

    private final Handle handle;

    PlanRepository(Handle handle) {
        this.handle = handle;
    }

    /** The user's own plan (if set) and the plans of the organizations the user belongs to. */
    List<String> plansApplyingTo(String userId) {
        return handle.createQuery("""
                        SELECT plan FROM users WHERE id = :id AND plan IS NOT NULL
                        UNION ALL
                        SELECT o.plan FROM organizations o JOIN org_members m ON m.org_id = o.id
                        WHERE m.user_id = :id AND o.plan IS NOT NULL""")
                .bind("id", userId)
                .mapTo(String.class)
                .list();
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
