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
        if (user.isService()) {
            ctx.json(serviceAccount(user, principal));
            return;
        }
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

    /**
     * A service account's token (an organization token), in the same shape with what tells it
     * apart: {@code type} {@code service_account} (so the Python client does not take its name for a
     * namespace to create repositories in: it asks for one), {@code name} {@code org/name}, no email,
     * and {@code owner}, the organization that owns it, which is also its one entry in {@code orgs}.
     */
    private Map<String, Object> serviceAccount(User user, Principal.Authenticated principal) {
        List<OrgView> orgs = orgsOf.apply(user.id());
        String orgName = user.username().substring(0, user.username().indexOf('/'));
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("type", "org");
        orgs.stream().filter(o -> o.name().equals(orgName)).findFirst().ifPresent(o -> owner.put("id", o.id()));
        owner.put("name", orgName);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "service_account");
        view.put("id", user.id());
        view.put("name", user.username());
        view.put("fullname", user.fullname());
        view.put("email", null);
        view.put("emailVerified", false);
        view.put("isPro", false);
        view.put("canPay", false);
        view.put("avatarUrl", publicUrl.get() + "/avatars/" + orgName + ".svg");
        view.put("orgs", orgs);
        view.put("owner", owner);
        view.put("auth", auth(principal.credential()));
        return view;
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
