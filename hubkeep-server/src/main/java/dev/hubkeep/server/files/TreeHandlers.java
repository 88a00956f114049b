package dev.hubkeep.server.files;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.git.LfsContent;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoType;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.xet.XetHash;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/{type}s/{ns}/{name}/tree/{rev}[/{path}]} (one page at a time, the next page
 * linked with {@code Link: <…>; rel="next"}) and {@code POST …/paths-info/{rev}} (form or JSON).
 */
public final class TreeHandlers {

    /** Entries per page, and per page when each carries its last commit (which costs a history walk). */
    static final int PAGE = 1000;
    static final int EXPANDED_PAGE = 100;
    /** The most paths one paths-info request may ask about: the Hub's limit (its clients send 500 at a time). */
    static final int MAX_PATHS = 1000;

    private final RepoStorage storage;
    private final Supplier<String> publicUrl;
    private final LfsContent lfsContent;
    private final boolean xet;
    private final FileScans scans;

    /** With {@code xet} (the setting) on, entries of files uploaded through Xet carry their {@code xetHash}. */
    public TreeHandlers(RepoStorage storage, Supplier<String> publicUrl, LfsContent lfsContent, boolean xet, FileScans scans) {
        this.storage = storage;
        this.publicUrl = publicUrl;
        this.lfsContent = lfsContent;
        this.xet = xet;
        this.scans = scans;
    }

    public Handler tree(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            String folder = Optional.ofNullable(ctx.pathParamMap().get("path"))
                    .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
                    .filter(p -> !p.isEmpty())
                    .map(RepoPath::validate)
                    .orElse("");
            boolean recursive = flag(ctx.queryParam("recursive"));
            boolean expand = flag(ctx.queryParam("expand"));
            int pageSize = limit(ctx.queryParam("limit"), expand ? EXPANDED_PAGE : PAGE);
            Optional<String> after = Optional.ofNullable(ctx.queryParam("cursor")).map(TreeHandlers::decodeCursor);
            try (RepoAtRevision revision = RepoAtRevision.open(storage, repo.id(), ctx.pathParam("rev"))) {
                List<Entry> found = revision.list(folder, recursive, after, pageSize + 1);
                List<Entry> page = found.subList(0, Math.min(found.size(), pageSize));
                if (found.size() > pageSize) {
                    ctx.header("Link", "<" + nextPage(ctx, page.getLast().path()) + ">; rel=\"next\"");
                }
                ctx.json(render(repo, revision, page, expand));
            }
        };
    }

    public Handler pathsInfo(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            List<String> paths;
            boolean expand;
            String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
            if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data")) {
                paths = ctx.formParams("paths");
                expand = flag(ctx.formParam("expand"));
            } else {
                JsonBody body = JsonBody.read(ctx);
                paths = body.optionalStringList("paths")
                        .orElseThrow(() -> new InvalidInputException("'paths' is required: a list of paths."));
                expand = body.optionalBoolean("expand").orElse(false);
            }
            if (paths.size() > MAX_PATHS) {
                throw new InvalidInputException("paths-info takes at most " + MAX_PATHS + " paths per call, not "
                        + paths.size() + "; split them into several calls.");
            }
            LinkedHashSet<String> wanted = new LinkedHashSet<>();
            for (String path : paths) {
                String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                wanted.add(RepoPath.validate(trimmed));
            }
            try (RepoAtRevision revision = RepoAtRevision.open(storage, repo.id(), ctx.pathParam("rev"))) {
                List<Entry> found = new ArrayList<>();
                for (String path : wanted) {
                    revision.entry(path).ifPresent(found::add); // missing paths are left out, as on the Hub
                }
                ctx.json(render(repo, revision, found, expand));
            }
        };
    }

    /** Expanded entries carry their last commit and, files, their scan status; viewing queues files without one. */
    private List<Map<String, Object>> render(Repo repo, RepoAtRevision revision, List<Entry> entries, boolean expand) {
        Map<String, CommitSummary> last = expand
                ? revision.lastCommits(entries.stream().map(Entry::path).toList())
                : Map.of();
        Map<String, XetHash> xetHashes = xet
                ? lfsContent.xetHashes(repo.id(), entries.stream().flatMap(e -> e.lfs().stream()).map(LfsPointer::oid).distinct().toList())
                : Map.of();
        Map<String, Map<String, Object>> security = Map.of();
        if (expand) {
            security = scans.securityStatus(repo.id(), revision.commitId(), entries);
        } else {
            scans.viewed(repo.id(), revision.commitId(), entries);
        }
        Map<String, Map<String, Object>> status = security;
        return entries.stream()
                .map(e -> {
                    Map<String, Object> json = EntryJson.of(e, Optional.ofNullable(last.get(e.path())),
                            e.lfs().map(lfs -> xetHashes.get(lfs.oid())));
                    Optional.ofNullable(status.get(e.path())).ifPresent(sec -> json.put("securityFileStatus", sec));
                    return json;
                })
                .toList();
    }

    /** The same request with the cursor moved past {@code lastPath}, on the public URL. */
    private String nextPage(Context ctx, String lastPath) {
        StringBuilder url = new StringBuilder(publicUrl.get()).append(ctx.req().getRequestURI()).append('?');
        ctx.queryParamMap().forEach((key, values) -> {
            if (!key.equals("cursor")) {
                for (String value : values) {
                    url.append(encode(key)).append('=').append(encode(value)).append('&');
                }
            }
        });
        return url.append("cursor=").append(encodeCursor(lastPath)).toString();
    }

    private static String encodeCursor(String path) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(path.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The 'cursor' is not one this server handed out.");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static boolean flag(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }

    static int limit(String text, int max) {
        if (text == null) {
            return max;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1) {
                return Math.min(limit, max);
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new InvalidInputException("'limit' must be a positive number.");
    }
}
