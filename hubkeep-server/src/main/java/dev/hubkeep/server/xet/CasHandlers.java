package dev.hubkeep.server.xet;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.TooLargeException;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.http.ByteRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Xet CAS endpoints under {@link XetTokenHandlers#CAS_PATH}. {@link XetCasGate} has admitted the
 * request's Xet token before these run; they read the body (capped before anything is parsed) and
 * hand it to {@link CasService}.
 */
public final class CasHandlers {

    private final CasService cas;
    private final XorbLinks links;
    private final Supplier<String> publicUrl;
    private final Counter xorbBytes;
    private final Counter shardBytes;

    /** {@code registry} gets the bytes received, by kind: what deduplication saves shows there. */
    public CasHandlers(CasService cas, XorbLinks links, Supplier<String> publicUrl, MeterRegistry registry) {
        this.cas = cas;
        this.links = links;
        this.publicUrl = publicUrl;
        this.xorbBytes = received(registry, "xorb");
        this.shardBytes = received(registry, "shard");
    }

    private static Counter received(MeterRegistry registry, String kind) {
        return Counter.builder("hubkeep.xet.received").baseUnit("bytes").tag("kind", kind)
                .description("Bytes of Xet uploads received by the CAS").register(registry);
    }

    /**
     * {@code GET /v1/reconstructions/{fileHash}}, for a file recorded for the token's repository: the
     * terms covering the {@code Range} asked (the whole file without one; 416 from the end on; the end
     * clamped), and for each term one signed link to its stored bytes ({@code fetch_info}).
     */
    public void reconstruction(Context ctx) {
        reconstruction(ctx, (casUrl, fetch) -> Map.of(
                "range", Map.of("start", fetch.chunkStart(), "end", fetch.chunkEnd()),
                "url", casUrl + fetch.link(),
                "url_range", Map.of("start", fetch.byteStart(), "end", fetch.byteEnd())), "fetch_info");
    }

    /**
     * {@code GET /v2/reconstructions/{fileHash}}: the same plan, its links under {@code xorbs}, each with
     * one range (huggingface.js reads only v2; several ranges in one entry would make it ask for a
     * {@code multipart/byteranges} answer, which the xorb links do not give).
     */
    public void reconstructionV2(Context ctx) {
        reconstruction(ctx, (casUrl, fetch) -> Map.of(
                "url", casUrl + fetch.link(),
                "ranges", List.of(Map.of(
                        "chunks", Map.of("start", fetch.chunkStart(), "end", fetch.chunkEnd()),
                        "bytes", Map.of("start", fetch.byteStart(), "end", fetch.byteEnd())))), "xorbs");
    }

    private void reconstruction(Context ctx, java.util.function.BiFunction<String, CasService.Fetch, Map<String, Object>> entryOf,
            String entriesKey) {
        XetHash file = hashIn(ctx.pathParam("fileHash"), "file");
        long size = cas.fileSize(XetCasGate.grant(ctx).repoId(), file);
        Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), size);
        if (range.isEmpty() && size == 0) {
            ctx.json(Map.of("offset_into_first_range", 0, "terms", List.of(), entriesKey, Map.of()));
            return;
        }
        long start = range.map(ByteRange::start).orElse(0L);
        long end = range.map(ByteRange::end).orElse(size - 1);
        CasService.Reconstruction plan = cas.reconstruct(file, start, end, links);
        String casUrl = publicUrl.get() + XetTokenHandlers.CAS_PATH;
        List<Map<String, Object>> terms = plan.terms().stream().<Map<String, Object>>map(t -> Map.of(
                "hash", t.xorb().hex(),
                "unpacked_length", t.rawLength(),
                "range", Map.of("start", t.chunkStart(), "end", t.chunkEnd()))).toList();
        Map<String, List<Map<String, Object>>> entries = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> seen = new java.util.HashMap<>();
        for (CasService.Fetch fetch : plan.fetches()) {
            String chunks = fetch.chunkStart() + "-" + fetch.chunkEnd();
            if (seen.computeIfAbsent(fetch.xorb().hex(), k -> new java.util.HashSet<>()).add(chunks)) {
                entries.computeIfAbsent(fetch.xorb().hex(), k -> new ArrayList<>()).add(entryOf.apply(casUrl, fetch));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("offset_into_first_range", plan.offsetIntoFirstRange());
        body.put("terms", terms);
        body.put(entriesKey, entries);
        ctx.json(body);
    }

    /**
     * {@code GET /v1/xorb-ranges/{hash}?range=&exp=&sig=}: the bytes a reconstruction's signed link
     * names (the client sends no credentials). A {@code Range} must lie within the signed range; 206.
     */
    public void xorbRange(Context ctx) {
        XorbLinks.Grant grant = links.check(ctx.pathParam("hash"), ctx.queryParam("range"), ctx.queryParam("exp"),
                ctx.queryParam("sig")).orElseThrow(() -> new ForbiddenException("This xorb link is not valid or has"
                        + " expired: ask for the file's reconstruction again (GET /v1/reconstructions/{file}) for fresh links."));
        long start = grant.start();
        long end = grant.end();
        String header = ctx.header("Range");
        if (header != null) {
            Matcher m = RANGE.matcher(header.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) < grant.start() || Long.parseLong(m.group(2)) > grant.end()) {
                throw new ForbiddenException("This xorb link opens bytes " + grant.start() + "-" + grant.end()
                        + " only; ask for that range (Range: bytes=" + grant.start() + "-" + grant.end() + ").");
            }
            start = Long.parseLong(m.group(1));
            end = Long.parseLong(m.group(2));
        }
        byte[] bytes = cas.xorbBytes(grant.xorb(), start, end);
        ctx.status(206);
        ctx.header("Content-Range", "bytes " + start + "-" + (start + bytes.length - 1) + "/*");
        ctx.contentType("application/octet-stream");
        ctx.result(bytes);
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");

    /** {@code POST /v1/xorbs/default/{hash}}: answers {@code {"was_inserted": bool}}. */
    public void uploadXorb(Context ctx) throws IOException {
        byte[] body = body(ctx, CasService.MAX_XORB_BYTES, "A xorb"); // read first, so a refusal reaches the client
        xorbBytes.increment(body.length);
        XetHash claimed = hashIn(ctx.pathParam("hash"), "xorb");
        boolean inserted = cas.uploadXorb(XetCasGate.grant(ctx).repoId(), uploader(ctx), claimed, body);
        ctx.json(Map.of("was_inserted", inserted));
    }

    /** {@code POST /v1/shards}: answers {@code {"result": 1}} when it recorded something new, else {@code 0}. */
    public void uploadShard(Context ctx) throws IOException {
        byte[] body = body(ctx, CasService.MAX_SHARD_BYTES, "A shard");
        shardBytes.increment(body.length);
        boolean recorded = cas.uploadShard(XetCasGate.grant(ctx).repoId(), uploader(ctx), body);
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

    /** Whose verification budget an upload counts against: the user the Xet token was made for. */
    private static String uploader(Context ctx) {
        XetToken grant = XetCasGate.grant(ctx);
        return grant.userId().map(id -> "user " + id).orElse("repo " + grant.repoId());
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
