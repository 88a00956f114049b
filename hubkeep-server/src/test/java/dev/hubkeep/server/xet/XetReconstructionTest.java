package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads through the Xet CAS over HTTP: a file uploaded (xorb, then shard) is described by its
 * reconstruction, whose signed xorb links, fetched without credentials, give back its bytes.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(DatabaseKind.class)
class XetReconstructionTest {

    @org.junit.jupiter.params.Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    String aliceWrite;
    byte[] first;
    byte[] second;
    XetHash file;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        alice = hub.verifiedUser("alice");
        hub.createRepo(alice, "alice", "model", false);
        aliceWrite = hub.createToken(alice, "writer", "write");
        Random random = new Random(14);
        first = new byte[10_000];
        second = new byte[20_000];
        random.nextBytes(first);
        random.nextBytes(second);
        XorbBuilder builder = new XorbBuilder(new ChunkCodec()).add(first, CompressionScheme.NONE).add(second, CompressionScheme.LZ4);
        file = MerkleHash.fileHash(List.of(new MerkleNode(KeyedHash.chunk(first), first.length),
                new MerkleNode(KeyedHash.chunk(second), second.length)));
        String write = token("alice/model", "write");
        assertThat(post("/v1/xorbs/default/" + builder.hash().hex(), write, builder.build()).status()).isEqualTo(200);
        ShardTerm term = new ShardTerm(builder.hash(), first.length + second.length, 0, 2, Optional.empty());
        assertThat(post("/v1/shards", write, new XetShardWriter().file(file, List.of(term), Optional.empty()).build()).status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void reconstruction_wholeFile_oneTermFromTheStart() {
        Response response = get("/v1/reconstructions/" + file.hex(), token("alice/model", "read"), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("offset_into_first_range").asLong()).isZero();
        assertThat(response.json().path("terms").get(0).path("unpacked_length").asLong()).isEqualTo(first.length + second.length);
    }

    @Test
    void reconstruction_linksFetchedWithoutCredentials_giveBackTheFile() {
        JsonNode plan = get("/v1/reconstructions/" + file.hex(), token("alice/model", "read"), null).json();

        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        for (JsonNode term : plan.path("terms")) {
            JsonNode fetch = plan.path("fetch_info").path(term.path("hash").asText()).get(0);
            byte[] stored = fetchLink(fetch.path("url").asText(), fetch.path("url_range")).body();
            Xorb chunks = Xorb.parse(stored, new ChunkCodec());
            chunks.chunks().forEach(c -> rebuilt.writeBytes(Xorb.rawChunk(stored, c, new ChunkCodec())));
        }

        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(rebuilt.toByteArray()).isEqualTo(expected);
    }

    @Test
    void reconstructionV2_oneRangePerLink_linksGiveBackTheFile() {
        JsonNode plan = get("/v2/reconstructions/" + file.hex(), token("alice/model", "read"), null).json();

        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        for (JsonNode term : plan.path("terms")) {
            JsonNode entry = plan.path("xorbs").path(term.path("hash").asText()).get(0);
            assertThat(entry.path("ranges").size()).isEqualTo(1);
            byte[] stored = fetchLink(entry.path("url").asText(), entry.path("ranges").get(0).path("bytes")).body();
            Xorb chunks = Xorb.parse(stored, new ChunkCodec());
            chunks.chunks().forEach(c -> rebuilt.writeBytes(Xorb.rawChunk(stored, c, new ChunkCodec())));
        }

        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(rebuilt.toByteArray()).isEqualTo(expected);
    }

    @Test
    void reconstruction_rangeInsideTheFile_offsetIntoFirstTerm() {
        Response response = get("/v1/reconstructions/" + file.hex(), token("alice/model", "read"), "bytes=15000-15999");

        assertThat(response.json().path("offset_into_first_range").asLong()).isEqualTo(15000);
    }

    @Test
    void reconstruction_rangeEndPastTheFile_clamped200() {
        Response response = get("/v1/reconstructions/" + file.hex(), token("alice/model", "read"), "bytes=0-999999999");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void reconstruction_rangeFromTheEnd_416() {
        Response response = get("/v1/reconstructions/" + file.hex(), token("alice/model", "read"),
                "bytes=" + (first.length + second.length) + "-999999999");

        assertThat(response.status()).isEqualTo(416);
    }

    @Test
    void reconstruction_fileRecordedForAnotherRepository_404() {
        hub.createRepo(alice, "alice", "other", false);

        Response response = get("/v1/reconstructions/" + file.hex(), token("alice/other", "read"), null);

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void xorbLink_alteredSignature_403() {
        JsonNode plan = get("/v1/reconstructions/" + file.hex(), token("alice/model", "read"), null).json();
        JsonNode fetch = plan.path("fetch_info").elements().next().get(0);
        String url = fetch.path("url").asText();
        String altered = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");

        assertThat(fetchLink(altered, fetch.path("url_range")).statusCode()).isEqualTo(403);
    }

    @Test
    void xorbLink_rangeBeyondTheSignedOne_403() {
        JsonNode plan = get("/v1/reconstructions/" + file.hex(), token("alice/model", "read"), null).json();
        JsonNode fetch = plan.path("fetch_info").elements().next().get(0);
        HttpRequest request = HttpRequest.newBuilder(URI.create(fetch.path("url").asText()))
                .header("Range", "bytes=0-" + (fetch.path("url_range").path("end").asLong() + 1)).GET().build();

        assertThat(hub.browser().sendForBytes(request).statusCode()).isEqualTo(403);
    }

    private HttpResponse<byte[]> fetchLink(String url, JsonNode urlRange) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Range", "bytes=" + urlRange.path("start").asLong() + "-" + urlRange.path("end").asLong())
                .GET().build();
        return hub.browser().sendForBytes(request);
    }

    private String token(String repo, String scope) {
        return hub.withToken(aliceWrite).get("/api/models/" + repo + "/xet-" + scope + "-token/main").json().path("accessToken").asText();
    }

    private Response post(String casPath, String xetToken, byte[] body) {
        Browser client = hub.browser();
        return client.send(client.request("/xet-cas" + casPath)
                .header("Authorization", "Bearer " + xetToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private Response get(String casPath, String xetToken, String range) {
        Browser client = hub.browser();
        HttpRequest.Builder request = client.request("/xet-cas" + casPath).header("Authorization", "Bearer " + xetToken);
        if (range != null) {
            request.header("Range", range);
        }
        return client.send(request.GET().build());
    }
}
