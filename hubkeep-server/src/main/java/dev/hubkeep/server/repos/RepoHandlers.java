package dev.hubkeep.server.repos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Hub-compatible repository endpoints: create, delete, move, settings, info, list, auth-check. */
public final class RepoHandlers {

    /** What repo info shows of the files at a commit (the {@code files} package provides it). */
    public interface Contents {
        List<Map<String, Object>> siblings(String repoId, String commitId, boolean blobs);

        Optional<JsonNode> cardData(String repoId, String commitId);
    }

    /** {@code securityRepoStatus} of the files at a commit (the {@code scan} package provides it). */
    @FunctionalInterface
    public interface SecurityStatus {
        Map<String, Object> of(String repoId, String commitId);
    }

    private final RepoService repos;
    private final Contents contents;
    private final SecurityStatus security;

    public RepoHandlers(RepoService repos, Contents contents, SecurityStatus security) {
        this.repos = repos;
        this.contents = contents;
        this.security = security;
    }

    /** {@code POST /api/repos/create}: {@code name} (or {@code ns/name}), {@code organization}, {@code type}, {@code private} or {@code visibility}. */
    public void create(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        RepoType type = RepoType.fromSingular(body.optionalString("type").orElse("model"));
        String[] id = namespaceAndName(ctx, body);
        boolean isPrivate = visibility(body).orElse(false);
        Repo repo = repos.create(Requests.principal(ctx), type, id[0], id[1], isPrivate);
        ctx.json(Map.of("url", repos.url(type, repo.fullName()), "name", repo.fullName(), "id", repo.id()));
    }

    /** {@code DELETE /api/repos/delete}: {@code name}, {@code organization}, {@code type}. */
    public void delete(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        RepoType type = RepoType.fromSingular(body.optionalString("type").orElse("model"));
        String[] id = namespaceAndName(ctx, body);
        repos.delete(Requests.principal(ctx), type, id[0], id[1]);
        ctx.json(Map.of("deleted", id[0] + "/" + id[1]));
    }

    /** {@code POST /api/repos/move}: {@code fromRepo}, {@code toRepo}, {@code type}. */
    public void move(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        RepoType type = RepoType.fromSingular(body.optionalString("type").orElse("model"));
        Repo repo = repos.move(Requests.principal(ctx), type, body.requiredString("fromRepo"), body.requiredString("toRepo"));
        ctx.json(Map.of("url", repos.url(type, repo.fullName()), "name", repo.fullName(), "id", repo.id()));
    }

    /**
     * {@code PUT /api/{type}s/{ns}/{name}/settings}: {@code private} or {@code visibility}, {@code gated},
     * and {@code requireSignedCommits}.
     */
    public Handler settings(RepoType type) {
        return ctx -> {
            JsonBody body = JsonBody.read(ctx);
            Optional<Optional<String>> gated = body.optionalNode("gated").map(node -> {
                if (node.isBoolean() && !node.booleanValue()) {
                    return Optional.<String>empty();
                }
                if (node.isTextual() && (node.textValue().equals("auto") || node.textValue().equals("manual"))) {
                    return Optional.of(node.textValue());
                }
                throw new InvalidInputException("'gated' must be \"auto\", \"manual\" or false.");
            });
            Optional<Boolean> isPrivate = visibility(body);
            Optional<Boolean> requireSigned = body.optionalBoolean("requireSignedCommits");
            if (isPrivate.isEmpty() && gated.isEmpty() && requireSigned.isEmpty()) {
                throw new InvalidInputException("Nothing to change: send 'private' (or 'visibility'), 'gated'"
                        + " and/or 'requireSignedCommits'.");
            }
            Repo repo = repos.updateSettings(type, ctx.pathParam("ns"), ctx.pathParam("name"), isPrivate, gated, requireSigned);
            ctx.json(Map.of("private", repo.isPrivate(), "gated", gatedValue(repo),
                    "requireSignedCommits", repo.requireSignedCommits()));
        };
    }

