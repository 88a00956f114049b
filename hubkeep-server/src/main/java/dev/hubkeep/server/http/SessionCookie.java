package dev.hubkeep.server.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Optional;

/** The web session cookie: HttpOnly, SameSite=Lax, Secure whenever the request came over https. */
public final class SessionCookie {

    public static final String NAME = "hubkeep_session";

    private SessionCookie() {}

    public static Optional<String> read(Context ctx) {
        return Optional.ofNullable(ctx.cookie(NAME));
    }

    public static void set(Context ctx, String secret, Duration maxAge) {
        ctx.cookie(build(ctx, secret, (int) maxAge.toSeconds()));
    }

    public static void clear(Context ctx) {
        ctx.cookie(build(ctx, "", 0));
    }

    private static Cookie build(Context ctx, String value, int maxAgeSeconds) {
        return new Cookie(NAME, value, "/", maxAgeSeconds, Requests.isHttps(ctx), true, null, SameSite.LAX);
    }
}
