package dev.hubkeep.server.repos;

import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hub's administrators' endpoints for the repositories deleted accounts left
 * ({@link RepoCustodian}): list them, move one, delete one. The bodies are the Hub's own
 * ({@code /api/repos/move}, {@code /api/repos/delete}), under {@code /api/admin/repos/}.
 */
public final class CustodianHandlers {

    private final RepoCustodian custodian;

    public CustodianHandlers(RepoCustodian custodian) {
        this.custodian = custodian;
    }

    /** {@code GET /api/admin/users/{user}/repos}: a deleted account's repositories (empty for any other). */
    public void leftBy(Context ctx) {
        ctx.json(custodian.leftBy(ctx.pathParam("user")).stream().map(CustodianHandlers::view).toList());
    }

    /** {@code POST /api/admin/repos/move}: {@code fromRepo}, {@code toRepo}, {@code type}. */
    public void move(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        RepoType type = RepoType.fromSingular(body.optionalString("type").orElse("model"));
        Repo moved = custodian.move(RepoCustodian.Actor.admin(Requests.user(ctx), Requests.clientAddress(ctx)), type,
                body.requiredString("fromRepo"), body.requiredString("toRepo"));
        ctx.json(view(moved));
    }

    /** {@code DELETE /api/admin/repos/delete}: {@code name} ({@code ns/name}, or with {@code organization}), {@code type}. */
    public void delete(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        RepoType type = RepoType.fromSingular(body.optionalString("type").orElse("model"));
        String name = body.requiredString("name");
        String[] id = name.contains("/")
                ? RepoService.splitId(name, "name")
                : new String[] {body.requiredString("organization"), name};
        custodian.delete(RepoCustodian.Actor.admin(Requests.user(ctx), Requests.clientAddress(ctx)), type, id[0], id[1]);
        ctx.json(Map.of("deleted", id[0] + "/" + id[1]));
    }

    private static Map<String, Object> view(Repo repo) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", repo.fullName());
        view.put("type", repo.type().singular());
        view.put("private", repo.isPrivate());
        return view;
    }
}