    /** {@code GET /api/{type}s/{ns}/{name}} and {@code …/revision/{rev}}. */
    public Handler info(RepoType type) {
        return ctx -> {
            String revision = Optional.ofNullable(ctx.pathParamMap().get("rev")).orElse("main");
            RepoService.Snapshot snapshot = repos.snapshot(Requests.repo(ctx), revision);
            Map<String, Object> info = summary(snapshot.repo());
            info.put("sha", snapshot.commit().getName());
            boolean blobs = "true".equalsIgnoreCase(ctx.queryParam("blobs")) || "1".equals(ctx.queryParam("blobs"));
            String commit = snapshot.commit().getName();
            Optional<JsonNode> cardData = contents.cardData(snapshot.repo().id(), commit);
            cardData.ifPresent(card -> {
                info.put("cardData", card);
                info.put("tags", cardTags(card));
            });
            info.put("siblings", contents.siblings(snapshot.repo().id(), commit, blobs));
            if ("true".equalsIgnoreCase(ctx.queryParam("securityStatus")) || "1".equals(ctx.queryParam("securityStatus"))) {
                info.put("securityRepoStatus", security.of(snapshot.repo().id(), commit));
            }
            ctx.json(info);
        };
    }

    /**
     * {@code GET /api/{type}s?author=&search=&limit=&cursor=}: only what the caller may read, newest
     * change first. When more may follow, {@code Link: <…&cursor=…>; rel="next"}, which the Hub's
     * clients follow to page through everything.
     */
    public Handler list(RepoType type) {
        return ctx -> {
            int limit = limit(ctx.queryParam("limit"));
            Optional<String> author = Optional.ofNullable(ctx.queryParam("author")).filter(a -> !a.isBlank());
            Optional<String> search = Optional.ofNullable(ctx.queryParam("search")).filter(s -> !s.isBlank());
            RepoService.Page page = repos.list(Requests.principal(ctx), type, author, search, limit,
                    Optional.ofNullable(ctx.queryParam("cursor")).map(RepoListCursor::decode));
            page.next().ifPresent(next -> ctx.header("Link", "<" + repos.listUrl(type, author, search, limit, next)
                    + ">; rel=\"next\""));
            ctx.json(page.repos().stream().map(RepoHandlers::summary).toList());
        };
    }

    /** {@code GET …/auth-check[/write]}: the guard did the work; reaching here means allowed. */
    public void authCheck(Context ctx) {
        ctx.json(Map.of("ok", true));
    }

    private static Map<String, Object> summary(Repo repo) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("_id", repo.id());
        info.put("id", repo.fullName());
        if (repo.type() == RepoType.MODEL) {
            info.put("modelId", repo.fullName());
        }
        info.put("author", repo.namespace());
        info.put("private", repo.isPrivate());
        info.put("gated", gatedValue(repo));
        info.put("requireSignedCommits", repo.requireSignedCommits());
        info.put("disabled", false);
        info.put("createdAt", repo.createdAt());
        info.put("lastModified", repo.updatedAt());
        info.put("likes", 0);
        info.put("downloads", 0);
        info.put("tags", List.of());
        return info;
    }

    /** The card's {@code tags}, and its {@code license} as {@code license:…}, as the Hub lists them. */
    private static List<String> cardTags(JsonNode card) {
        List<String> tags = new java.util.ArrayList<>();
        JsonNode listed = card.path("tags");
        if (listed.isArray()) {
            listed.forEach(tag -> {
                if (tag.isValueNode()) {
                    tags.add(tag.asText());
                }
            });
        } else if (listed.isTextual()) {
            tags.add(listed.textValue());
        }
        if (card.path("license").isTextual()) {
            tags.add("license:" + card.path("license").textValue());
        }
        return tags;
    }

    private static Object gatedValue(Repo repo) {
        return repo.gated().<Object>map(g -> g).orElse(false);
    }

    private static String[] namespaceAndName(Context ctx, JsonBody body) {
        String name = body.requiredString("name");
        Optional<String> organization = body.optionalString("organization");
        if (name.contains("/")) {
            return RepoService.splitId(name, "name");
        }
        return new String[] {organization.orElseGet(() -> Requests.user(ctx).username()), name};
    }

    private static Optional<Boolean> visibility(JsonBody body) {
        Optional<Boolean> isPrivate = body.optionalBoolean("private");
        Optional<String> visibility = body.optionalString("visibility");
        if (visibility.isEmpty()) {
            return isPrivate;
        }
        return Optional.of(switch (visibility.get()) {
            case "public" -> false;
            case "private" -> true;
            default -> throw new InvalidInputException("'visibility' must be \"public\" or \"private\".");
        });
    }

    private static int limit(String text) {
        if (text == null) {
            return 1000;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new InvalidInputException("'limit' must be a number from 1 to 1000.");
    }
}
