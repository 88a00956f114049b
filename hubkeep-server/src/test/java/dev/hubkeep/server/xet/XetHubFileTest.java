package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub side of Xet over HTTP: a file uploaded through the CAS (xorb, then a shard giving its
 * SHA-256) is committed as an {@code lfsFile}, listed with its {@code xetHash}, described to Xet
 * clients by {@code /resolve/}, and served as plain bytes to every other client (resolve, ranges,
 * the LFS batch API that git-lfs uses).
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(DatabaseKind.class)
class XetHubFileTest {

    private static final String API = "/api/models/alice/model";

    @org.junit.jupiter.params.Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    TokenClient aliceWrite;
    String aliceWriteValue;
    byte[] content;
    String sha256;
    XetHash file;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
        hub.createRepo(alice, "alice", "model", false);
        aliceWriteValue = hub.createToken(alice, "writer", "write");
        aliceWrite = hub.withToken(aliceWriteValue);
        Random random = new Random(17);
        byte[] first = new byte[10_000];
        byte[] second = new byte[20_000];
        random.nextBytes(first);
        Arrays.fill(second, (byte) 'x'); // compresses: stored as LZ4, decoded when served
        content = concat(first, second);
        sha256 = sha256(content);
        file = upload("alice/model", Optional.of(sha256), first, second);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void commit_lfsFileKnownFromTheRepositorysShard_accepted() {
        Response response = commit("model.bin", sha256, content.length);

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void commit_lfsFileRecordedOnlyThroughAnotherRepository_refusedNamingTheUpload() {
        hub.createRepo(alice, "alice", "other", false);

        Response response = aliceWrite.postNdjson("/api/models/alice/other/commit/main",
                commitBody("model.bin", sha256, content.length));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).contains("was not uploaded to this repository");
    }

