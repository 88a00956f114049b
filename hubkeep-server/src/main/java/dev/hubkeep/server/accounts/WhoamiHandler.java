package dev.hubkeep.server.accounts;

import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/whoami-v2}, in the public Hub's shape, which its clients parse. */
public final class WhoamiHandler {

    /** The Hub's field names; {@code orgs} and {@code auth} must always be present. */
    record Whoami(
            String type,
            String id,
            String name,
            String fullname,
            String email,
            boolean emailVerified,
            boolean isPro,
            boolean canPay,
            String avatarUrl,
            List<Object> orgs,
            Map<String, Object> auth) {}

    private final AccountService accounts;
    private final Supplier<String> publicUrl;

    public WhoamiHandler(AccountService accounts, Supplier<String> publicUrl) {
        this.accounts = accounts;
        this.publicUrl = publicUrl;
    }

    public void whoami(Context ctx) {
        Principal.Authenticated principal = Requests.user(ctx);
        User user = accounts.findUser(principal.userId())
                .orElseThrow(() -> new UnauthenticatedException("This account no longer exists."));
        ctx.json(new Whoami(
                "user",
                user.id(),
                user.username(),
                user.fullname(),
                user.email(),
                user.emailVerified(),
                false,
                false,
                publicUrl.get() + "/avatars/" + user.username() + ".svg",
                List.of(),
                Map.of("type", "session")));
    }
}
