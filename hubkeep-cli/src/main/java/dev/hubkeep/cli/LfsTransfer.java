package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one LFS object the way the batch answer says: in one request to its upload link, or, when
 * the answer cuts it in parts (the Hub's {@code multipart} transfer), part by part, several at
 * once, then the completion. A part the hub already holds with the same sha256 (from a run that
 * was interrupted) is not sent again. The links authorize themselves: no token goes with them.
 */
final class LfsTransfer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LFS_JSON = "application/vnd.git-lfs+json";

    private final HubClient client;
    private final Progress progress;
    private final Path file;
    private final String name;
    private final long size;
    private final String oid;
    private final AtomicLong sent = new AtomicLong();

    LfsTransfer(HubClient client, Progress progress, Path file, String name, long size, String oid) {
        this.client = client;
        this.progress = progress;
        this.file = file;
        this.name = name;
        this.size = size;
        this.oid = oid;
    }

    /** Starts the transfer on {@code executor}; the future completes once the hub has verified the object. */
    CompletableFuture<Void> start(JsonNode actions, Executor executor) {
        JsonNode upload = actions.path("upload");
        JsonNode verify = actions.path("verify");
        progress.advanced(name, 0, size);
        CompletableFuture<Void> sending = upload.path("header").has("chunk_size")
                ? inParts(upload, executor)
                : CompletableFuture.runAsync(() -> put(upload.path("href").asText(), 0, size), executor);
        return sending.thenRunAsync(() -> {
            if (!verify.isMissingNode()) {
                post(verify.path("href").asText(), JSON.createObjectNode().put("oid", oid).put("size", size));
            }
            progress.advanced(name, size, size);
        }, executor);
    }

    private CompletableFuture<Void> inParts(JsonNode upload, Executor executor) {
        JsonNode header = upload.path("header");
        long partSize = parsePartSize(header.path("chunk_size").asText());
        List<String> links = partLinks(header);
        if (links.size() != (size + partSize - 1) / partSize) {
            throw malformed("it lists " + links.size() + " parts for " + size + " bytes in parts of " + partSize);
        }
        AtomicInteger alreadyThere = new AtomicInteger();
        List<CompletableFuture<String>> parts = new ArrayList<>();
        for (int index = 0; index < links.size(); index++) {
            long offset = index * partSize;
            long length = Math.min(partSize, size - offset);
            String link = links.get(index);
            parts.add(CompletableFuture.supplyAsync(() -> {
                Optional<String> staged = stagedEtag(link);
                if (staged.isPresent() && staged.get().equals(FileSlice.sha256(file, offset, length))) {
                    alreadyThere.incrementAndGet();
                    report(length);
                    return staged.get();
                }
                return put(link, offset, length);
            }, executor));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            if (alreadyThere.get() > 0) {
                progress.note("Resumed " + name + ": " + alreadyThere.get() + " of " + parts.size()
                        + " parts were already on the hub and were not sent again.");
            }
            ObjectNode completion = JSON.createObjectNode().put("oid", oid);
            ArrayNode list = completion.putArray("parts");
            for (int index = 0; index < parts.size(); index++) {
                list.addObject().put("partNumber", index + 1).put("etag", parts.get(index).join());
            }
            post(upload.path("href").asText(), completion);
        }, executor);
    }

    /** The part links of a multipart answer: the header's numbered entries, in the order of their numbers. */
    private List<String> partLinks(JsonNode header) {
        List<Map.Entry<Integer, String>> numbered = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : header.properties()) {
            if (entry.getKey().matches("\\d{1,9}")) {
                numbered.add(Map.entry(Integer.parseInt(entry.getKey()), entry.getValue().asText()));
            }
        }
        numbered.sort(Comparator.comparing(Map.Entry::getKey));
        for (int index = 0; index < numbered.size(); index++) {
            if (numbered.get(index).getKey() != index + 1) {
                throw malformed("its parts are not numbered 1 to " + numbered.size());
            }
        }
        return numbered.stream().map(Map.Entry::getValue).toList();
    }

    private long parsePartSize(String value) {
        try {
            long partSize = Long.parseLong(value);
            if (partSize > 0) {
                return partSize;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw malformed("its chunk_size '" + value + "' is not a positive number");
    }

    /** The ETag of the part the hub already holds at {@code link}, if it says. */
    private Optional<String> stagedEtag(String link) {
        try {
            HttpResponse<Void> answer = client.send(HubClient.bareRequest(link).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
            return answer.headers().firstValue("ETag").map(LfsTransfer::unquote);
        } catch (HubClientException e) {
            return Optional.empty(); // not there (404), or a storage that cannot say: send it
        }
    }

    /** PUTs {@code length} bytes from {@code offset}; returns the ETag the hub answered. */
    private String put(String link, long offset, long length) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> FileSlice.open(file, offset, length, this::report)), length);
        HttpResponse<byte[]> answer = client.send(HubClient.bareRequest(link).PUT(body), HttpResponse.BodyHandlers.ofByteArray());
        return answer.headers().firstValue("ETag").map(LfsTransfer::unquote).orElse("");
    }

    private void post(String link, ObjectNode body) {
        client.send(HubClient.bareRequest(link)
                        .header("Content-Type", LFS_JSON)
                        .header("Accept", LFS_JSON)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private void report(long bytes) {
        progress.advanced(name, Math.min(size, sent.addAndGet(bytes)), size);
    }

    private HubClientException malformed(String what) {
        return new HubClientException(0, "The hub's LFS answer for " + name + " cannot be used: " + what + ".",
                Optional.empty(), Optional.empty());
    }

    private static String unquote(String etag) {
        String value = etag.startsWith("W/") ? etag.substring(2) : etag;
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
