package dev.hubkeep.server.http;

import dev.hubkeep.protocol.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request that reached no route meant, so its 404 says what to do instead of "Not found.":
 * a repository named without its namespace ({@code bert-base-uncased} rather than
 * {@code alice/bert-base-uncased}), or an endpoint of the public Hub this hub does not serve (yet).
 * Pure: it reads the path only.
 */
public final class NotServed {

    /** The message to answer with, and the Hub's error code when it has one for the case. */
    public record Answer(String message, Optional<ErrorCode> code) {}

    private static final String TYPES = "(models|datasets|spaces)";
    /** What follows a repository id in the Hub's API paths. */
    private static final Set<String> REPO_SUFFIXES = Set.of("revision", "tree", "paths-info", "preupload", "commit",
            "commits", "refs", "branch", "tag", "settings", "auth-check", "user-access-request", "discussions",
            "xet-read-token", "xet-write-token", "lfs-files", "likes", "super-squash", "compare", "parquet",
            "croissant", "runtime", "secrets", "variables", "hardware", "restart", "pause");
    /** What this hub serves after a repository id (reached here only with another method). */
    private static final Set<String> SERVED_REPO_SUFFIXES = Set.of("revision", "tree", "paths-info", "preupload",
            "commit", "commits", "refs", "branch", "tag", "settings", "auth-check", "user-access-request",
            "xet-read-token", "xet-write-token");
    /** What follows a repository id in the web paths of files. */
    private static final Set<String> WEB_SUFFIXES = Set.of("resolve", "raw", "blob", "tree", "commit", "commits",
            "ask-access", "discussions", "info", "git-upload-pack", "git-receive-pack");

    private static final Pattern API_REPO = Pattern.compile("^/api/" + TYPES + "/([^/]+)/([^/]+)(?:/([^/]+))?(?:/.*)?$");
    private static final Pattern API_ONE_SEGMENT = Pattern.compile("^/api/" + TYPES + "/([^/]+)/?$");
    private static final Pattern WEB_NAMESPACELESS = Pattern.compile("^/(?:(datasets|spaces)/)?([^/]+)/([^/]+)(?:/.*)?$");

    /** Features by the first segment after {@code /api/}. */
    private static final List<Feature> API_FEATURES = List.of(
            new Feature("collections", "Collections"),
            new Feature("inference-endpoints", "Inference Endpoints"),
            new Feature("inference-proxy", "Inference (Inference Providers)"),
            new Feature("webhooks", "Webhooks"),
            new Feature("jobs", "Jobs"),
            new Feature("scheduled-jobs", "Jobs"),
            new Feature("papers", "Papers"),
            new Feature("daily_papers", "Papers"),
            new Feature("posts", "Posts"),
            new Feature("notifications", "Notifications"),
            new Feature("buckets", "Buckets"),
            new Feature("kernels", "Kernel repositories"),
            new Feature("blog", "The blog"),
            new Feature("users", "User profiles (overview, likes, followers)"),
            new Feature("models-tags-by-type", "Tag listings"),
            new Feature("datasets-tags-by-type", "Tag listings"),
            new Feature("spaces-tags-by-type", "Tag listings"));

