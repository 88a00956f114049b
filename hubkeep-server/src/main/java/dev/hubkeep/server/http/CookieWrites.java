package dev.hubkeep.server.http;

import dev.hubkeep.server.errors.UnsupportedMediaTypeException;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * The API's second line against cross-site requests made with a visitor's session cookie (the
 * first is the {@code Origin} check): a cookie-authenticated change must not be shaped like
 * something another site can make a browser send without asking first. A form can post only
 * {@code application/x-www-form-urlencoded}, {@code multipart/form-data} and {@code text/plain},
 * and a script's no-cors request those or no type at all; anything else (JSON) needs a CORS
 * preflight, which this hub never grants. The web pages post forms, each with its CSRF token
 * ({@link PageSupport}); the API takes none.
 */
final class CookieWrites {

    private static final Set<String> FORM_SHAPED = Set.of(
            "application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    private CookieWrites() {}

    /**
     * Refuses a cookie-authenticated change to the API sent as a form, or a {@code POST} with no body
     * type and no {@code Origin} of this hub (a same-origin script always sends one). Only a
     * {@code POST} needs that second rule: no-cors requests may be {@code GET}, {@code HEAD} or
     * {@code POST} only, so a cross-site {@code PUT}, {@code PATCH} or {@code DELETE} always meets the
     * preflight this hub never grants, and a body-less {@code DELETE} from a cookie client is fine.
     */
    static void refuseFormShaped(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean sameOrigin = ctx.header("Origin") != null; // a foreign one was refused already
        boolean post = "POST".equals(ctx.method().name());
        if (FORM_SHAPED.contains(type) || type.isEmpty() && post && !sameOrigin) {
            throw new UnsupportedMediaTypeException("With a session cookie the API takes JSON only: send"
                    + " Content-Type: application/json (or use an access token in the Authorization header).");
        }
    }
}
