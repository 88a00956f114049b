package dev.hubkeep.server.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/** Commits files as the Hub's clients do, and waits for their scan status, for the scanning tests. */
final class ScanClient {

    static final Duration SCAN_DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenClient client;
    private final String api;

    /** {@code repo}: {@code ns/name} of a model. */
    ScanClient(TokenClient client, String repo) {
        this.client = client;
        this.api = "/api/models/" + repo;
    }

    String api() {
        return api;
    }

    /** Commits one file with this content to main; returns the commit id. */
    String commitFile(String path, byte[] content) {
        return commit("{\"key\":\"file\",\"value\":{\"path\":" + quote(path) + ",\"content\":\""
                + Base64.getEncoder().encodeToString(content) + "\",\"encoding\":\"base64\"}}");
    }

    /** Uploads the content through LFS (batch API and its href), then commits it at {@code path}. */
    String commitLfsFile(String gitPath, String path, byte[] content) {
        return commitLfs(path, uploadLfs(gitPath, content), content.length);
    }

    /** Uploads the content through LFS only; returns its oid. */
    String uploadLfs(String gitPath, byte[] content) {
        String oid = sha256(content);
        String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"hash_algo\":\"sha256\",\"objects\":[{\"oid\":\""
                + oid + "\",\"size\":" + content.length + "}]}";
        Response reply = client.send(client.request(gitPath + "/info/lfs/objects/batch")
                .header("Content-Type", "application/vnd.git-lfs+json")
                .header("Accept", "application/vnd.git-lfs+json")
                .POST(HttpRequest.BodyPublishers.ofString(batch))
                .build());
        String href = reply.json().path("objects").get(0).path("actions").path("upload").path("href").asText();
        if (!href.isEmpty()) {
            Response put = client.send(HttpRequest.newBuilder(URI.create(href)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
            if (put.status() != 200) {
                throw new AssertionError("LFS upload refused: " + put.status() + " " + put.body());
            }
        }
        return oid;
    }

    /** A git-lfs batch download request for one object, as {@code caller}: the answer's one object. */
    static JsonNode lfsDownload(TokenClient caller, String gitPath, String oid, long size) {
        String batch = "{\"operation\":\"download\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"" + oid
                + "\",\"size\":" + size + "}]}";
        return caller.send(caller.request(gitPath + "/info/lfs/objects/batch")
                .header("Content-Type", "application/vnd.git-lfs+json")
                .header("Accept", "application/vnd.git-lfs+json")
                .POST(HttpRequest.BodyPublishers.ofString(batch))
                .build()).json().path("objects").get(0);
    }

    /** Commits an uploaded LFS object at {@code path}. */
    String commitLfs(String path, String oid, long size) {
        return commit("{\"key\":\"lfsFile\",\"value\":{\"path\":" + quote(path) + ",\"algo\":\"sha256\",\"oid\":\"" + oid
                + "\",\"size\":" + size + "}}");
    }

    private String commit(String operation) {
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"add\",\"description\":\"\"}}\n" + operation + "\n";
        Response response = client.postNdjson(api + "/commit/main", body);
        if (response.status() != 200) {
            throw new AssertionError("commit refused: " + response.status() + " " + response.body());
        }
        return response.json().path("commitOid").asText();
    }

    /** The file's securityFileStatus from paths-info with expand. */
    JsonNode status(String path) {
        Response response = client.postJson(api + "/paths-info/main", "{\"paths\":[" + quote(path) + "],\"expand\":true}");
        if (response.status() != 200) {
            throw new AssertionError("paths-info: " + response.status() + " " + response.body());
        }
        return response.json().get(0).path("securityFileStatus");
    }

    /** Waits until the file's scan is over (its status no longer queued); returns its securityFileStatus. */
    JsonNode scanned(String path) {
        JsonNode[] last = new JsonNode[1];
        Await.until(SCAN_DEADLINE, path + " to be scanned", () -> {
            last[0] = status(path);
            return !last[0].path("status").asText().equals("queued");
        });
        return last[0];
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
