package dev.hubkeep.server.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.http.FileBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Git LFS API: the batch endpoint, and the signed upload, download and verify links it hands
 * out. Clients that offer the Hub's {@code multipart} transfer send large objects in parts (each
 * with its own link, in parallel if they like) and then call a completion link. Which caller may
 * use the batch endpoint is decided before it runs (download needs read, upload needs write); the
 * links carry their own authorization.
 */
final class Lfs {

    static final String MEDIA_TYPE = "application/vnd.git-lfs+json";
    static final int MAX_OBJECTS = 1000;
    private static final int MAX_BATCH_BYTES = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LfsStore store;
    private final LfsObjects objects;
    private final LfsLinks links;
    private final LfsParts parts;
    private final Supplier<String> publicUrl;
    private final Clock clock;
    private final AtomicLong nextSweep = new AtomicLong();

    Lfs(LfsStore store, LfsObjects objects, LfsLinks links, Supplier<String> publicUrl, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.links = links;
        this.parts = new LfsParts(store.multipartRoot(), store, clock);
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Reads the operation of a batch request body, which the permission decision needs first. */
    static Optional<JsonNode> readBatch(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BATCH_BYTES + 1);
        if (body.length > MAX_BATCH_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Answers a batch request for {@code repoId}, already decided. */
    void batch(String repoId, JsonNode request, HttpServletResponse response) throws IOException {
        String operation = request.path("operation").asText("");
        JsonNode requested = request.path("objects");
        if (!requested.isArray() || requested.size() > MAX_OBJECTS
                || !(request.path("hash_algo").isMissingNode() || request.path("hash_algo").asText().matches("sha_?256"))) {
            error(response, 422, "A batch request needs 'objects' (at most " + MAX_OBJECTS + ") and sha256 as hash_algo.");
            return;
        }
        boolean multipart = operation.equals("upload") && offers(request.path("transfers"), "multipart");
        ObjectNode answer = MAPPER.createObjectNode().put("transfer", multipart ? "multipart" : "basic").put("hash_algo", "sha256");
        ArrayNode results = answer.putArray("objects");
        for (JsonNode object : requested) {
            results.add(operation.equals("upload") ? upload(repoId, object, multipart) : download(repoId, object));
        }
        if (multipart) {
            sweepAbandonedParts();
        }
        response.setStatus(200);
        response.setContentType(MEDIA_TYPE);
        MAPPER.writeValue(response.getOutputStream(), answer);
    }

    private ObjectNode download(String repoId, JsonNode object) {
        ObjectNode result = describe(object);
        Optional<String> problem = validate(object);
        if (problem.isPresent()) {
            return withError(result, 422, problem.get());
        }
        String oid = object.path("oid").asText();
        Optional<Long> size = objects.sizeIn(repoId, oid);
        if (size.isEmpty() || !store.exists(oid)) {
            return withError(result, 404, "Object does not exist in this repository.");
        }
        result.put("size", size.get()).put("authenticated", true);
        action(result.putObject("actions"), "download", links.sign("download", repoId, oid, size.get()));
        return result;
    }

    private static boolean offers(JsonNode transfers, String name) {
        for (JsonNode transfer : transfers) {
            if (name.equals(transfer.asText())) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode upload(String repoId, JsonNode object, boolean multipart) {
        ObjectNode result = describe(object);
        Optional<String> problem = validate(object);
        if (problem.isPresent()) {
            return withError(result, 422, problem.get());
        }
        String oid = object.path("oid").asText();
        long size = object.path("size").asLong();
        result.put("authenticated", true);
        if (objects.sizeIn(repoId, oid).isPresent() && store.exists(oid)) {
            return result; // already here: no actions, nothing to send
        }
        ObjectNode actions = result.putObject("actions");
        if (multipart && LfsParts.splits(size)) {
            long partSize = LfsParts.partSizeFor(size);
            LfsParts.Upload upload = new LfsParts.Upload(repoId, oid, size, partSize);
            // As on the Hub: the upload href completes the upload; the header holds the part size and
            // one link per part, keyed by the part's number.
            ObjectNode header = action(actions, "upload", links.signCompletion(repoId, oid, size, partSize)).putObject("header");
            header.put("chunk_size", String.valueOf(partSize));
            for (int part = 1; part <= upload.parts(); part++) {
                header.put(String.format("%05d", part), publicUrl.get() + links.signPart(repoId, oid, size, partSize, part));
            }
        } else {
            action(actions, "upload", links.sign("upload", repoId, oid, size));
        }
        action(actions, "verify", links.sign("verify", repoId, oid, size));
        return result;
    }

    private ObjectNode action(ObjectNode actions, String name, String pathAndQuery) {
        return actions.putObject(name)
                .put("href", publicUrl.get() + pathAndQuery)
                .put("expires_in", LfsLinks.VALIDITY.toSeconds());
    }

    private void sweepAbandonedParts() throws IOException {
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
            error(response, 401, "This part link is not valid or has expired; ask the batch endpoint for a new one.");
            return;
        }
        String etag;
        try (InputStream in = request.getInputStream()) {
            etag = parts.put(upload.get(), part, in);
        } catch (LfsStore.MismatchException e) {
            error(response, 422, e.getMessage());
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
        Map<String, String> query = query(request.getQueryString());
        String partSize = query.getOrDefault("chunk", "");
        Optional<LfsLinks.Grant> grant = "complete".equals(query.get("op")) && partSize.matches("[1-9]\\d{0,17}")
                ? links.check("complete", "chunk=" + partSize, query.get("repo"), oid, query.get("size"), query.get("exp"), query.get("sig"))
                : Optional.empty();
        if (grant.isEmpty()) {
            error(response, 401, "This completion link is not valid or has expired; ask the batch endpoint for a new one.");
            return;
        }
        LfsParts.Upload upload = new LfsParts.Upload(grant.get().repoId(), oid, grant.get().size(), Long.parseLong(partSize));
        Optional<JsonNode> body = readBatch(request);
        Map<Integer, String> etags = new HashMap<>();
        boolean wellFormed = body.isPresent() && oid.equals(body.get().path("oid").asText()) && body.get().path("parts").isArray();
        for (JsonNode part : wellFormed ? body.get().path("parts") : MAPPER.createArrayNode()) {
            wellFormed &= part.path("partNumber").isIntegralNumber() && part.path("etag").isTextual()
                    && etags.put(part.path("partNumber").asInt(), unquote(part.path("etag").asText())) == null;
        }
        if (!wellFormed) {
            error(response, 422, "A completion is {\"oid\": <this object's oid>, \"parts\": [{\"partNumber\": n, \"etag\": ETag}, ...]}"
                    + " with each part once.");
            return;
        }
        if (!isStoredFor(upload.repoId(), oid)) {
            try {
                parts.complete(upload, etags);
            } catch (LfsStore.MismatchException e) {
                error(response, 422, e.getMessage());
                return;
            } catch (IOException e) {
                if (!store.exists(oid)) {
                    throw e;
                } // else a concurrent completion of the same parts got there first
            }
            objects.link(upload.repoId(), oid, upload.size());
        }
        response.setStatus(200);
        response.setContentType(MEDIA_TYPE);
        response.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
    }

    private boolean isStoredFor(String repoId, String oid) {
        return objects.sizeIn(repoId, oid).isPresent() && store.exists(oid);
    }

    private Optional<LfsParts.Upload> partGrant(HttpServletRequest request, String oid, int part) {
        Map<String, String> query = query(request.getQueryString());
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

    /** {@code PUT} of a signed upload link: stored only if size and sha256 match. */
    void receive(HttpServletRequest request, HttpServletResponse response, String oid) throws IOException {
        Optional<LfsLinks.Grant> grant = grant(request, "upload", oid);
        if (grant.isEmpty()) {
            error(response, 401, "This upload link is not valid or has expired; ask the batch endpoint for a new one.");
            return;
        }
        try (InputStream in = request.getInputStream()) {
            store.put(oid, grant.get().size(), in);
        } catch (LfsStore.MismatchException e) {
            error(response, 422, e.getMessage());
            return;
        }
        objects.link(grant.get().repoId(), oid, grant.get().size());
        response.setStatus(200);
    }

    /** {@code GET} of a signed download link: the object's bytes. */
    void send(HttpServletRequest request, HttpServletResponse response, String oid) throws IOException {
        Optional<LfsLinks.Grant> grant = grant(request, "download", oid);
        if (grant.isEmpty() || objects.sizeIn(grant.get().repoId(), oid).isEmpty() || !store.exists(oid)) {
            error(response, grant.isEmpty() ? 401 : 404, grant.isEmpty()
                    ? "This download link is not valid or has expired; ask the batch endpoint for a new one."
                    : "Object does not exist in this repository.");
            return;
        }
        response.setStatus(200);
        response.setContentType("application/octet-stream");
        long size = store.size(oid);
        response.setContentLengthLong(size);
        FileBody.send(response, store.pathOf(oid), 0, size);
    }

    /** {@code POST} of a signed verify link: is the object stored, whole, for this repository? */
    void verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = readBatch(request).orElse(MAPPER.createObjectNode());
        String oid = body.path("oid").asText("");
        Optional<LfsLinks.Grant> grant = LfsStore.isOid(oid) ? grant(request, "verify", oid) : Optional.empty();
        if (grant.isEmpty()) {
            error(response, 401, "This verify link is not valid or has expired.");
            return;
        }
        Optional<Long> size = objects.sizeIn(grant.get().repoId(), oid);
        if (size.isEmpty() || !store.exists(oid) || size.get() != body.path("size").asLong(-1)) {
            error(response, 404, "Object does not exist in this repository.");
            return;
        }
        response.setStatus(200);
        response.setContentType(MEDIA_TYPE);
        response.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
    }

    private Optional<LfsLinks.Grant> grant(HttpServletRequest request, String operation, String oid) {
        // Read the query string itself: asking the servlet for parameters would parse a body sent as
        // a form (curl's default for --data-binary) and refuse large uploads.
        Map<String, String> query = query(request.getQueryString());
        if (!operation.equals(query.get("op"))) {
            return Optional.empty();
        }
        return links.check(operation, query.get("repo"), oid, query.get("size"), query.get("exp"), query.get("sig"));
    }

    private static Map<String, String> query(String queryString) {
        Map<String, String> values = new HashMap<>();
        if (queryString == null) {
            return values;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static ObjectNode describe(JsonNode object) {
        ObjectNode result = MAPPER.createObjectNode();
        result.put("oid", object.path("oid").asText(""));
        result.put("size", object.path("size").asLong(0));
        return result;
    }

    private static Optional<String> validate(JsonNode object) {
        if (!LfsStore.isOid(object.path("oid").asText(null))) {
            return Optional.of("'oid' must be a sha256: 64 lower-case hex characters.");
        }
        if (!object.path("size").isIntegralNumber() || object.path("size").asLong() < 0) {
            return Optional.of("'size' must be a whole number of bytes.");
        }
        return Optional.empty();
    }

    private static ObjectNode withError(ObjectNode result, int code, String message) {
        result.putObject("error").put("code", code).put("message", message);
        return result;
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        MAPPER.writeValue(response.getOutputStream(), MAPPER.createObjectNode().put("message", message));
    }
}
