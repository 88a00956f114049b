package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.auth.FineGrainedJson;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.OrgToken;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP handlers for an organization's service accounts and its organization tokens, for the
 * organization's admins (the routes' guard decides that before these run).
 */
public final class ServiceAccountHandlers {

    private final ServiceAccountService accounts;

    public ServiceAccountHandlers(ServiceAccountService accounts) {
        this.accounts = accounts;
    }

    /** {@code GET /api/organizations/{org}/service-accounts}. */
    public void list(Context ctx) {
        ctx.json(accounts.list(ctx.pathParam("org")).stream().map(ServiceAccountHandlers::view).toList());
    }

    /** {@code POST /api/organizations/{org}/service-accounts {"name", "role", "fullname"?}}. */
    public void create(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        ServiceAccount created = accounts.create(Requests.user(ctx), ctx.pathParam("org"), body.requiredString("name"),
                role(body), body.optionalString("fullname"));
        ctx.status(201).json(view(created));
    }

    /** {@code PUT /api/organizations/{org}/service-accounts/{name} {"role"}}. */
    public void setRole(Context ctx) {
        ServiceAccount changed = accounts.setRole(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("name"),
                role(JsonBody.read(ctx)));
        ctx.json(view(changed));
    }

    /** {@code DELETE /api/organizations/{org}/service-accounts/{name}}: its tokens are revoked. */
    public void delete(Context ctx) {
        accounts.delete(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("name"), Requests.clientAddress(ctx));
        ctx.status(204);
    }

    /** {@code GET /api/organizations/{org}/settings/access-tokens}: the organization's live tokens. */
    public void tokens(Context ctx) {
        ctx.json(accounts.tokens(ctx.pathParam("org")).stream().map(ServiceAccountHandlers::view).toList());
    }

    /**
     * {@code POST /api/organizations/{org}/settings/access-tokens}: a token of one of the organization's
     * service accounts, in the shape of a personal token's creation plus {@code serviceAccount}.
     */
    public void createToken(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        String org = ctx.pathParam("org");
        ServiceAccount account = accounts.get(org, body.requiredString("serviceAccount"));
        String role = body.optionalString("role").orElse(TokenRole.FINE_GRAINED.wireName());
        NewToken spec = new NewToken(
                body.requiredString("name"),
                TokenRole.parse(role),
                body.optionalNode("fineGrained").map(FineGrainedJson::parse),
                body.optionalInstant("expiresAt"),
                body.optionalStringList("allowedCidrs").orElse(List.of()).stream().map(CidrRange::parse).toList());
        TokenService.Created created = accounts.issueToken(account, spec,
                ServiceAccountService.Issuer.person(Requests.user(ctx)), Requests.clientAddress(ctx));
        Map<String, Object> view = view(new OrgToken(created.token(), account.username(),
                Optional.of(ServiceAccountService.Issuer.person(Requests.user(ctx)).actor())));
        view.put("token", created.value());
        ctx.status(201).json(view);
    }

    /** {@code DELETE /api/organizations/{org}/settings/access-tokens/{id}}: any admin may revoke any of them. */
    public void revokeToken(Context ctx) {
        accounts.revokeToken(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("id"), Requests.clientAddress(ctx));
        ctx.status(204);
    }

    private static OrgRole role(JsonBody body) {
        String name = body.requiredString("role");
        return OrgRole.parse(name)
                .orElseThrow(() -> new InvalidInputException("'role' must be read or write, not '" + name + "'."));
    }

    static Map<String, Object> view(ServiceAccount account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "service_account");
        view.put("id", account.id());
        view.put("name", account.name());
        view.put("username", account.username());
        view.put("fullname", account.fullname());
        view.put("role", account.role().wireName());
        view.put("createdAt", account.createdAt());
        return view;
    }

    static Map<String, Object> view(OrgToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", token.token().id());
        view.put("name", token.token().name());
        view.put("serviceAccount", token.serviceAccount());
        view.put("role", token.token().role().wireName());
        view.put("fineGrained", token.token().fineGrained().map(FineGrainedJson::toJson).orElse(null));
        view.put("hint", token.token().hint());
        view.put("createdBy", token.createdBy().orElse(null));
        view.put("createdAt", token.token().createdAt());
        view.put("expiresAt", token.token().expiresAt().orElse(null));
        view.put("allowedCidrs", token.token().allowedCidrs().stream().map(CidrRange::text).toList());
        view.put("lastUsedAt", token.token().lastUsedAt().orElse(null));
        return view;
    }
}
