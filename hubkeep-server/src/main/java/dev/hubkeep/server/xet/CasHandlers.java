package dev.hubkeep.server.xet;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.TooLargeException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The Xet CAS endpoints under {@link XetTokenHandlers#CAS_PATH}. {@link XetCasGate} has admitted the
 * request's Xet token before these run; they read the body (capped before anything is parsed) and
 * hand it to {@link CasService}.
 */
public final class CasHandlers {

    private final CasService cas;

    public CasHandlers(CasService cas) {
        this.cas = cas;
    }

    /** {@code POST /v1/xorbs/default/{hash}}: answers {@code {"was_inserted": bool}}. */
    public void uploadXorb(Context ctx) throws IOException {
        XetHash claimed = hashIn(ctx.pathParam("hash"), "xorb");
        byte[] body = body(ctx, CasService.MAX_XORB_BYTES, "A xorb");
        boolean inserted = cas.uploadXorb(XetCasGate.grant(ctx).repoId(), claimed, body);
        ctx.json(Map.of("was_inserted", inserted));
    }

    /** {@code POST /v1/shards}: answers {@code {"result": 1}} when it recorded something new, else {@code 0}. */
    public void uploadShard(Context ctx) throws IOException {
        byte[] body = body(ctx, CasService.MAX_SHARD_BYTES, "A shard");
        boolean recorded = cas.uploadShard(XetCasGate.grant(ctx).repoId(), body);
        ctx.json(Map.of("result", recorded ? 1 : 0));
    }

    /**
     * {@code POST /v2/shards}: not served, so clients fall back to v1. The body is read first: a
     * client still sending it would otherwise see its keep-alive connection broken.
     */
    public void uploadShardV2(Context ctx) throws IOException {
        try (InputStream in = ctx.req().getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        throw new NotFoundException("This CAS takes shards at POST /v1/shards only.");
    }

    /** {@code GET /v1/chunks/{prefix}/{hash}}: global deduplication is not offered, which clients take as "no match". */
    public void chunk(Context ctx) {
        throw new NotFoundException("This CAS offers no global deduplication: no shard is known for this chunk.");
    }

    private static XetHash hashIn(String text, String what) {
        try {
            return XetHash.fromHex(text);
        } catch (XetFormatException e) {
            throw new InvalidInputException("The " + what + " hash in the path is not valid: " + e.getMessage() + ".");
        }
    }

    /** The whole body, refused with 413 if longer than {@code max} (by its Content-Length, or while reading). */
    private static byte[] body(Context ctx, int max, String what) throws IOException {
        String tooLarge = what + " may be at most " + max + " bytes; split the upload into smaller ones.";
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new TooLargeException(tooLarge);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new TooLargeException(tooLarge);
            }
            return bytes;
        }
    }
}
