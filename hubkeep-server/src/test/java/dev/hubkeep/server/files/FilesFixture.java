package dev.hubkeep.server.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Builds commits and LFS uploads the way the Hub's clients send them, for the files API tests. */
final class FilesFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    private FilesFixture() {}

    /** NDJSON commit body: a header, then the given operation lines. */
    static String commit(String summary, String... operations) {
        List<String> lines = new ArrayList<>();
        lines.add("{\"key\":\"header\",\"value\":{\"summary\":" + quote(summary) + ",\"description\":\"\"}}");
        lines.addAll(List.of(operations));
        return String.join("\n", lines) + "\n";
    }

    static String commitWithParent(String summary, String parent, String... operations) {
        List<String> lines = new ArrayList<>();
        lines.add("{\"key\":\"header\",\"value\":{\"summary\":" + quote(summary) + ",\"parentCommit\":\"" + parent + "\"}}");
        lines.addAll(List.of(operations));
        return String.join("\n", lines) + "\n";
    }

    static String file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    static String file(String path, byte[] content) {
        return "{\"key\":\"file\",\"value\":{\"path\":" + quote(path) + ",\"content\":\""
                + Base64.getEncoder().encodeToString(content) + "\",\"encoding\":\"base64\"}}";
    }

    static String lfsFile(String path, String oid, long size) {
        return "{\"key\":\"lfsFile\",\"value\":{\"path\":" + quote(path) + ",\"algo\":\"sha256\",\"oid\":\"" + oid
                + "\",\"size\":" + size + "}}";
    }

    static String deletedFile(String path) {
        return "{\"key\":\"deletedFile\",\"value\":{\"path\":" + quote(path) + "}}";
    }

    static String deletedFolder(String path) {
        return "{\"key\":\"deletedFolder\",\"value\":{\"path\":" + quote(path) + "}}";
    }

    /** Commits and returns the new commit's sha; fails the test if the hub refused. */
    static String commitOk(TokenClient client, String repoApi, String branch, String body) {
        Response response = client.postNdjson(repoApi + "/commit/" + branch, body);
        if (response.status() != 200) {
            throw new AssertionError("commit refused: " + response.status() + " " + response.body());
        }
        return response.json().path("commitOid").asText();
    }

    /** Uploads {@code content} through the LFS batch API and its signed href, as the clients do. */
    static String uploadLfs(TokenClient client, String gitPath, byte[] content) {
        String oid = sha256(content);
        ObjectNode batch = JSON.createObjectNode();
        batch.put("operation", "upload");
        batch.putArray("transfers").add("basic");
        batch.put("hash_algo", "sha256");
        batch.putArray("objects").addObject().put("oid", oid).put("size", content.length);
        Response reply = client.send(client.request(gitPath + "/info/lfs/objects/batch")
                .header("Content-Type", "application/vnd.git-lfs+json")
                .header("Accept", "application/vnd.git-lfs+json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                .build());
        String href = reply.json().path("objects").get(0).path("actions").path("upload").path("href").asText();
        if (!href.isEmpty()) {
            Response put = client.send(HttpRequest.newBuilder(URI.create(href))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                    .build());
            if (put.status() != 200) {
                throw new AssertionError("LFS upload refused: " + put.status() + " " + put.body());
            }
        }
        return oid;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The git blob id of {@code content}: sha1 over "blob <size>\0" and the bytes. */
    static String gitBlobId(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
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
