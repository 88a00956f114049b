package dev.hubkeep.server.web;

import dev.hubkeep.server.auth.PepperRing;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.http.SessionCookie;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Synchronizer tokens for the pages' forms. A form carries a token derived (keyed HMAC, key in the
 * data directory) from the secret of the browser's session cookie, or, before sign-in, from a
 * random form cookie of its own: another site can make a browser post, but cannot read the page
 * the token is on, and the token is worth nothing with another session. Nothing is stored.
 */
public final class Csrf {

    /** The form field, and the header htmx requests may carry instead. */
    public static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";
    static final String FORM_COOKIE = "hubkeep_form";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PepperRing.Pepper key;

    public Csrf(PepperRing key) {
        this.key = key.current();
    }

    /** The token for forms on the page being answered; before sign-in, sets the form cookie if missing. */
    String token(Context ctx) {
        return basis(ctx, Requests.principal(ctx)).orElseGet(() -> {
            String secret = newSecret();
            boolean secure = Requests.isHttps(ctx);
            ctx.cookie(new Cookie(FORM_COOKIE, secret, "/", -1, secure, true, null, SameSite.LAX));
            ctx.attribute(FORM_COOKIE, secret);
            return digest("form:" + secret);
        });
    }

    /** Refuses an unsafe request whose token is missing or not the one of this browser's session. */
    void check(Context ctx, Principal principal) {
        String sent = Optional.ofNullable(ctx.header(HEADER)).orElseGet(() -> formToken(ctx));
        Optional<String> expected = basis(ctx, principal);
        if (sent == null || expected.isEmpty()
                || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.get().getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("This form has expired or did not come from this hub's own page."
                    + " Go back, reload the page and send it again.");
        }
    }

    private static String formToken(Context ctx) {
        try {
            return ctx.formParam(FIELD);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The token this browser's forms must carry, when it has what one is derived from. */
    private Optional<String> basis(Context ctx, Principal principal) {
        if (principal instanceof Principal.Authenticated user && user.credential() instanceof Principal.WebSession) {
            return SessionCookie.read(ctx).map(secret -> digest("session:" + secret));
        }
        String formCookie = Optional.ofNullable(ctx.<String>attribute(FORM_COOKIE)).orElse(ctx.cookie(FORM_COOKIE));
        return Optional.ofNullable(formCookie).filter(c -> !c.isBlank()).map(c -> digest("form:" + c));
    }

    private String digest(String basis) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.digest(basis));
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
