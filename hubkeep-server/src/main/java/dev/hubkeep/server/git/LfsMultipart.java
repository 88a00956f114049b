package dev.hubkeep.server.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Hub's {@code multipart} LFS transfer, for clients that offer it: a large object's upload
 * action names a part size and one signed link per part ({@code PUT} to send a part, {@code HEAD}
 * to ask whether it is already here), and its href is a completion link that assembles the parts
 * into the object. The parts themselves are kept by {@link LfsParts}.
 */
final class LfsMultipart {

    private final LfsParts parts;
    private final LfsStore store;
    private final LfsObjects objects;
    private final LfsLinks links;
    private final Supplier<String> publicUrl;
    private final Clock clock;
    private final AtomicLong nextSweep = new AtomicLong();

    LfsMultipart(LfsParts parts, LfsStore store, LfsObjects objects, LfsLinks links, Supplier<String> publicUrl, Clock clock) {
        this.parts = parts;
        this.store = store;
        this.objects = objects;
        this.links = links;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /**
     * Fills in an upload action for an object sent in parts. As on the Hub: the href completes the
     * upload; the header holds the part size and one link per part, keyed by the part's number.
     */
    void describe(ObjectNode uploadAction, String repoId, String oid, long size) {
        long partSize = LfsParts.partSizeFor(size);
        LfsParts.Upload upload = new LfsParts.Upload(repoId, oid, size, partSize);
        uploadAction.put("href", publicUrl.get() + links.signCompletion(repoId, oid, size, partSize));
        ObjectNode header = uploadAction.putObject("header");
        header.put("chunk_size", String.valueOf(partSize));
        for (int part = 1; part <= upload.parts(); part++) {
            header.put(String.format("%05d", part), publicUrl.get() + links.signPart(repoId, oid, size, partSize, part));
        }
    }

    /** Removes abandoned parts, at most once an hour (asked on each batch that offers multipart). */
    void sweepAbandonedParts() throws IOException {
        long now = clock.millis();
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + Duration.ofHours(1).toMillis())) {
            parts.sweep();
        }
    }

    /** {@code PUT} of a signed part link: the part is staged if it has its exact length; its ETag is its sha256. */
    void receivePart(HttpServletRequest request, HttpServletResponse response, String oid, int part) throws IOException {
        Optional<LfsParts.Upload> upload = partGrant(request, oid, part);
        if (upload.isEmpty()) {
            Lfs.error(response, 401, "This part link is not valid or has expired; ask the batch endpoint for a new one.");
            return;
        }
        String etag;
        try (InputStream in = request.getInputStream()) {
            etag = parts.put(upload.get(), part, in);
        } catch (LfsStore.MismatchException e) {
            Lfs.error(response, 422, e.getMessage());
            return;
        }
        response.setStatus(200);
        response.setHeader("ETag", "\"" + etag + "\"");
    }

    /** {@code HEAD} of a signed part link: is the part staged, and as what (its ETag)? Lets a client resume. */
    void describePart(HttpServletRequest request, HttpServletResponse response, String oid, int part) throws IOException {
        Optional<LfsParts.Upload> upload = partGrant(request, oid, part);
        if (upload.isEmpty()) {
            response.setStatus(401);
            return;
        }
        Optional<String> etag = parts.etag(upload.get(), part);
        response.setStatus(etag.isPresent() ? 200 : 404);
        etag.ifPresent(value -> response.setHeader("ETag", "\"" + value + "\""));
    }

    /**
     * {@code POST} of a signed completion link with {@code {"oid", "parts": [{"partNumber", "etag"}]}}:
     * the parts become the object, stored only if its sha256 is its oid.
     */
    void complete(HttpServletRequest request, HttpServletResponse response, String oid) throws IOException {
        Map<String, String> query = Lfs.query(request.getQueryString());
        String partSize = query.getOrDefault("chunk", "");
        Optional<LfsLinks.Grant> grant = "complete".equals(query.get("op")) && partSize.matches("[1-9]\\d{0,17}")
                ? links.check("complete", "chunk=" + partSize, query.get("repo"), oid, query.get("size"), query.get("exp"), query.get("sig"))
                : Optional.empty();
        if (grant.isEmpty()) {
            Lfs.error(response, 401, "This completion link is not valid or has expired; ask the batch endpoint for a new one.");
            return;
        }
        LfsParts.Upload upload = new LfsParts.Upload(grant.get().repoId(), oid, grant.get().size(), Long.parseLong(partSize));
        Optional<JsonNode> body = Lfs.readBatch(request);
        Map<Integer, String> etags = new HashMap<>();
        boolean wellFormed = body.isPresent() && oid.equals(body.get().path("oid").asText()) && body.get().path("parts").isArray();
        for (JsonNode part : wellFormed ? body.get().path("parts") : JsonNodeFactory.instance.arrayNode()) {
            wellFormed &= part.path("partNumber").isIntegralNumber() && part.path("etag").isTextual()
                    && etags.put(part.path("partNumber").asInt(), unquote(part.path("etag").asText())) == null;
        }
        if (!wellFormed) {
            Lfs.error(response, 422, "A completion is {\"oid\": <this object's oid>, \"parts\": [{\"partNumber\": n, \"etag\": ETag}, ...]}"
                    + " with each part once.");
            return;
        }
        if (!isStoredFor(upload.repoId(), oid)) {
            try {
                objects.link(upload.repoId(), parts.complete(upload, etags));
            } catch (LfsStore.MismatchException e) {
                // A completion retried while its first attempt stored the object finds the parts
                // gone; it succeeds if that attempt linked the object here. Nothing else links it.
                if (!isStoredFor(upload.repoId(), oid)) {
                    Lfs.error(response, 422, e.getMessage());
                    return;
                }
            }
        }
        response.setStatus(200);
        response.setContentType(Lfs.MEDIA_TYPE);
        response.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
    }

    private boolean isStoredFor(String repoId, String oid) {
        return objects.sizeIn(repoId, oid).isPresent() && store.exists(oid);
    }

    private Optional<LfsParts.Upload> partGrant(HttpServletRequest request, String oid, int part) {
        Map<String, String> query = Lfs.query(request.getQueryString());
        String partSize = query.getOrDefault("chunk", "");
        if (!"part".equals(query.get("op")) || !partSize.matches("[1-9]\\d{0,17}")) {
            return Optional.empty();
        }
        return links.check("part", LfsLinks.partDetail(Long.parseLong(partSize), part), query.get("repo"), oid,
                        query.get("size"), query.get("exp"), query.get("sig"))
                .map(grant -> new LfsParts.Upload(grant.repoId(), oid, grant.size(), Long.parseLong(partSize)))
                .filter(upload -> upload.hasPart(part));
    }

    /** ETags come back as the client received them: quoted, perhaps marked weak. */
    private static String unquote(String etag) {
        String value = etag.startsWith("W/") ? etag.substring(2) : etag;
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
