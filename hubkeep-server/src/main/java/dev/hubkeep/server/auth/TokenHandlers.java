package dev.hubkeep.server.auth;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HTTP handlers for managing one's access tokens, reading one's audit log, and reporting leaks. */
public final class TokenHandlers {

    static final int MAX_LEAK_REPORT = 1000;

    private final TokenService tokens;

    public TokenHandlers(TokenService tokens) {
        this.tokens = tokens;
    }

    public void list(Context ctx) {
        ctx.json(tokens.list(Requests.user(ctx).userId()).stream().map(TokenHandlers::view).toList());
    }

    public void create(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        TokenRole role = TokenRole.parse(body.requiredString("role"));
        NewToken spec = new NewToken(
                body.requiredString("name"),
                role,
                body.optionalNode("fineGrained").map(FineGrainedJson::parse),
                body.optionalInstant("expiresAt"),
                body.optionalStringList("allowedCidrs").orElse(List.of()).stream().map(CidrRange::parse).toList());
        TokenService.Created created = tokens.create(Requests.user(ctx), spec, Requests.clientAddress(ctx));
        ctx.status(201).json(withValue(created));
    }

    public void show(Context ctx) {
        ctx.json(view(tokens.get(Requests.user(ctx).userId(), ctx.pathParam("id"))));
    }

    public void update(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        Optional<String> name = body.optionalString("name");
        Optional<FineGrained> grants = body.optionalNode("fineGrained").map(FineGrainedJson::parse);
        if (name.isEmpty() && grants.isEmpty()) {
            throw new InvalidInputException("Nothing to change: send 'name' and/or 'fineGrained'.");
        }
        AccessToken token = tokens.update(Requests.user(ctx), ctx.pathParam("id"), name, grants, Requests.clientAddress(ctx));
        ctx.json(view(token));
    }

    public void refresh(Context ctx) {
        TokenService.Created created = tokens.refresh(Requests.user(ctx), ctx.pathParam("id"), Requests.clientAddress(ctx));
        ctx.json(withValue(created));
    }

    public void delete(Context ctx) {
        tokens.delete(Requests.user(ctx), ctx.pathParam("id"), Requests.clientAddress(ctx));
        ctx.status(204);
    }

    /** {@code POST /api/credentials/revoke}: anyone may report leaked values; the answer never says which were live. */
    public void revokeLeaked(Context ctx) {
        List<String> credentials = JsonBody.read(ctx).optionalStringList("credentials")
                .orElseThrow(() -> new InvalidInputException("'credentials' is required."));
        if (credentials.size() > MAX_LEAK_REPORT) {
            throw new InvalidInputException("Report at most " + MAX_LEAK_REPORT + " credentials at once.");
        }
        tokens.revokeLeaked(credentials, Requests.clientAddress(ctx));
        ctx.status(202).json(Map.of("message", "Received. Every live Hubkeep token among them is revoked."));
    }

    public void auditLog(Context ctx) {
        int limit = limit(ctx.queryParam("limit"));
        Optional<String> before = Optional.ofNullable(ctx.queryParam("before"));
        if (before.isPresent() && !before.get().matches("[0-9a-f]{24}")) {
            throw new InvalidInputException("'before' must be the id of an audit event.");
        }
        ctx.json(tokens.auditLog(Requests.user(ctx).userId(), before, limit).stream().map(e -> Map.of(
                        "id", e.id(),
                        "at", e.at(),
                        "actor", e.actor(),
                        "action", e.action(),
                        "tokenId", e.tokenId().orElse(""),
                        "address", e.address().orElse(""),
                        "details", e.details()))
                .toList());
    }

    private static Map<String, Object> view(AccessToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", token.id());
        view.put("name", token.name());
        view.put("role", token.role().wireName());
        view.put("fineGrained", token.fineGrained().map(FineGrainedJson::toJson).orElse(null));
        view.put("hint", token.hint());
        view.put("createdAt", token.createdAt());
        view.put("expiresAt", token.expiresAt().orElse(null));
        view.put("allowedCidrs", token.allowedCidrs().stream().map(CidrRange::text).toList());
        view.put("lastUsedAt", token.lastUsedAt().orElse(null));
        view.put("lastUsedIp", token.lastUsedIp().orElse(null));
        view.put("refreshedAt", token.refreshedAt().orElse(null));
        return view;
    }

    private static Map<String, Object> withValue(TokenService.Created created) {
        Map<String, Object> view = view(created.token());
        view.put("token", created.value());
        return view;
    }

    private static int limit(String text) {
        if (text == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 500) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new InvalidInputException("'limit' must be a number from 1 to 500.");
    }
}