    /** Features by what follows {@code /api/{type}s/{ns}/{name}/}. */
    private static final List<Feature> REPO_FEATURES = List.of(
            new Feature("discussions", "Discussions and pull requests"),
            new Feature("parquet", "The dataset viewer's Parquet files"),
            new Feature("croissant", "The dataset viewer's Croissant metadata"),
            new Feature("lfs-files", "Listing and deleting LFS files"),
            new Feature("likes", "Likes"),
            new Feature("like", "Likes"),
            new Feature("super-squash", "Squashing history"),
            new Feature("compare", "Comparing revisions"),
            new Feature("resource-group", "Resource groups"),
            new Feature("duplicate", "Duplicating repositories"),
            new Feature("collections", "Collections"),
            new Feature("runtime", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("hardware", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("secrets", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("variables", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("restart", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("pause", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("sleeptime", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("logs", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("metrics", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"),
            new Feature("events", "Running Spaces (runtime, hardware, secrets, variables, restarts, logs)"));

    /** First segments of the inference gateway's paths (docs/inference.md). */
    private static final Set<String> INFERENCE_SEGMENTS = Set.of("models", "hf-inference", "v1");

    private record Feature(String segment, String name) {}

    private NotServed() {}

    /** What the 404 for {@code method path}, which reached no route, should say; empty for "Not found.". */
    public static Optional<Answer> explain(String method, String path) {
        Matcher api = API_ONE_SEGMENT.matcher(path);
        if (api.matches()) {
            return Optional.of(namespaceless(api.group(2)));
        }
        api = API_REPO.matcher(path);
        if (api.matches()) {
            String first = api.group(2);
            String second = api.group(3);
            if (REPO_SUFFIXES.contains(second)) {
                return Optional.of(namespaceless(first)); // /api/models/bert/revision/main
            }
            String suffix = Optional.ofNullable(api.group(4)).orElse("");
            if (suffix.isEmpty() || SERVED_REPO_SUFFIXES.contains(suffix)) {
                return Optional.of(noEndpoint(method, path));
            }
            return Optional.of(notServed(feature(REPO_FEATURES, suffix).orElse("'" + suffix + "' of repositories"), path));
        }
        if (path.startsWith("/api/")) {
            String first = path.substring("/api/".length()).split("/", 2)[0];
            return feature(API_FEATURES, first).map(feature -> notServed(feature, path))
                    .or(() -> Optional.of(noEndpoint(method, path)));
        }
        if (path.startsWith("/oauth/") || path.startsWith("/.well-known/openid-configuration")) {
            return Optional.of(new Answer("Of OAuth, this hub serves the browser login of `hf auth login` (POST"
                    + " /oauth/device, POST /oauth/token); " + shortened(path) + " is not served. Other programs sign in"
                    + " with an access token: hf auth login --token hf_...", Optional.empty()));
        }
        Matcher web = WEB_NAMESPACELESS.matcher(path);
        if (web.matches() && WEB_SUFFIXES.contains(web.group(3))) {
            // /bert-base-uncased/resolve/main/config.json, or git's /bert-base-uncased.git/info/refs
            return Optional.of(namespaceless(web.group(2).replaceFirst("\\.git$", "")));
        }
        String first = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
        if (INFERENCE_SEGMENTS.contains(first)) {
            return Optional.of(new Answer("The inference API of this hub is POST /v1/chat/completions, /v1/completions,"
                    + " /v1/embeddings, GET /v1/models, and POST /models/{namespace}/{name} (also under /hf-inference);"
                    + " " + method + " " + shortened(path) + " is none of them. See docs/inference.md.", Optional.empty()));
        }
        return Optional.empty();
    }

    /**
     * For a web path read as a model of namespace {@code datasets} or {@code spaces} (no user or
     * organization can take those names): {@code /datasets/squad/resolve/main/x} names the dataset
     * {@code squad} without its namespace.
     */
    public static Optional<Answer> typePrefixAsNamespace(String type, String namespace, String name) {
        if (type.equals("model") && (namespace.equals("datasets") || namespace.equals("spaces"))) {
            return Optional.of(namespaceless(name));
        }
        return Optional.empty();
    }

    /** First path segments that name a part of this hub or of the Hub's API, never a namespace. */
    private static final Set<String> HUB_SEGMENTS = Set.of("api", "oauth", ".well-known", "v1", "hf-inference", "models");

    /**
     * For a web path whose first segment a route reads as the namespace ({@code /{ns}/{name}}, the
     * pages and downloads of models): {@code /api/collections}, {@code /oauth/device} and
     * {@code /v1/models} are the API, the browser login and the inference router, not repositories,
     * and are answered as paths that reached no route.
     */
    public static Optional<Answer> hubPathAsNamespace(String method, String path, String namespace) {
        if (!HUB_SEGMENTS.contains(namespace.toLowerCase(java.util.Locale.ROOT)) || !path.startsWith("/" + namespace + "/")) {
            return Optional.empty();
        }
        return explain(method, path).or(() -> Optional.of(noEndpoint(method, path)));
    }

    private static Optional<String> feature(List<Feature> features, String segment) {
        return features.stream().filter(f -> f.segment().equals(segment)).map(Feature::name).findFirst();
    }

    private static Answer namespaceless(String name) {
        if (name.toUpperCase(java.util.Locale.ROOT).contains("%2F")) {
            return new Answer("Repository not found: in '" + shortened(name) + "' the slash between namespace and name is"
                    + " percent-encoded (%2F). Send the repository id with a plain slash: namespace/name.",
                    Optional.of(ErrorCode.REPO_NOT_FOUND));
        }
        return new Answer("Repository not found: '" + shortened(name) + "' has no namespace. Repositories on this hub"
                + " are named namespace/name, the user or organization first (e.g. alice/" + shortened(name)
                + "); there are no repositories without one here.", Optional.of(ErrorCode.REPO_NOT_FOUND));
    }

    private static Answer notServed(String feature, String path) {
        return new Answer(feature + ": not served by this hub (yet), so " + shortened(path) + " has nothing to answer."
                + " The endpoints it serves are listed in its documentation (docs/api.md).", Optional.empty());
    }

    private static Answer noEndpoint(String method, String path) {
        return new Answer("This hub has no endpoint for " + method + " " + shortened(path) + ". Check the method and"
                + " the path; the endpoints it serves are listed in its documentation (docs/api.md).", Optional.empty());
    }

    private static String shortened(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
