package dev.hubkeep.server.http;

import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.HubException;
import io.javalin.http.Context;

/**
 * What the pipeline does for web pages ({@link Route#page}), supplied by the web package: the
 * pages' security headers, the CSRF check of every form, and failures shown as pages to browsers.
 */
public interface PageSupport {

    /** Before anything else on a page route (its failures carry the headers too). */
    void enter(Context ctx);

    /**
     * After the guard allowed the request, before the handler: refuses (by throwing) an unsafe
     * request that lacks the CSRF token of the form it was posted from, or that carries files
     * ({@code multipart/form-data}) to a form that takes none ({@link Route#takesFiles}) or beyond
     * the bounds of one that does.
     */
    void admit(Context ctx, Principal principal);

    /**
     * After a page route's handler or its refusal, before the answer goes out: deletes the files a
     * form's post left waiting on disk (the container would only after the answer).
     */
    void release(Context ctx);

    /**
     * Answers a failure as a page: for a browser ({@link #wantsPage}) asking for a page route or
     * for no route at all. {@code status} 401 sends it to sign in.
     */
    void failure(Context ctx, int status, String message);

    /** A failure a route threw: as {@link #failure(Context, int, String)}, with its error code to go on from. */
    default void failure(Context ctx, HubException e) {
        failure(ctx, ErrorMapping.status(e), e.getMessage());
    }

    /**
     * Whether the failure of this request is answered as a page: a browser's request (it accepts
     * {@code text/html}) outside {@code /api/}, to a page route or to none. API clients keep JSON.
     */
    static boolean wantsPage(Context ctx, boolean routedToPage, boolean unrouted) {
        String accept = ctx.header("Accept");
        return (routedToPage || unrouted)
                && accept != null
                && accept.contains("text/html")
                && !ctx.path().startsWith("/api/");
    }
}
