package dev.hubkeep.server.http;

import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoContext;
import io.javalin.http.Context;
import java.util.Optional;

/** What handlers read about the request beyond its body. */
public final class Requests {

    private static final String PRINCIPAL = "hubkeep.principal";
    private static final String ROUTE_KIND = "hubkeep.route";
    private static final String REPO = "hubkeep.repo";

    private Requests() {}

    static void setPrincipal(Context ctx, Principal principal) {
        ctx.attribute(PRINCIPAL, principal);
    }

    /** Notes that the request reached a route of the table, and whether it is a web page (one taking files). */
    static void markRouted(Context ctx, Route route) {
        ctx.attribute(ROUTE_KIND, route.takesFiles() ? "upload" : route.page() ? "page" : "api");
    }

    static boolean isRouted(Context ctx) {
        return ctx.attribute(ROUTE_KIND) != null;
    }

    public static boolean isPage(Context ctx) {
        return "page".equals(ctx.attribute(ROUTE_KIND)) || takesFiles(ctx);
    }

    /** Whether the request's route is a form that takes files ({@link Route#upload}). */
    public static boolean takesFiles(Context ctx) {
        return "upload".equals(ctx.attribute(ROUTE_KIND));
    }

    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        return principal == null ? Principal.ANONYMOUS : principal;
    }

    static void setRepo(Context ctx, RepoContext repo) {
        ctx.attribute(REPO, repo);
    }

    /**
     * The repository the route's guard resolved and the decision allowed the action on: handlers of
     * repository routes take it from here instead of looking it up again.
     */
    public static Repo repo(Context ctx) {
        RepoContext repo = ctx.attribute(REPO);
        if (repo == null) {
            throw new IllegalStateException("Only a route guarded by Guard.Repo has a resolved repository.");
        }
        return repo.existing();
    }

    /** The signed-in user; the route's guard has already refused anonymous callers. */
    public static Principal.Authenticated user(Context ctx) {
        if (principal(ctx) instanceof Principal.Authenticated user) {
            return user;
        }
        throw new UnauthenticatedException("You must be signed in to do this.");
    }

    /**
     * The client's address: the peer's, or, when the peer is a configured trusted proxy, the one its
     * {@code X-Forwarded-For} names ({@link ForwardedFor} has already put it in place). From anyone
     * else forwarded-for headers are ignored, as any client can send them.
     */
    public static String clientAddress(Context ctx) {
        return ctx.req().getRemoteAddr();
    }

    public static Optional<String> header(Context ctx, String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    public static boolean isHttps(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme());
    }
}
