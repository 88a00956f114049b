package dev.hubkeep.server.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git LFS through the real git-lfs client, and the batch API's answers to bad requests. */
class LfsTest {

    private static final String LFS_JSON = "application/vnd.git-lfs+json";

    @TempDir
    Path dir;

    TestHub hub;
    GitCli git;
    Browser alice;
    String write;
    String read;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"));
        git = new GitCli(dir.resolve("home"));
        git.ok(dir, "lfs", "install");
        alice = hub.verifiedUser("alice");
        write = hub.createToken(alice, "write", "write");
        read = hub.createToken(alice, "read", "read");
        hub.createRepo(alice, "alice", "bert", true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void pushFiftyMegabytesThenCloneElsewhere_bytesIdentical() throws Exception {
        Path work = cloneWithTrackedBin(write);
        Path weights = work.resolve("weights.bin");
        writeRandom(weights, 50L * 1024 * 1024);
        git.ok(work, "add", "weights.bin");
        git.ok(work, "commit", "-q", "-m", "weights");

        git.ok(work, "push", "origin", "main");
        git.ok(dir, "clone", GitCli.url(hub.uri(), read, "alice/bert"), "elsewhere");

        assertThat(sha256(dir.resolve("elsewhere/weights.bin"))).isEqualTo(sha256(weights));
        assertThat(Files.size(dir.resolve("elsewhere/weights.bin"))).isEqualTo(50L * 1024 * 1024);
    }

    @Test
    void lfsUploadWithReadToken_refused() throws Exception {
        Path work = cloneWithTrackedBin(read);
        writeRandom(work.resolve("w.bin"), 1024);
        git.ok(work, "add", "w.bin");
        git.ok(work, "commit", "-q", "-m", "w");

        GitCli.Result push = git.run(work, "lfs", "push", "--all", "origin");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("This token's role is read");
    }

    @Test
    void batch_downloadOfUnknownObject_perObject404() {
        Response response = batch(write, "download", "a".repeat(64), 10);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("objects").get(0).path("error").path("code").asInt()).isEqualTo(404);
    }

    @Test
    void batch_badOid_perObject422() {
        Response response = batch(write, "upload", "not-a-sha", 10);

        assertThat(response.json().path("objects").get(0).path("error").path("code").asInt()).isEqualTo(422);
    }

    @Test
    void batch_objectLargerThanTheHubTakes_perObject422() {
        Response response = batch(write, "upload", "a".repeat(64), (50L << 30) + 1);

        JsonNode error = response.json().path("objects").get(0).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(422);
        assertThat(error.path("message").asText()).contains("at most " + (50L << 30) + " bytes");
    }

    @Test
    void batch_moreThanAThousandObjects_422InLfsShape() {
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i <= 1000; i++) {
            objects.append(i == 0 ? "" : ", ").append("{\"oid\": \"").append("a".repeat(64)).append("\", \"size\": 1}");
        }

