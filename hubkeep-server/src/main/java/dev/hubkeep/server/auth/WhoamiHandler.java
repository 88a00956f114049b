package dev.hubkeep.server.auth;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /api/whoami-v2} in the public Hub's shape, which its clients parse: the JS client
 * fails without {@code auth}, the Python CLI without {@code orgs}.
 */
public final class WhoamiHandler {

    /** The Hub's field names. */
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
            List<OrgView> orgs,
            Map<String, Object> auth) {}

    /** An organization the user belongs to, in the Hub's shape. */
    public record OrgView(String type, String id, String name, String fullname, String avatarUrl, String roleInOrg) {}

    private final AccountService accounts;
    private final Supplier<String> publicUrl;
    private final Function<String, List<OrgView>> orgsOf;

    public WhoamiHandler(AccountService accounts, Supplier<String> publicUrl, Function<String, List<OrgView>> orgsOf) {
        this.accounts = accounts;
        this.publicUrl = publicUrl;
        this.orgsOf = orgsOf;
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
                orgsOf.apply(user.id()),
                auth(principal.credential())));
    }

    private static Map<String, Object> auth(Principal.Credential credential) {
        Map<String, Object> auth = new LinkedHashMap<>();
        if (!(credential instanceof Principal.TokenCredential token)) {
            auth.put("type", "session");
            return auth;
        }
        Map<String, Object> accessToken = new LinkedHashMap<>();
        accessToken.put("displayName", token.name());
        accessToken.put("role", token.role().wireName());
        accessToken.put("createdAt", token.createdAt());
        token.fineGrained().ifPresent(g -> accessToken.put("fineGrained", FineGrainedJson.toJson(g)));
        auth.put("type", "access_token");
        auth.put("accessToken", accessToken);
        token.expiresAt().ifPresent(e -> auth.put("expiresAt", e));
        return auth;
    }
}
