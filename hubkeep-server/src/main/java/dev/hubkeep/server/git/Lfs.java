package dev.hubkeep.server.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Git LFS API: the batch endpoint, and the signed upload, download and verify links it hands
 * out (large uploads from clients that offer it: {@link LfsMultipart}). Which caller may use the
 * batch endpoint is decided before it runs (download needs read, upload needs write); the links
 * carry their own authorization.
 */
final class Lfs {

    static final String MEDIA_TYPE = "application/vnd.git-lfs+json";
    static final int MAX_OBJECTS = 1000;
    /**
     * The most part links one batch answer hands out: objects past it get one upload link each
     * (which every multipart client also takes), so an answer stays a few megabytes at most.
     */
    static final int MAX_PART_LINKS = 10_000;
    private static final int MAX_BATCH_BYTES = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LfsStore store;
    private final LfsObjects objects;
    private final LfsContent content;
    private final LfsLinks links;
    private final LfsMultipart multipart;
    private final Supplier<String> publicUrl;
    private final LfsDownloads downloads;

    Lfs(LfsStore store, LfsObjects objects, LfsContent content, LfsLinks links, Supplier<String> publicUrl, Clock clock,
            LfsDownloads downloads) {
        this.downloads = downloads;
        this.store = store;
        this.objects = objects;
        this.content = content;
        this.links = links;
        this.multipart = new LfsMultipart(new LfsParts(store.multipartRoot(), store, clock), store, objects, links, publicUrl, clock);
        this.publicUrl = publicUrl;
    }

