package dev.hubkeep.server.files;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.git.LfsObjects;
import dev.hubkeep.server.git.LfsStore;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.http.ByteRange;
import dev.hubkeep.server.http.CachePolicy;
import dev.hubkeep.server.http.FileBody;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET|HEAD /[{type}s/]{ns}/{name}/resolve/{rev}/{path}} and {@code …/raw/…}: a file's
 * bytes with the headers the Hub's clients read ({@code ETag}, {@code X-Repo-Commit},
 * {@code X-Linked-Etag}, {@code X-Linked-Size}), ranges answered with 206. {@code resolve} serves
 * an LFS file's content, {@code raw} the pointer git holds, as on the Hub.
 */
public final class DownloadHandler {

    private static final Set<String> TEXT_EXTENSIONS = Set.of(
            "md", "txt", "json", "jsonl", "yaml", "yml", "py", "csv", "tsv", "toml", "cfg", "ini", "gitattributes", "gitignore");

    private final RepoService repos;
    private final RepoStorage storage;
    private final LfsStore lfsStore;
    private final LfsObjects lfsObjects;
    private final FileScans scans;

    public DownloadHandler(RepoService repos, RepoStorage storage, LfsStore lfsStore, LfsObjects lfsObjects, FileScans scans) {
        this.repos = repos;
        this.storage = storage;
        this.lfsStore = lfsStore;
        this.lfsObjects = lfsObjects;
        this.scans = scans;
    }

    public Handler resolve(RepoType type) {
        return ctx -> download(ctx, type, false);
    }

    public Handler raw(RepoType type) {
        return ctx -> download(ctx, type, true);
    }

    private void download(Context ctx, RepoType type, boolean raw) throws Exception {
        Repo repo = repos.get(type, ctx.pathParam("ns"), ctx.pathParam("name"));
        String path = RepoPath.validate(ctx.pathParam("path"));
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repo.id(), ctx.pathParam("rev"))) {
            // Set before looking the file up: a client caches "no such file at this commit" by it.
            ctx.header("X-Repo-Commit", revision.commitId());
            Entry file = revision.file(path);
            Optional<LfsPointer> lfs = raw ? Optional.empty() : file.lfs();
            long size = lfs.map(LfsPointer::size).orElse(file.blobSize());
            String etag = lfs.map(LfsPointer::oid).orElseGet(() -> file.oid().getName());
            if (lfs.isPresent()) {
                if (lfsObjects.sizeIn(repo.id(), lfs.get().oid()).isEmpty() || !lfsStore.exists(lfs.get().oid())) {
                    throw new NotFoundException("The LFS object of " + path + " is missing from this repository.",
                            ErrorCode.ENTRY_NOT_FOUND);
                }
                ctx.header("X-Linked-Etag", quoted(etag));
                ctx.header("X-Linked-Size", Long.toString(size));
            }
            scans.screenDownload(ctx, repo, revision.commitId(), file, raw && file.lfs().isPresent());
            ctx.header("ETag", quoted(etag));
            CachePolicy.content(ctx);
            ctx.header("Accept-Ranges", "bytes");
            ctx.header("X-Content-Type-Options", "nosniff"); // never let a browser run uploaded content
            ctx.contentType(contentType(path, lfs.isPresent()));
            if (!"1".equals(ctx.queryParam("noContentDisposition"))) {
                ctx.header("Content-Disposition", disposition(path));
            }
            if (matches(ctx.header("If-None-Match"), etag)) {
                ctx.status(304);
                return;
            }
            Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), size);
            long offset = range.map(ByteRange::start).orElse(0L);
            long length = range.map(ByteRange::length).orElse(size);
            if (range.isPresent()) {
                ctx.status(206);
                ctx.header("Content-Range", range.get().contentRange(size));
            }
            ctx.res().setContentLengthLong(length);
            if (ctx.method() == HandlerType.HEAD) {
                return;
            }
            if (lfs.isPresent()) {
                FileBody.send(ctx.res(), lfsStore.pathOf(lfs.get().oid()), offset, length);
            } else {
                revision.copy(file, offset, length, ctx.res().getOutputStream());
            }
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(quoted(etag))) {
                return true;
            }
        }
        return false;
    }

    private static String quoted(String etag) {
        return "\"" + etag + "\"";
    }

    private static String contentType(String path, boolean lfs) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return !lfs && TEXT_EXTENSIONS.contains(extension) ? "text/plain; charset=utf-8" : "application/octet-stream";
    }

    /** {@code inline}, with an ASCII fallback name and the exact name in RFC 5987 form. */
    private static String disposition(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "inline; filename*=UTF-8''" + encoded + "; filename=\"" + ascii + "\";";
    }
}
