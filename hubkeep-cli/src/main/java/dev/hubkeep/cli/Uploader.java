package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.cli.UploadSelection.LocalFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An upload as the Hub's clients make it: preupload (which files go to LFS), the LFS objects
 * through the batch API (several at once, large ones in parts; objects and parts the hub already
 * holds are skipped, so running an interrupted upload again sends only what is missing), then one
 * NDJSON commit.
 */
final class Uploader {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Objects, and parts of large objects, in flight at once. */
    private static final int PARALLEL_TRANSFERS = 4;
    private static final int PREUPLOAD_CHUNK = 100;

    private final HubClient client;
    private final RepoId repo;
    private final Progress progress;

    Uploader(HubClient client, RepoId repo, Progress progress) {
        this.client = client;
        this.repo = repo;
        this.progress = progress;
    }

    String upload(Path local, String pathInRepo, String revision, String message) {
        UploadSelection selection = UploadSelection.of(local, pathInRepo);
        for (UploadSelection.Skipped skipped : selection.skipped()) {
            progress.note("Skipped " + skipped.path() + ": " + skipped.reason());
        }
        List<LocalFile> files = selection.files();
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Nothing to upload in " + local
                    + (selection.skipped().isEmpty() ? "." : ": every file in it was skipped (see above)."));
        }
        Map<String, Boolean> lfs = uploadModes(files, revision);
        List<String> lines = new ArrayList<>();
        lines.add(JSON.createObjectNode().put("key", "header")
                .set("value", JSON.createObjectNode().put("summary", message).put("description", "")).toString());
        List<LocalFile> large = files.stream().filter(f -> lfs.get(f.pathInRepo())).toList();
        Map<String, String> oids = uploadLfs(large);
        for (LocalFile file : files) {
            ObjectNode value = JSON.createObjectNode().put("path", file.pathInRepo());
            if (lfs.get(file.pathInRepo())) {
                value.put("algo", "sha256").put("oid", oids.get(file.pathInRepo())).put("size", file.size());
                lines.add(JSON.createObjectNode().put("key", "lfsFile").set("value", value).toString());
            } else {
                value.put("content", Base64.getEncoder().encodeToString(read(file.file()))).put("encoding", "base64");
                lines.add(JSON.createObjectNode().put("key", "file").set("value", value).toString());
            }
        }
        JsonNode reply = client.send("POST", repo.api() + "/commit/" + encode(revision), "application/x-ndjson",
                HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n"));
        return reply.path("commitOid").asText();
    }

    private Map<String, Boolean> uploadModes(List<LocalFile> files, String revision) {
        Map<String, Boolean> lfs = new HashMap<>();
        for (int from = 0; from < files.size(); from += PREUPLOAD_CHUNK) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("files");
            for (LocalFile file : files.subList(from, Math.min(files.size(), from + PREUPLOAD_CHUNK))) {
                list.addObject().put("path", file.pathInRepo()).put("size", file.size())
                        .put("sample", Base64.getEncoder().encodeToString(sample(file.file())));
            }
            for (JsonNode answer : client.postJson(repo.api() + "/preupload/" + encode(revision), body.toString()).path("files")) {
                lfs.put(answer.path("path").asText(), "lfs".equals(answer.path("uploadMode").asText()));
            }
        }
        files.forEach(f -> lfs.putIfAbsent(f.pathInRepo(), false));
        return lfs;
    }

    /** Sends what the hub lacks; returns each file's sha256. */
    private Map<String, String> uploadLfs(List<LocalFile> files) {
        Map<String, String> oids = new HashMap<>();
        if (files.isEmpty()) {
            return oids;
        }
        ObjectNode batch = JSON.createObjectNode().put("operation", "upload").put("hash_algo", "sha256");
        batch.putArray("transfers").add("basic").add("multipart");
        ArrayNode objects = batch.putArray("objects");
        Map<String, LocalFile> byOid = new HashMap<>();
        for (LocalFile file : files) {
            String oid = sha256(file.file());
            oids.put(file.pathInRepo(), oid);
            byOid.put(oid, file);
            objects.addObject().put("oid", oid).put("size", file.size());
        }
        JsonNode answer = client.send("POST", repo.web() + ".git/info/lfs/objects/batch", "application/vnd.git-lfs+json",
                HttpRequest.BodyPublishers.ofString(batch.toString()));
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TRANSFERS);
        try {
            List<CompletableFuture<Void>> transfers = new ArrayList<>();
            for (JsonNode object : answer.path("objects")) {
                LocalFile file = byOid.get(object.path("oid").asText());
                if (file == null) {
                    throw new HubClientException(0, "The hub's LFS answer names an object that was not asked for.",
                            Optional.empty(), Optional.empty());
                }
                if (object.has("error")) {
                    throw new HubClientException(object.path("error").path("code").asInt(), "LFS refused "
                            + file.pathInRepo() + ": " + object.path("error").path("message").asText(), Optional.empty(),
                            Optional.empty());
                }
                if (object.path("actions").path("upload").isMissingNode()) {
                    progress.note(file.pathInRepo() + " is already on the hub; not sent again.");
                    continue;
                }
                transfers.add(new LfsTransfer(client, progress, file.file(), file.pathInRepo(), file.size(),
                        object.path("oid").asText()).start(object.path("actions"), pool));
            }
            CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow(); // one failed transfer ends the upload: the others stop instead of running on
        }
        return oids;
    }

    private static byte[] sample(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try {
            return FileSlice.sha256(file, 0, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
