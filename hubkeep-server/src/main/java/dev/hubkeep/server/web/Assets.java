package dev.hubkeep.server.web;

import dev.hubkeep.server.errors.NotFoundException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The pages' static files, served by the hub itself from its jar (no CDN): htmx from its pinned
 * webjar, the stylesheet and the small scripts from {@code resources/web}. A fixed list, read once
 * into memory, so nothing else on the classpath is reachable by URL. Each file's URL carries a
 * digest of its content, so a browser may keep it for a year and still sees a new version at once.
 */
public final class Assets {

    static final String HTMX_VERSION = "2.0.10";
    static final String PATH = "/static/";

    /** One file: its bytes, type and the digest its URL names. */
    private record Asset(byte[] bytes, String contentType, String digest) {}

    private final Map<String, Asset> files;

    public Assets() {
        this.files = Map.of(
                "htmx.min.js", load("META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js",
                        "text/javascript; charset=utf-8"),
                "hubkeep.css", load("web/hubkeep.css", "text/css; charset=utf-8"),
                "hubkeep.js", load("web/hubkeep.js", "text/javascript; charset=utf-8"));
    }

    /** The URL of a file, versioned by its content. */
    public String url(String name) {
        Asset asset = files.get(name);
        if (asset == null) {
            throw new IllegalArgumentException("No static file " + name);
        }
        return PATH + name + "?v=" + asset.digest();
    }

    /** {@code GET /static/{file}}. */
    public void serve(Context ctx) {
        Asset asset = files.get(ctx.pathParam("file"));
        if (asset == null) {
            throw new NotFoundException("No such file.");
        }
        boolean current = asset.digest().equals(ctx.queryParam("v"));
        ctx.header("Cache-Control", current ? "public, max-age=31536000, immutable" : "public, no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("ETag", "\"" + asset.digest() + "\"");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The static file " + resource + " is missing from the jar.");
            }
            byte[] bytes = in.readAllBytes();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            return new Asset(bytes, contentType, digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
