package dev.hubkeep.server.repos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.Json;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gated repositories: {@code POST /[{type}s/]{ns}/{name}/ask-access} and
 * {@code POST …/user-access-request/cancel} for the requester; {@code GET …/user-access-request/{status}},
 * {@code POST …/user-access-request/handle} and {@code …/grant} for its owners, in the Hub's shapes.
 */
public final class GatingHandlers {

    private final GatedAccess gating;

    public GatingHandlers(GatedAccess gating) {
        this.gating = gating;
    }

    /** The requester asks; a JSON or form body holds what they filled in (kept as {@code fields}). */
    public Handler ask(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            ObjectNode fields = Json.mapper().createObjectNode();
            String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                ctx.formParamMap().forEach((key, values) -> fields.put(key, String.join(",", values)));
            } else {
                JsonBody.readOrEmpty(ctx).fieldsAsStrings().forEach(fields::put);
            }
            AccessRequest.Status status = gating.ask(repo, Requests.user(ctx).userId(), fields.toString());
            ctx.json(Map.of("status", status.wireName()));
        };
    }

    public Handler cancel(RepoType type) {
        return ctx -> {
            gating.cancel(repo(ctx, type), Requests.user(ctx).userId());
            ctx.json(Map.of());
        };
    }

    /** {@code GET …/user-access-request/{status}}: pending, accepted or rejected requests, newest first. */
    public Handler list(RepoType type) {
        return ctx -> {
            AccessRequest.Status status = AccessRequest.Status.fromWire(ctx.pathParam("status"))
                    .orElseThrow(() -> new InvalidInputException("The status is pending, accepted or rejected."));
            List<Map<String, Object>> requests = gating.list(repo(ctx, type), status).stream().map(request -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("user", Map.of("user", request.username(), "fullname", request.fullname()));
                json.put("status", request.status().wireName());
                json.put("timestamp", request.updatedAt().toString());
                json.put("fields", fields(request.fieldsJson()));
                request.rejectionReason().ifPresent(reason -> json.put("rejectionReason", reason));
                return json;
            }).toList();
            ctx.json(requests);
        };
    }

    /** {@code {"user", "status": "accepted"|"rejected"|"pending", "rejectionReason"?}}. */
    public Handler handle(RepoType type) {
        return ctx -> {
            JsonBody body = JsonBody.read(ctx);
            AccessRequest.Status status = AccessRequest.Status.fromWire(body.requiredString("status"))
                    .orElseThrow(() -> new InvalidInputException("'status' is accepted, rejected or pending."));
            gating.handle(repo(ctx, type), body.requiredString("user"), status, body.optionalString("rejectionReason"));
            ctx.json(Map.of());
        };
    }

    /** {@code {"user"}}: access without a request. */
    public Handler grant(RepoType type) {
        return ctx -> {
            gating.grant(repo(ctx, type), JsonBody.read(ctx).requiredString("user"));
            ctx.json(Map.of());
        };
    }

    private static Object fields(String stored) {
        try {
            return Json.mapper().readTree(stored);
        } catch (java.io.IOException e) {
            return Map.of(); // written by this hub as JSON; unreadable means nothing to show
        }
    }

    /** The repository the route's guard resolved (every gating route names one). */
    @SuppressWarnings("UnusedVariable") // the type is part of the route; the guard resolved the repository by it
    private static Repo repo(Context ctx, RepoType type) {
        return Requests.repo(ctx);
    }
}
