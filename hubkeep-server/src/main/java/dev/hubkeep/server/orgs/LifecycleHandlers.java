package dev.hubkeep.server.orgs;

import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.Map;

/** HTTP handlers for leaving and deleting organizations, and for the hub's administrators' account actions. */
public final class LifecycleHandlers {

    private final Lifecycle lifecycle;

    public LifecycleHandlers(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** {@code POST /api/organizations/{org}/leave}. */
    public void leave(Context ctx) {
        lifecycle.leave(Requests.user(ctx), ctx.pathParam("org"));
        ctx.status(204);
    }

    /** {@code DELETE /api/organizations/{org}}: refused (409, naming them) while it has repositories. */
    public void deleteOrg(Context ctx) {
        lifecycle.deleteOrg(Requests.user(ctx), ctx.pathParam("org"), Requests.clientAddress(ctx));
        ctx.status(204);
    }

    /** {@code POST /api/admin/users/{user}/deactivate}. */
    public void deactivate(Context ctx) {
        lifecycle.deactivate(Requests.user(ctx), ctx.pathParam("user"), Requests.clientAddress(ctx));
        ctx.json(Map.of("user", ctx.pathParam("user"), "deactivated", true));
    }

    /** {@code POST /api/admin/users/{user}/reactivate}. */
    public void reactivate(Context ctx) {
        lifecycle.reactivate(Requests.user(ctx), ctx.pathParam("user"), Requests.clientAddress(ctx));
        ctx.json(Map.of("user", ctx.pathParam("user"), "deactivated", false));
    }

    /** {@code DELETE /api/admin/users/{user}}. */
    public void deleteUser(Context ctx) {
        lifecycle.deleteUser(Requests.user(ctx), ctx.pathParam("user"), Requests.clientAddress(ctx));
        ctx.status(204);
    }
}