    @Test
    void shard_sha256NotTheFilesBytes_400AndNothingRecorded() {
        String wrong = sha256("something else".getBytes());
        Response response = postShard("alice/model", file, wrong);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).contains("SHA-256").contains("Nothing was recorded");
        assertThat(commit("wrong.bin", wrong, content.length).status()).isEqualTo(400);
    }

    @Test
    void tree_entryOfAFileUploadedThroughXet_carriesItsXetHash() {
        commit("model.bin", sha256, content.length);

        JsonNode entry = aliceWrite.get(API + "/tree/main").json().findParents("path").stream()
                .filter(e -> e.path("path").asText().equals("model.bin")).findFirst().orElseThrow();

        assertThat(entry.path("xetHash").asText()).isEqualTo(file.hex());
        assertThat(entry.path("lfs").path("oid").asText()).isEqualTo(sha256);
    }

    @Test
    void resolve_plainGet_rebuildsTheBytes() {
        commit("model.bin", sha256, content.length);

        HttpResponse<byte[]> response = aliceWrite.sendForBytes(aliceWrite.request("/alice/model/resolve/main/model.bin").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
    }

    @Test
    void resolve_rangeAcrossTwoChunks_206WithThoseBytes() {
        commit("model.bin", sha256, content.length);

        HttpResponse<byte[]> response = aliceWrite.sendForBytes(aliceWrite.request("/alice/model/resolve/main/model.bin")
                .header("Range", "bytes=9990-10009").GET().build());

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 9990, 10010));
    }

    @Test
    void resolve_head_namesTheXetHashAndTheReadTokenEndpoint() {
        String commit = commitOk("model.bin");

        HttpResponse<byte[]> response = aliceWrite.sendForBytes(aliceWrite.request("/alice/model/resolve/main/model.bin")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.headers().firstValue("X-Xet-Hash")).contains(file.hex());
        assertThat(response.headers().firstValue("X-Linked-Size")).contains(Integer.toString(content.length));
        assertThat(response.headers().firstValue("Link").orElseThrow())
                .contains("<" + hub.uri().resolve(API + "/xet-read-token/" + commit) + ">; rel=\"xet-auth\"");
    }

    @Test
    void resolve_askingForXetFileInfo_getsTheDescriptionNotTheBytes() {
        commit("model.bin", sha256, content.length);

        Response response = aliceWrite.send(aliceWrite.request("/alice/model/resolve/main/model.bin")
                .header("Accept", "application/vnd.xet-fileinfo+json, */*").header("Range", "bytes=0-0").GET().build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/vnd.xet-fileinfo+json");
        assertThat(response.json().path("hash").asText()).isEqualTo(file.hex());
        assertThat(response.header("Link").orElseThrow()).contains("rel=\"xet-reconstruction-info\"");
    }

    @Test
    void resolve_xetSwitchedOff_bytesServedWithoutXetHeaders() {
        commit("model.bin", sha256, content.length);
        hub = hub.restart(config -> config.withXet(false));
        TokenClient client = hub.withToken(aliceWriteValue);

        HttpResponse<byte[]> response = client.sendForBytes(client.request("/alice/model/resolve/main/model.bin").GET().build());

        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("X-Xet-Hash")).isEmpty();
    }

    @Test
    void lfsBatchDownload_linkServesTheRebuiltBytes() {
        commit("model.bin", sha256, content.length);

        JsonNode answer = batch("download", "basic");
        String href = answer.path("objects").get(0).path("actions").path("download").path("href").asText();

        assertThat(hub.browser().sendForBytes(HttpRequest.newBuilder(URI.create(href)).GET().build()).body()).isEqualTo(content);
    }

    @Test
    void lfsBatchUpload_clientOfferingXet_getsAXetWriteToken() {
        JsonNode answer = batch("upload", "xet", "other-object");

        JsonNode upload = answer.path("objects").get(0).path("actions").path("upload");
        assertThat(answer.path("transfer").asText()).isEqualTo("xet");
        assertThat(upload.path("header").path("X-Xet-Access-Token").asText()).startsWith("xet_");
        assertThat(upload.path("href").asText()).isEqualTo(hub.uri().resolve(API + "/xet-write-token/main").toString());
    }

    @Test
    void lfsBatchUpload_objectAlreadyStoredThroughXet_noActions() {
        JsonNode answer = batch("upload", "xet");

        assertThat(answer.path("objects").get(0).has("actions")).isFalse();
    }

    @Test
    void lfsBatchUpload_clientNotOfferingXet_basic() {
        assertThat(batch("upload", "basic", "other-object").path("transfer").asText()).isEqualTo("basic");
    }

    // --- helpers

    /** Uploads the chunks as one xorb and a shard recording them as one file; returns the file's hash. */
    private XetHash upload(String repo, Optional<String> sha, byte[]... chunks) {
        XorbBuilder builder = new XorbBuilder(new ChunkCodec());
        long length = 0;
        List<MerkleNode> nodes = new java.util.ArrayList<>();
        for (byte[] chunk : chunks) {
            builder.add(chunk, CompressionScheme.LZ4);
            nodes.add(new MerkleNode(KeyedHash.chunk(chunk), chunk.length));
            length += chunk.length;
        }
        String write = xetToken(repo, "write");
        assertThat(post("/v1/xorbs/default/" + builder.hash().hex(), write, builder.build()).status()).isEqualTo(200);
        XetHash hash = MerkleHash.fileHash(nodes);
        ShardTerm term = new ShardTerm(builder.hash(), length, 0, chunks.length, Optional.empty());
        byte[] shard = new XetShardWriter().file(hash, List.of(term), sha).build();
        assertThat(post("/v1/shards", write, shard).status()).isEqualTo(200);
        this.lastTerm = term;
        return hash;
    }

    private ShardTerm lastTerm;

    private Response postShard(String repo, XetHash hash, String sha) {
        byte[] shard = new XetShardWriter().file(hash, List.of(lastTerm), Optional.of(sha)).build();
        return post("/v1/shards", xetToken(repo, "write"), shard);
    }

    private Response commit(String path, String oid, long size) {
        return aliceWrite.postNdjson(API + "/commit/main", commitBody(path, oid, size));
    }

    private String commitOk(String path) {
        Response response = commit(path, sha256, content.length);
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("commitOid").asText();
    }

    private static String commitBody(String path, String oid, long size) {
        return "{\"key\":\"header\",\"value\":{\"summary\":\"add " + path + "\"}}\n"
                + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"" + path + "\",\"algo\":\"sha256\",\"oid\":\"" + oid
                + "\",\"size\":" + size + "}}\n";
    }

    /** An LFS batch call for the uploaded file (or, with {@code other-object}, one the hub does not hold). */
    private JsonNode batch(String operation, String transfer, String... other) {
        String oid = other.length > 0 ? sha256(other[0].getBytes()) : sha256;
        String body = "{\"operation\":\"" + operation + "\",\"transfers\":[\"basic\",\"" + transfer + "\"],\"hash_algo\":\"sha_256\","
                + "\"ref\":{\"name\":\"main\"},\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + content.length + "}]}";
        Response response = aliceWrite.send(aliceWrite.request("/alice/model.git/info/lfs/objects/batch")
                .header("Content-Type", "application/vnd.git-lfs+json").header("Accept", "application/vnd.git-lfs+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private String xetToken(String repo, String scope) {
        return aliceWrite.get("/api/models/" + repo + "/xet-" + scope + "-token/main").json().path("accessToken").asText();
    }

    private Response post(String casPath, String xetToken, byte[] body) {
        Browser client = hub.browser();
        return client.send(client.request("/xet-cas" + casPath)
                .header("Authorization", "Bearer " + xetToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
