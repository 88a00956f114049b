package dev.hubkeep.server.auth;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.UnauthenticatedException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hubkeep.server.http.Json;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
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

    /** Answers kept, one per credential in use: the most a hub keeps (each is well under a kilobyte). */
    private static final int RENDERED_MAX = 10_000;

    private final AccountService accounts;
    private final Supplier<String> publicUrl;
    private final Function<String, List<OrgView>> orgsOf;
    private final ObjectMapper mapper = Json.mapper();
    private final Cache<Principal.Authenticated, Rendered> rendered =
            Caffeine.newBuilder().maximumSize(RENDERED_MAX).build();

    public WhoamiHandler(AccountService accounts, Supplier<String> publicUrl, Function<String, List<OrgView>> orgsOf) {
        this.accounts = accounts;
        this.publicUrl = publicUrl;
        this.orgsOf = orgsOf;
    }

    /**
     * An answer as sent, with everything it was made from. It is reused only while all of that is
     * still equal to what the request sees now (the account, its organizations and roles, the hub's
     * address; the credential is the key), so it needs no invalidation of its own: the caches it is
     * checked against have theirs.
     */
    private record Rendered(User user, List<OrgView> orgs, String publicUrl, byte[] json) {}

    public void whoami(Context ctx) throws IOException {
        Principal.Authenticated principal = Requests.user(ctx);
        User user = accounts.findUser(principal.userId())
                .orElseThrow(() -> new UnauthenticatedException("This account no longer exists."));
        List<OrgView> orgs = orgsOf.apply(user.id());
        String url = publicUrl.get();
        Rendered answer = rendered.getIfPresent(principal);
        if (answer == null || !answer.user().equals(user) || !answer.orgs().equals(orgs) || !answer.publicUrl().equals(url)) {
            answer = new Rendered(user, orgs, url, mapper.writeValueAsBytes(view(user, orgs, url, principal)));
            rendered.put(principal, answer);
        }
        // Written as is: small, so Javalin's result path (its copy and compression check) would only cost time.
        ctx.contentType(ContentType.APPLICATION_JSON);
        ctx.res().setContentLength(answer.json().length);
        ctx.res().getOutputStream().write(answer.json());
    }

    private Object view(User user, List<OrgView> orgs, String url, Principal.Authenticated principal) {
        if (user.isService()) {
            return serviceAccount(user, orgs, url, principal);
        }
        return new Whoami(
                "user",
                user.id(),
                user.username(),
                user.fullname(),
                user.email(),
                user.emailVerified(),
                false,
                false,
                url + "/avatars/" + user.username() + ".svg",
                orgs,
                auth(principal.credential()));
    }

    /**
     * A service account's token (an organization token), in the same shape with what tells it
     * apart: {@code type} {@code service_account} (so the Python client does not take its name for a
     * namespace to create repositories in: it asks for one), {@code name} {@code org/name}, no email,
     * and {@code owner}, the organization that owns it, which is also its one entry in {@code orgs}.
     */
    private static Map<String, Object> serviceAccount(User user, List<OrgView> orgs, String url, Principal.Authenticated principal) {
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
        view.put("avatarUrl", url + "/avatars/" + orgName + ".svg");
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
