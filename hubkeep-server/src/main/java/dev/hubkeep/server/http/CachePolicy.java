package dev.hubkeep.server.http;

import dev.hubkeep.server.auth.Principal;
import io.javalin.http.Context;

/**
 * What a cache between the hub and its users may keep. By default nothing: token values, accounts,
 * settings and listings of private things must never be stored by a proxy. Content (a file of a
 * repository) may be kept, but a file served to a signed-in caller only privately (a browser's own
 * cache), never by a shared proxy that could hand one user's private file to another; and every
 * answer varies by the credentials that asked.
 */
public final class CachePolicy {

    private CachePolicy() {}

    /** Applied to every response before its handler runs; a handler may relax it with {@link #content}. */
    static void defaults(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Vary", "Authorization, Cookie");
    }

    /** A repository file: shared caches may keep what anonymous callers get; the rest stays private. */
    public static void content(Context ctx) {
        boolean anonymous = !(Requests.principal(ctx) instanceof Principal.Authenticated);
        ctx.header("Cache-Control", anonymous ? "public, no-cache" : "private, no-cache");
    }
}
