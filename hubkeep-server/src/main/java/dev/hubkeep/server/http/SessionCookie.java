package dev.hubkeep.server.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Optional;

/**
 * The web session cookie: HttpOnly, SameSite=Lax, and Secure whenever the request came over https
 * or the hub's public URL is https (a proxy in front terminates TLS and forwards plain http).
 */
public final class SessionCookie {

    public static final String NAME = "hubkeep_session";

    private SessionCookie() {}

    public static Optional<String> read(Context ctx) {
        return Optional.ofNullable(ctx.cookie(NAME));
    }

    public static void set(Context ctx, String secret, Duration maxAge, String publicUrl) {
        ctx.cookie(build(ctx, secret, (int) maxAge.toSeconds(), publicUrl));
    }

    public static void clear(Context ctx, String publicUrl) {
        ctx.cookie(build(ctx, "", 0, publicUrl));
    }

    private static Cookie build(Context ctx, String value, int maxAgeSeconds, String publicUrl) {
        boolean secure = Requests.isHttps(ctx) || publicUrl.startsWith("https://");
        return new Cookie(NAME, value, "/", maxAgeSeconds, secure, true, null, SameSite.LAX);
    }
}
