package dev.hubkeep.server.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.orgs.Org;
import dev.hubkeep.server.orgs.OrgService;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The trusted publishers of the caller's own account ({@code /api/settings/trusted-publishers}) and
 * of an organization ({@code /api/organizations/{org}/settings/trusted-publishers}): list, register,
 * delete. The routes' guards have decided who may.
 */
public final class PublisherHandlers {

    private final TrustedPublishers publishers;
    private final OrgService orgs;
    private final Supplier<String> publicUrl;

    public PublisherHandlers(TrustedPublishers publishers, OrgService orgs, Supplier<String> publicUrl) {
        this.publishers = publishers;
        this.orgs = orgs;
        this.publicUrl = publicUrl;
    }

    public void listOwn(Context ctx) {
        ctx.json(publishers.list(ownOwner(ctx)).stream().map(this::view).toList());
    }

    public void createOwn(Context ctx) {
        ctx.status(201).json(view(publishers.registerForUser(Requests.user(ctx), spec(ctx))));
    }

    public void deleteOwn(Context ctx) {
        publishers.delete(Requests.user(ctx), ownOwner(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }

    public void listOrg(Context ctx) {
        ctx.json(publishers.list(orgOwner(ctx)).stream().map(this::view).toList());
    }

    public void createOrg(Context ctx) {
        Org org = orgs.get(ctx.pathParam("org"));
        ctx.status(201).json(view(publishers.registerForOrg(Requests.user(ctx), org.id(), org.name(), spec(ctx))));
    }

    public void deleteOrg(Context ctx) {
        publishers.delete(Requests.user(ctx), orgOwner(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }

    private static TrustedPublisher.Owner ownOwner(Context ctx) {
        return new TrustedPublisher.UserOwner(Requests.user(ctx).userId(), Requests.user(ctx).username());
    }

    private TrustedPublisher.Owner orgOwner(Context ctx) {
        Org org = orgs.get(ctx.pathParam("org"));
        return new TrustedPublisher.OrgOwner(org.id(), org.name(), "");
    }

    private static PublisherSpec spec(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        Map<String, String> claims = new LinkedHashMap<>();
        JsonNode node = body.optionalNode("claims").orElseThrow(() -> new InvalidInputException("'claims' is required: an"
                + " object of claim names and the values they must equal, such as {\"repository\": \"acme/train\"}."));
        if (!node.isObject() || node.size() > ClaimRules.MAX_RULES) {
            throw new InvalidInputException("'claims' must be an object of at most " + ClaimRules.MAX_RULES
                    + " claim names and the string values they must equal.");
        }
        for (Map.Entry<String, JsonNode> rule : node.properties()) {
            if (!rule.getValue().isTextual()) {
                throw new InvalidInputException("The rule for claim '" + rule.getKey() + "' must be a string: the value the"
                        + " claim must equal (write numbers and booleans as text, \"123\", \"true\").");
            }
            claims.put(rule.getKey(), rule.getValue().textValue());
        }
        Optional<Duration> lifetime = body.optionalNode("lifetimeMinutes").map(n -> {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw new InvalidInputException("'lifetimeMinutes' must be a whole number of minutes.");
            }
            return Duration.ofMinutes(n.intValue());
        });
        return new PublisherSpec(body.requiredString("name"), body.requiredString("issuer"), body.optionalString("audience"),
                claims, body.optionalStringList("repositories").orElseThrow(() ->
                        new InvalidInputException("'repositories' is required: the repositories its tokens may reach.")),
                body.requiredString("access"), lifetime, body.optionalString("serviceAccount"));
    }

    private Map<String, Object> view(TrustedPublisher p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("name", p.name());
        view.put("issuer", p.issuer());
        view.put("audience", p.audience().orElseGet(publicUrl));
        view.put("claims", p.rules().equal());
        view.put("repositories", p.repositories().stream().map(PublishedRepo::wire).toList());
        view.put("access", p.accessName());
        view.put("lifetimeMinutes", p.lifetime().toMinutes());
        if (p.owner() instanceof TrustedPublisher.OrgOwner org) {
            view.put("organization", org.orgName());
            view.put("serviceAccount", org.serviceAccount());
        } else {
            view.put("user", p.owner().namespace());
        }
        view.put("createdBy", p.createdBy());
        view.put("createdAt", p.createdAt());
        return view;
    }
}