        Response response = send(hub.browser().request("/alice/bert.git/info/lfs/objects/batch")
                .header("Authorization", "Bearer " + write)
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"upload\", \"objects\": [" + objects + "]}")));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("message").asText()).contains("at most 1000");
    }

    @Test
    void batch_malformedBody_422InLfsShape() {
        Response response = send(hub.browser().request("/alice/bert.git/info/lfs/objects/batch")
                .header("Authorization", "Bearer " + write)
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{not json")));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }

    @Test
    void batch_anonymousOnPrivateRepo_401AskingForBasic() {
        Response response = send(hub.browser().request("/alice/bert.git/info/lfs/objects/batch")
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"download\", \"objects\": []}")));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("LFS-Authenticate")).contains("Basic realm=\"Hubkeep\"");
    }

    @Test
    void upload_contentNotMatchingOid_422AndNothingStored() {
        byte[] content = "the real content".getBytes();
        String oid = sha256Hex(content);
        String href = batch(write, "upload", oid, content.length).json()
                .path("objects").get(0).path("actions").path("upload").path("href").asText();

        Response put = send(HttpRequest.newBuilder(java.net.URI.create(href))
                .PUT(HttpRequest.BodyPublishers.ofByteArray("something else!!".getBytes())));

        assertThat(put.status()).isEqualTo(422);
        assertThat(batch(write, "download", oid, content.length).json().path("objects").get(0).has("error")).isTrue();
    }

    @Test
    void upload_sentAsFormByCurlDefault_stillStored() {
        byte[] content = new byte[512 * 1024];
        new Random(1).nextBytes(content);
        String oid = sha256Hex(content);
        String href = batch(write, "upload", oid, content.length).json()
                .path("objects").get(0).path("actions").path("upload").path("href").asText();

        Response put = send(HttpRequest.newBuilder(java.net.URI.create(href))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));

        assertThat(put.status()).isEqualTo(200);
        assertThat(batch(write, "download", oid, content.length).json().path("objects").get(0).has("actions")).isTrue();
    }

    @Test
    void upload_linkWithAlteredSize_401() {
        byte[] content = "content".getBytes();
        String href = batch(write, "upload", sha256Hex(content), content.length).json()
                .path("objects").get(0).path("actions").path("upload").path("href").asText();

        Response put = send(HttpRequest.newBuilder(java.net.URI.create(href.replace("size=7", "size=8")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));

        assertThat(put.status()).isEqualTo(401);
    }

    @Test
    void uploadedObject_notDownloadableThroughAnotherRepo() {
        byte[] content = "private weights".getBytes();
        String oid = sha256Hex(content);
        String href = batch(write, "upload", oid, content.length).json()
                .path("objects").get(0).path("actions").path("upload").path("href").asText();
        send(HttpRequest.newBuilder(java.net.URI.create(href)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        Browser bob = hub.verifiedUser("bob");
        String bobs = hub.createToken(bob, "w", "write");
        hub.createRepo(bob, "bob", "mine", false);

        Response response = send(hub.browser().request("/bob/mine.git/info/lfs/objects/batch")
                .header("Authorization", "Bearer " + bobs)
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"operation": "download", "objects": [{"oid": "%s", "size": %d}]}""".formatted(oid, content.length))));

        assertThat(response.json().path("objects").get(0).path("error").path("code").asInt()).isEqualTo(404);
    }

    @Test
    void batch_uploadOfAnObjectOnlyAnotherRepoHolds_stillAsksForItsBytes() {
        String oid = storeInAlicesRepo("private weights".getBytes());
        String bobs = bobWithRepo();

        JsonNode object = batch(bobs, "bob/mine", "upload", oid, 15).json().path("objects").get(0);

        assertThat(object.path("actions").has("upload")).isTrue();
    }

    @Test
    void verify_ofAnObjectOnlyAnotherRepoHolds_404AndNotLinked() {
        String oid = storeInAlicesRepo("private weights".getBytes());
        String bobs = bobWithRepo();
        String verify = batch(bobs, "bob/mine", "upload", oid, 15).json()
                .path("objects").get(0).path("actions").path("verify").path("href").asText();

        Response verified = send(HttpRequest.newBuilder(java.net.URI.create(verify))
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"oid\": \"" + oid + "\", \"size\": 15}")));

        assertThat(verified.status()).isEqualTo(404);
        assertThat(batch(bobs, "bob/mine", "download", oid, 15).json().path("objects").get(0).has("error")).isTrue();
    }

    @Test
    void batch_download_linkExpiresInFiveMinutes() {
        String oid = storeInAlicesRepo("weights".getBytes());

        JsonNode download = batch(read, "download", oid, 7).json().path("objects").get(0).path("actions").path("download");

        assertThat(download.path("expires_in").asLong()).isEqualTo(300);
    }

    @Test
    void downloadLink_usedAfterItsFiveMinutes_401AskingForANewOne() {
        String oid = storeInAlicesRepo("weights".getBytes());
        String href = batch(read, "download", oid, 7).json()
                .path("objects").get(0).path("actions").path("download").path("href").asText();
        hub.clock.advance(java.time.Duration.ofMinutes(5).plusSeconds(1));

        Response response = send(HttpRequest.newBuilder(java.net.URI.create(href)).GET());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("message").asText()).contains("ask the batch endpoint for a new one");
    }

    private String storeInAlicesRepo(byte[] content) {
        String oid = sha256Hex(content);
        String href = batch(write, "upload", oid, content.length).json()
                .path("objects").get(0).path("actions").path("upload").path("href").asText();
        assertThat(send(HttpRequest.newBuilder(java.net.URI.create(href))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))).status()).isEqualTo(200);
        return oid;
    }

    private String bobWithRepo() {
        Browser bob = hub.verifiedUser("bob");
        hub.createRepo(bob, "bob", "mine", false);
        return hub.createToken(bob, "w", "write");
    }

    private Path cloneWithTrackedBin(String token) {
        git.ok(dir, "clone", GitCli.url(hub.uri(), token, "alice/bert"), "work");
        Path work = dir.resolve("work");
        git.ok(work, "lfs", "track", "*.bin");
        git.ok(work, "add", ".gitattributes");
        git.ok(work, "commit", "-q", "--allow-empty", "-m", "track bin");
        return work;
    }

    private Response batch(String token, String operation, String oid, long size) {
        return batch(token, "alice/bert", operation, oid, size);
    }

    private Response batch(String token, String repo, String operation, String oid, long size) {
        return send(hub.browser().request("/" + repo + ".git/info/lfs/objects/batch")
                .header("Authorization", "Bearer " + token)
                .header("Accept", LFS_JSON)
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"operation": "%s", "transfers": ["basic"], "objects": [{"oid": "%s", "size": %d}]}"""
                        .formatted(operation, oid, size))));
    }

    private Response send(HttpRequest.Builder request) {
        return hub.browser().send(request.build());
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
