package dev.hubkeep.server.files;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.git.LfsContent;
import dev.hubkeep.server.http.ByteRange;
import dev.hubkeep.server.http.CachePolicy;
import dev.hubkeep.server.http.Json;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoType;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.xet.XetScope;
import dev.hubkeep.server.xet.XetUrls;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;

/**
 * {@code GET|HEAD /[{type}s/]{ns}/{name}/resolve/{rev}/{path}} and {@code …/raw/…}: a file's
 * bytes with the headers the Hub's clients read ({@code ETag}, {@code X-Repo-Commit},
 * {@code X-Linked-Etag}, {@code X-Linked-Size}), ranges answered with 206. {@code resolve} serves
 * an LFS file's content, {@code raw} the pointer git holds, as on the Hub.
 *
 * <p>A file uploaded through Xet (and Xet on) also carries {@code X-Xet-Hash} and a {@code Link} to its
 * read-token endpoint ({@code rel="xet-auth"}): huggingface_hub's HEAD reads them and downloads through
 * Xet. huggingface.js asks with {@code Accept: application/vnd.xet-fileinfo+json} and gets the file's
 * Xet description instead of its bytes. Every other client gets the bytes, rebuilt from the chunks.
 */
public final class DownloadHandler {

    private static final Set<String> TEXT_EXTENSIONS = Set.of(
            "md", "txt", "json", "jsonl", "yaml", "yml", "py", "csv", "tsv", "toml", "cfg", "ini", "gitattributes", "gitignore");

    static final String XET_FILE_INFO = "application/vnd.xet-fileinfo+json";

    private final RepoFiles files;
    private final LfsContent lfsContent;
    private final XetUrls xet;
    private final FileScans scans;

    public DownloadHandler(RepoFiles files, LfsContent lfsContent, XetUrls xet, FileScans scans) {
        this.files = files;
        this.lfsContent = lfsContent;
        this.xet = xet;
        this.scans = scans;
    }

    public Handler resolve(RepoType type) {
        return ctx -> download(ctx, type, false);
    }

    public Handler raw(RepoType type) {
        return ctx -> download(ctx, type, true);
    }

    private void download(Context ctx, RepoType type, boolean raw) throws Exception {
        Repo repo = Requests.repo(ctx);
        String path = RepoPath.validate(ctx.pathParam("path"));
        ObjectId commit = files.commitOf(repo.id(), ctx.pathParam("rev"));
        // Set before looking the file up: a client caches "no such file at this commit" by it.
        ctx.header("X-Repo-Commit", commit.getName());
        Entry file = files.file(repo.id(), commit, path);
        Optional<LfsPointer> lfs = raw ? Optional.empty() : file.lfs();
        long size = lfs.map(LfsPointer::size).orElse(file.blobSize());
        String etag = lfs.map(LfsPointer::oid).orElseGet(() -> file.oid().getName());
        Optional<LfsContent.Source> content = Optional.empty();
        if (lfs.isPresent()) {
            content = Optional.of(lfsContent.find(repo.id(), lfs.get().oid()).orElseThrow(() -> new NotFoundException(
                    "The LFS object of " + path + " is missing from this repository.", ErrorCode.ENTRY_NOT_FOUND)));
            ctx.header("X-Linked-Etag", quoted(etag));
            ctx.header("X-Linked-Size", Long.toString(size));
        }
        scans.screenDownload(ctx, repo, commit.getName(), file, raw && file.lfs().isPresent());
        ctx.header("ETag", quoted(etag));
        CachePolicy.content(ctx);
        if (content.orElse(null) instanceof LfsContent.InXet stored && xet.enabled()) {
            String auth = xet.tokenUrl(XetScope.READ, type, repo.namespace(), repo.name(), commit.getName());
            String reconstruction = xet.reconstructionUrl(stored.xetHash());
            ctx.header("X-Xet-Hash", stored.xetHash().hex());
            ctx.header("Link", "<" + auth + ">; rel=\"xet-auth\", <" + reconstruction + ">; rel=\"xet-reconstruction-info\"");
            if (accepts(ctx.header("Accept"), XET_FILE_INFO)) {
                fileInfo(ctx, stored, etag, auth, reconstruction);
                return;
            }
        }
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
        if (content.isPresent()) {
            lfsContent.send(ctx.res(), content.get(), offset, length);
        } else {
            files.copy(repo.id(), commit, file, offset, length, ctx.res().getOutputStream());
        }
    }

    /** The Xet description huggingface.js asks for in place of the bytes; it reads the headers, other clients the body. */
    private static void fileInfo(Context ctx, LfsContent.InXet stored, String etag, String auth, String reconstruction)
            throws java.io.IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hash", stored.xetHash().hex());
        body.put("size", stored.size());
        body.put("etag", etag);
        body.put("refreshUrl", auth);
        body.put("reconstructionUrl", reconstruction);
        ctx.status(200);
        ctx.contentType(XET_FILE_INFO);
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        ctx.result(Json.mapper().writeValueAsBytes(body));
    }

    private static boolean accepts(String accept, String mediaType) {
        if (accept == null) {
            return false;
        }
        for (String candidate : accept.split(",")) {
            if (candidate.split(";")[0].strip().equalsIgnoreCase(mediaType)) {
                return true;
            }
        }
        return false;
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
        String ascii = asciiFallback(name);
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "inline; filename*=UTF-8''" + encoded + "; filename=\"" + ascii + "\";";
    }

    /** The name with every character but {@code A-Za-z0-9._ -} replaced by {@code _} (no regex: every download pays it). */
    private static String asciiFallback(String name) {
        StringBuilder ascii = new StringBuilder(name.length());
        name.codePoints().forEach(c -> ascii.append(
                c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ' ' || c == '-'
                        ? (char) c
                        : '_'));
        return ascii.toString();
    }
}
