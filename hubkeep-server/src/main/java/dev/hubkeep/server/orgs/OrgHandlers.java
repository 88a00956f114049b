package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.auth.FineGrainedJson;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** HTTP handlers for organizations, their members, token policy and token reviews. */
public final class OrgHandlers {

    private final OrgService orgs;

    public OrgHandlers(OrgService orgs) {
        this.orgs = orgs;
    }

    public void create(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        Org org = orgs.create(Requests.user(ctx), body.requiredString("name"), body.optionalString("fullname"));
        ctx.status(201).json(view(org));
    }

    public void show(Context ctx) {
        ctx.json(view(orgs.get(ctx.pathParam("org"))));
    }

    public void updateProfile(Context ctx) {
        Org org = orgs.updateProfile(Requests.user(ctx), ctx.pathParam("org"), JsonBody.read(ctx).requiredString("fullname"));
        ctx.json(view(org));
    }

    public void members(Context ctx) {
        ctx.json(orgs.members(ctx.pathParam("org")).stream()
                .map(m -> Map.of("user", m.username(), "fullname", m.fullname(), "role", m.role().wireName()))
                .toList());
    }

    public void putMember(Context ctx) {
        String roleName = JsonBody.read(ctx).requiredString("role");
        OrgRole role = OrgRole.parse(roleName)
                .orElseThrow(() -> new InvalidInputException("'role' must be read, write or admin, not '" + roleName + "'."));
        OrgMember member = orgs.putMember(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("user"), role);
        ctx.json(Map.of("user", member.username(), "fullname", member.fullname(), "role", member.role().wireName()));
    }

    public void removeMember(Context ctx) {
        orgs.removeMember(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("user"));
        ctx.status(204);
    }

    /** {@code GET /api/organizations/{org}/settings/commit-policy}. */
    public void commitPolicy(Context ctx) {
        ctx.json(Map.of("requireSignedCommits", orgs.requiresSignedCommits(ctx.pathParam("org"))));
    }

    /** {@code PUT /api/organizations/{org}/settings/commit-policy {"requireSignedCommits"}}. */
    public void setCommitPolicy(Context ctx) {
        boolean required = JsonBody.read(ctx).optionalBoolean("requireSignedCommits")
                .orElseThrow(() -> new InvalidInputException("Send 'requireSignedCommits': true or false."));
        ctx.json(Map.of("requireSignedCommits", orgs.setRequireSignedCommits(Requests.user(ctx), ctx.pathParam("org"), required)));
    }

    public void policy(Context ctx) {
        ctx.json(policyView(orgs.policy(ctx.pathParam("org"))));
    }

    public void setPolicy(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        Optional<Integer> maxDays = body.optionalNode("maxLifetimeDays").map(node -> {
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw new InvalidInputException("'maxLifetimeDays' must be a whole number of days, or null.");
            }
            return node.intValue();
        });
        TokenPolicy policy = new TokenPolicy(
                body.optionalBoolean("fineGrainedOnly").orElse(false),
                body.optionalBoolean("requireApproval").orElse(false),
                maxDays);
        ctx.json(policyView(orgs.setPolicy(Requests.user(ctx), ctx.pathParam("org"), policy)));
    }

    public void tokens(Context ctx) {
        ctx.json(orgs.reviews(ctx.pathParam("org")).stream().map(r -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("tokenId", r.tokenId());
            view.put("name", r.tokenName());
            view.put("hint", r.hint());
            view.put("role", r.role());
            view.put("fineGrained", r.grants().map(FineGrainedJson::toJson).orElse(null));
            view.put("owner", r.owner());
            view.put("status", r.status());
            view.put("updatedBy", r.updatedBy().orElse(null));
            view.put("updatedAt", r.updatedAt());
            return view;
        }).toList());
    }

    public void approveToken(Context ctx) {
        orgs.review(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("id"), "approved");
        ctx.json(Map.of("status", "approved"));
    }

    public void denyToken(Context ctx) {
        orgs.review(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("id"), "denied");
        ctx.json(Map.of("status", "denied"));
    }

    /** {@code POST …/settings/tokens/revoke {"token"}}, as on the public Hub. */
    public void revokeToken(Context ctx) {
        orgs.revokeToken(Requests.user(ctx), ctx.pathParam("org"), JsonBody.read(ctx).requiredString("token"));
        ctx.json(Map.of("message", "Any live token with that value can no longer reach this organization's resources."));
    }

    public void auditLog(Context ctx) {
        ctx.json(orgs.auditLog(ctx.pathParam("org"), Optional.ofNullable(ctx.queryParam("before")), 100).stream()
                .map(e -> Map.of("id", e.id(), "at", e.at(), "actor", e.actor(), "action", e.action(), "details", e.details()))
                .toList());
    }

    private static Map<String, Object> view(Org org) {
        return Map.of("id", org.id(), "name", org.name(), "fullname", org.fullname(), "createdAt", org.createdAt(),
                "type", "org");
    }

    private static Map<String, Object> policyView(TokenPolicy policy) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fineGrainedOnly", policy.fineGrainedOnly());
        view.put("requireApproval", policy.requireApproval());
        view.put("maxLifetimeDays", policy.maxLifetimeDays().orElse(null));
        return view;
    }
}