    /** The multipart transfer's part and completion links. */
    LfsMultipart multipart() {
        return multipart;
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

    /**
     * Answers a batch request for {@code repoId}, already decided; {@code xet} is the Xet transfer's offer
     * for this caller and repository, asked for only when the client lists {@code xet} among its transfers;
     * {@code callerMayWrite} for the scanning pipeline's rule on infected objects.
     */
    void batch(String repoId, JsonNode request, HttpServletResponse response, Supplier<Optional<XetTransfer.Offer>> xet,
            boolean callerMayWrite) throws IOException {
        String operation = request.path("operation").asText("");
        JsonNode requested = request.path("objects");
        if (!requested.isArray() || requested.size() > MAX_OBJECTS
                || !(request.path("hash_algo").isMissingNode() || request.path("hash_algo").asText().matches("sha_?256"))) {
            error(response, 422, "A batch request needs 'objects' (at most " + MAX_OBJECTS + ") and sha256 as hash_algo.");
            return;
        }
        Optional<XetTransfer.Offer> xetOffer = operation.equals("upload") && offers(request.path("transfers"), "xet")
                ? xet.get()
                : Optional.empty();
        boolean offersMultipart = xetOffer.isEmpty() && operation.equals("upload") && offers(request.path("transfers"), "multipart");
        ObjectNode answer = MAPPER.createObjectNode()
                .put("transfer", xetOffer.isPresent() ? "xet" : offersMultipart ? "multipart" : "basic")
                .put("hash_algo", "sha256");
        ArrayNode results = answer.putArray("objects");
        PartLinks partLinks = new PartLinks(offersMultipart ? MAX_PART_LINKS : 0);
        Map<String, String> refused = operation.equals("upload") ? Map.of() : downloads.refusals(repoId,
                java.util.stream.StreamSupport.stream(requested.spliterator(), false)
                        .map(o -> o.path("oid").asText("")).filter(LfsStore::isOid).distinct().toList(),
                callerMayWrite);
        for (JsonNode object : requested) {
            results.add(operation.equals("upload") ? upload(repoId, object, partLinks, xetOffer) : download(repoId, object, refused));
        }
        if (offersMultipart) {
            multipart.sweepAbandonedParts();
        }
        response.setStatus(200);
        response.setContentType(MEDIA_TYPE);
        MAPPER.writeValue(response.getOutputStream(), answer);
    }

    private ObjectNode download(String repoId, JsonNode object, Map<String, String> refused) {
        ObjectNode result = describe(object);
        Optional<String> problem = validate(object);
        if (problem.isPresent()) {
            return withError(result, 422, problem.get());
        }
        String oid = object.path("oid").asText();
        Optional<LfsContent.Source> found = content.find(repoId, oid);
        if (found.isEmpty()) {
            return withError(result, 404, "Object does not exist in this repository.");
        }
        if (refused.containsKey(oid)) {
            return withError(result, 403, refused.get(oid));
        }
        long size = found.get().size();
        result.put("size", size).put("authenticated", true);
        action(result.putObject("actions"), "download", links.sign("download", repoId, oid, size));
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

    /** How many part links a batch answer may still hand out. */
    private static final class PartLinks {
        private int left;

        PartLinks(int left) {
            this.left = left;
        }

        boolean take(int links) {
            if (links > left) {
                return false;
            }
            left -= links;
            return true;
        }
    }

    private ObjectNode upload(String repoId, JsonNode object, PartLinks partLinks, Optional<XetTransfer.Offer> xet) {
        ObjectNode result = describe(object);
        Optional<String> problem = validate(object);
        if (problem.isPresent()) {
            return withError(result, 422, problem.get());
        }
        String oid = object.path("oid").asText();
        long size = object.path("size").asLong();
        if (size > store.maxObjectSize()) {
            return withError(result, 422, "This object has " + size + " bytes; this hub takes LFS objects of at most "
                    + store.maxObjectSize() + " bytes (its lfs-max-object-size setting).");
        }
        result.put("authenticated", true);
        if (content.find(repoId, oid).isPresent()) {
            return result; // already here: no actions, nothing to send
        }
        ObjectNode actions = result.putObject("actions");
        if (xet.isPresent()) {
            ObjectNode upload = actions.putObject("upload").put("href", xet.get().href());
            ObjectNode header = upload.putObject("header");
            xet.get().header().forEach(header::put);
            return result;
        }
        if (LfsParts.splits(size) && partLinks.take(LfsParts.partsFor(size))) {
            multipart.describe(action(actions, "upload", ""), repoId, oid, size);
        } else {
            action(actions, "upload", links.sign("upload", repoId, oid, size));
        }
        action(actions, "verify", links.sign("verify", repoId, oid, size));
        return result;
    }

    private ObjectNode action(ObjectNode actions, String name, String pathAndQuery) {
        return actions.putObject(name)
                .put("href", publicUrl.get() + pathAndQuery)
                .put("expires_in", links.validity(name).toSeconds());
    }

    /** {@code PUT} of a signed upload link: stored only if size and sha256 match. */
    void receive(HttpServletRequest request, HttpServletResponse response, String oid) throws IOException {
        Optional<LfsLinks.Grant> grant = grant(request, "upload", oid);
        if (grant.isEmpty()) {
            error(response, 401, "This upload link is not valid or has expired; ask the batch endpoint for a new one.");
            return;
        }
        LfsStore.Stored stored;
        try (InputStream in = request.getInputStream()) {
            stored = store.put(oid, grant.get().size(), in);
        } catch (LfsStore.MismatchException e) {
            error(response, 422, e.getMessage());
            return;
        }
        objects.link(grant.get().repoId(), stored);
        response.setStatus(200);
    }

    /** {@code GET} of a signed download link: the object's bytes. */
    void send(HttpServletRequest request, HttpServletResponse response, String oid) throws IOException {
        Optional<LfsLinks.Grant> grant = grant(request, "download", oid);
        Optional<LfsContent.Source> found = grant.flatMap(g -> content.find(g.repoId(), oid));
        if (found.isEmpty()) {
            error(response, grant.isEmpty() ? 401 : 404, grant.isEmpty()
                    ? "This download link is not valid or has expired; ask the batch endpoint for a new one."
                    : "Object does not exist in this repository.");
            return;
        }
        response.setStatus(200);
        response.setContentType("application/octet-stream");
        long size = found.get().size();
        response.setContentLengthLong(size);
        content.send(response, found.get(), 0, size);
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

    static Map<String, String> query(String queryString) {
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
