package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Xet CAS over HTTP, with Xet tokens from the token endpoints: xorb and shard uploads, what is
 * refused and that a refusal stores nothing, and that a Xet token stops working with its hub token.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(DatabaseKind.class)
class XetCasEndpointTest {

    @org.junit.jupiter.params.Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    String aliceWrite;
    /** Two raw chunks and the xorb holding them. */
    byte[] first;
    byte[] second;
    byte[] xorb;
    XetHash xorbHash;

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
        xorb = builder.build();
        xorbHash = builder.hash();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    // --- xorbs ---

    @Test
    void uploadXorb_valid_wasInsertedTrue() {
        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), writeToken(), xorb);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("was_inserted").asBoolean()).isTrue();
    }

    @Test
    void uploadXorb_valid_storedUnderTheDataDirectoryByHash() throws Exception {
        post("/v1/xorbs/default/" + xorbHash.hex(), writeToken(), xorb);

        Path stored = hub.dataDir().resolve("xet/xorbs").resolve(xorbHash.hex().substring(0, 2)).resolve(xorbHash.hex());
        assertThat(Files.readAllBytes(stored)).isEqualTo(xorb);
    }

    @Test
    void uploadXorb_largerThanTheJsonBodyLimit_accepted() {
        XorbBuilder builder = new XorbBuilder(new ChunkCodec());
        Random random = new Random(5);
        for (int i = 0; i < 40; i++) {
            byte[] chunk = new byte[128 * 1024];
            random.nextBytes(chunk);
            builder.add(chunk, CompressionScheme.NONE);
        }

        Response response = post("/v1/xorbs/default/" + builder.hash().hex(), writeToken(), builder.build());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void uploadXorb_64MiBOfChunkDataWithTheirHeaders_accepted() {
        // What hf_xet sends for incompressible data: xet-core's 64 MiB bounds the chunk data, and the
        // 8-byte chunk headers come on top (a cap of exactly 64 MiB refused it with 413).
        XorbBuilder builder = new XorbBuilder(new ChunkCodec());
        Random random = new Random(64);
        byte[] chunk = new byte[128 * 1024];
        for (int i = 0; i < 512; i++) {
            random.nextBytes(chunk);
            builder.add(chunk.clone(), CompressionScheme.NONE);
        }
        byte[] body = builder.build();
        assertThat(body.length).isGreaterThan(64 * 1024 * 1024);

        Response response = post("/v1/xorbs/default/" + builder.hash().hex(), writeToken(), body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void uploadXorb_twice_secondWasInsertedFalse() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        assertThat(response.json().path("was_inserted").asBoolean()).isFalse();
    }

    @Test
    void uploadXorb_underAnotherHash_400SayingWhatItHashesTo() {
        XetHash other = XetHash.fromBytes(new byte[32]);

        Response response = post("/v1/xorbs/default/" + other.hex(), writeToken(), xorb);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("hash to " + xorbHash.hex()).contains("Nothing was stored");
    }

    @Test
    void uploadXorb_corrupt_400AndNothingStored() throws Exception {
        byte[] corrupt = xorb.clone();
        corrupt[100] ^= 1;

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), writeToken(), corrupt);

        assertThat(response.status()).isEqualTo(400);
        assertThat(storedXorbs()).isEmpty();
    }

    @Test
    void uploadXorb_moreChunksThanTheCap_400NamingTheCap() {
        XorbBuilder builder = new XorbBuilder(new ChunkCodec());
        for (int i = 0; i <= CasService.MAX_XORB_CHUNKS; i++) {
            builder.add(new byte[] {(byte) i}, CompressionScheme.NONE);
        }

        Response response = post("/v1/xorbs/default/" + builder.hash().hex(), writeToken(), builder.build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("more than " + CasService.MAX_XORB_CHUNKS + " chunks");
    }

    @Test
    void uploadXorb_badHashInPath_400() {
        Response response = post("/v1/xorbs/default/not-a-hash", writeToken(), xorb);

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void uploadXorb_readXetToken_403AskingForAWriteToken() {
        String read = hub.withToken(aliceWrite).get("/api/models/alice/model/xet-read-token/main").json().path("accessToken").asText();

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), read, xorb);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).contains("xet-write-token");
    }

    @Test
    void uploadXorb_hubTokenInsteadOfXetToken_401() {
        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), aliceWrite, xorb);

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void uploadXorb_refusedWithAFewMegabytesOfBody_clientStillReadsThe401() {
        byte[] body = new byte[5 * 1024 * 1024];

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), "xet_not-a-token", body);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).contains("Ask the hub for a new one");
    }

    @Test
    void uploadXorb_alteredXetToken_401() {
        String token = writeToken();
        String altered = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), altered, xorb);

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void uploadXorb_afterXetTokenExpired_401() {
        String token = writeToken();
        hub.clock.advance(java.time.Duration.ofMinutes(15));

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void uploadXorb_afterTheHubTokenIsRevoked_401AndNothingStored() throws Exception {
        String token = writeToken();
        alice.deleteJson("/api/settings/tokens/" + tokenId(alice, "writer"), "{}");

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).contains("revoked");
        assertThat(storedXorbs()).isEmpty();
    }

    @Test
    void uploadXorb_withASessionsXetToken_accepted() {
        String token = alice.get("/api/models/alice/model/xet-write-token/main").json().path("accessToken").asText();

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void uploadXorb_afterTheSessionItCameFromSignedOut_401() throws Exception {
        String token = alice.get("/api/models/alice/model/xet-write-token/main").json().path("accessToken").asText();
        assertThat(alice.postJson("/api/logout", "{}").status()).isEqualTo(204);

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).contains("session this Xet token was issued to has ended");
        assertThat(storedXorbs()).isEmpty();
    }

    @Test
    void uploadXorb_afterTheUserLostWriteAccess_403() {
        hub.createOrg(alice, "acme");
        hub.createRepo(alice, "acme", "shared", false);
        Browser bob = hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "write");
        String bobWrite = hub.createToken(bob, "writer", "write");
        String token = hub.withToken(bobWrite).get("/api/models/acme/shared/xet-write-token/main").json().path("accessToken").asText();
        hub.addMember(alice, "acme", "bob", "read");

        Response response = post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        assertThat(response.status()).isEqualTo(403);
    }

    // --- shards ---

    @Test
    void uploadShard_termsOnAStoredXorb_result1() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        Response response = post("/v1/shards", token, shardOfWholeXorb());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("result").asInt()).isEqualTo(1);
    }

    @Test
    void uploadShard_realHfXetXorbAndShard_result1() {
        byte[] stored = XetVectors.resource("hf_xet-lz4.xorb");
        Xorb parsed = Xorb.parse(stored, new ChunkCodec());
        byte[] kept = XetVectors.resource("hf_xet-lz4.shard");
        byte[] shard = java.util.Arrays.copyOf(kept, uploadFormLength(Shard.parse(kept)));
        java.util.Arrays.fill(shard, 40, 48, (byte) 0); // as uploaded: no footer announced
        String token = writeToken();
        post("/v1/xorbs/default/" + parsed.hash().hex(), token, java.util.Arrays.copyOf(stored, parsed.chunksEnd()));

        Response response = post("/v1/shards", token, shard);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("result").asInt()).isEqualTo(1);
    }

    @Test
    void uploadShard_sameAgain_result0() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);
        post("/v1/shards", token, shardOfWholeXorb());

        Response response = post("/v1/shards", token, shardOfWholeXorb());

        assertThat(response.json().path("result").asInt()).isEqualTo(0);
    }

    @Test
    void uploadShard_fileRepeatingAStoredRangePastTheVerificationBudget_429BeforeHashing() {
        hub = hub.restart(config -> config.withLimits(config.limits().withXetVerifyAllowance(4096)));
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        Response response = post("/v1/shards", token, shardRepeatingWholeXorb(100));

        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isPresent();
        assertThat(response.error()).contains("verification budget").contains("Upload the shard again in");
    }

    @Test
    void uploadShard_fileRepeatingAStoredRangeWithinTheBudget_accepted() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);

        Response response = post("/v1/shards", token, shardRepeatingWholeXorb(100));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void uploadShard_fileRecordedBeforeUnderTheSameSha256_costsNoBudget() {
        hub = hub.restart(config -> config.withLimits(config.limits().withXetVerifyAllowance(4096)));
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);
        post("/v1/shards", token, shardOfWholeXorb()); // leaves 2 KiB of the budget: too little to hash the file again

        Response response = post("/v1/shards", token, shardOfWholeXorb());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void uploadShard_fileRecordedBeforeUnderAnotherSha256_400() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);
        post("/v1/shards", token, shardOfWholeXorb());
        XetHash verification = KeyedHash.verification(List.of(KeyedHash.chunk(first), KeyedHash.chunk(second)));
        ShardTerm term = new ShardTerm(xorbHash, first.length + second.length, 0, 2, Optional.of(verification));

        Response response = post("/v1/shards", token,
                new XetShardWriter().file(fileHash(), List.of(term), Optional.of("0".repeat(64))).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("hash to " + sha256OfFile());
    }

    @Test
    void uploadShard_xorbUploadedThroughAnotherRepo_accepted() {
        hub.createRepo(alice, "alice", "other", false);
        post("/v1/xorbs/default/" + xorbHash.hex(), writeToken(), xorb);
        String otherToken = hub.withToken(aliceWrite).get("/api/models/alice/other/xet-write-token/main").json().path("accessToken").asText();

        Response response = post("/v1/shards", otherToken, shardOfWholeXorb());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void uploadShard_xorbNotStored_400NamingTheXorbToUpload() {
        Response response = post("/v1/shards", writeToken(), shardOfWholeXorb());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("POST /v1/xorbs/default/" + xorbHash.hex());
    }

    @Test
    void uploadShard_termPastTheXorbsEnd_400() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);
        ShardTerm term = new ShardTerm(xorbHash, first.length + second.length, 0, 3, Optional.empty());

        Response response = post("/v1/shards", token, new XetShardWriter().file(fileHash(), List.of(term), Optional.empty()).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("which holds 2 chunks");
    }

    @Test
    void uploadShard_termEndPastAnyXorbsChunks_400NotAServerError() {
        ShardTerm term = new ShardTerm(xorbHash, 1, 0, -1, Optional.empty()); // written as 0xFFFFFFFF

        Response response = post("/v1/shards", writeToken(), new XetShardWriter().file(fileHash(), List.of(term), Optional.empty()).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("past the 8192 chunks a xorb may hold");
    }

    @Test
    void uploadShard_namingMoreChunksThanTheCap_400BeforeAnythingIsChecked() {
        ShardTerm term = new ShardTerm(xorbHash, 1, 0, CasService.MAX_XORB_CHUNKS, Optional.empty());
        int terms = (int) (CasService.MAX_SHARD_CHUNK_REFERENCES / CasService.MAX_XORB_CHUNKS) + 1;

        Response response = post("/v1/shards", writeToken(),
                new XetShardWriter().file(fileHash(), java.util.Collections.nCopies(terms, term), Optional.empty()).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("Upload the files in several shards");
    }

    @Test
    void uploadShard_wrongTermLength_400() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);
        ShardTerm term = new ShardTerm(xorbHash, first.length, 0, 2, Optional.empty());

        Response response = post("/v1/shards", token, new XetShardWriter().file(fileHash(), List.of(term), Optional.empty()).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("hold " + (first.length + second.length));
    }

    @Test
    void uploadShard_wrongVerificationHash_400() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);
        ShardTerm term = new ShardTerm(xorbHash, first.length + second.length, 0, 2, Optional.of(XetHash.fromBytes(new byte[32])));

        Response response = post("/v1/shards", token, new XetShardWriter().file(fileHash(), List.of(term), Optional.empty()).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("verification hash");
    }

    @Test
    void uploadShard_wrongFileHash_400() {
        String token = writeToken();
        post("/v1/xorbs/default/" + xorbHash.hex(), token, xorb);
        ShardTerm term = new ShardTerm(xorbHash, first.length + second.length, 0, 2, Optional.empty());

        Response response = post("/v1/shards", token,
                new XetShardWriter().file(XetHash.fromBytes(new byte[32]), List.of(term), Optional.empty()).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("file hash is " + fileHash().hex());
    }

    @Test
    void uploadShard_notAShard_400() {
        Response response = post("/v1/shards", writeToken(), new byte[] {1, 2, 3});

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).startsWith("The shard is not valid");
    }

    @Test
    void uploadShardV2_404SoClientsFallBackToV1() {
        Response response = post("/v2/shards", writeToken(), shardOfWholeXorb());

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void globalDedupQuery_default_404() {
        Response response = get("/v1/chunks/default/" + xorbHash.hex(), writeToken());

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void globalDedupQuery_defaultMerkledb_404() {
        Response response = get("/v1/chunks/default-merkledb/" + xorbHash.hex(), writeToken());

        assertThat(response.status()).isEqualTo(404);
    }

    // --- helpers ---

    private String writeToken() {
        return hub.withToken(aliceWrite).get("/api/models/alice/model/xet-write-token/main").json().path("accessToken").asText();
    }

    /** Where hf_xet's upload of a shard ends: header, files, bookend, xorbs, bookend. */
    private static int uploadFormLength(Shard shard) {
        int end = Shard.HEADER_LENGTH + 48;
        for (ShardFile f : shard.files()) {
            end += 48 + f.terms().size() * 48 * (f.terms().getFirst().verification().isPresent() ? 2 : 1)
                    + (f.sha256().isPresent() ? 48 : 0);
        }
        end += 48;
        for (ShardXorb x : shard.xorbs()) {
            end += 48 + x.chunks().size() * 48;
        }
        return end;
    }

    private XetHash fileHash() {
        return MerkleHash.fileHash(List.of(new MerkleNode(KeyedHash.chunk(first), first.length),
                new MerkleNode(KeyedHash.chunk(second), second.length)));
    }

    private byte[] shardOfWholeXorb() {
        XetHash verification = KeyedHash.verification(List.of(KeyedHash.chunk(first), KeyedHash.chunk(second)));
        ShardTerm term = new ShardTerm(xorbHash, first.length + second.length, 0, 2, Optional.of(verification));
        return new XetShardWriter().file(fileHash(), List.of(term), Optional.of(sha256OfFile())).build();
    }

    /** A shard naming one file that is the xorb's two chunks {@code times} over: small to send, large to hash. */
    private byte[] shardRepeatingWholeXorb(int times) {
        XetHash verification = KeyedHash.verification(List.of(KeyedHash.chunk(first), KeyedHash.chunk(second)));
        ShardTerm term = new ShardTerm(xorbHash, first.length + second.length, 0, 2, Optional.of(verification));
        List<MerkleNode> nodes = new ArrayList<>();
        java.security.MessageDigest digest = sha256Digest();
        for (int i = 0; i < times; i++) {
            nodes.add(new MerkleNode(KeyedHash.chunk(first), first.length));
            nodes.add(new MerkleNode(KeyedHash.chunk(second), second.length));
            digest.update(first);
            digest.update(second);
        }
        return new XetShardWriter().file(MerkleHash.fileHash(nodes), java.util.Collections.nCopies(times, term),
                Optional.of(java.util.HexFormat.of().formatHex(digest.digest()))).build();
    }

    private static java.security.MessageDigest sha256Digest() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of the file the two chunks make, as a client's shard gives it. */
    private String sha256OfFile() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(first);
            digest.update(second);
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response post(String casPath, String xetToken, byte[] body) {
        Browser client = hub.browser();
        return client.send(client.request("/xet-cas" + casPath)
                .header("Authorization", "Bearer " + xetToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private Response get(String casPath, String xetToken) {
        Browser client = hub.browser();
        return client.send(client.request("/xet-cas" + casPath).header("Authorization", "Bearer " + xetToken).GET().build());
    }

    private List<Path> storedXorbs() throws Exception {
        Path root = hub.dataDir().resolve("xet/xorbs");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).toList());
        }
    }

    private static String tokenId(Browser owner, String name) {
        for (var token : owner.get("/api/settings/tokens").json()) {
            if (token.path("name").asText().equals(name)) {
                return token.path("id").asText();
            }
        }
        throw new AssertionError("no token " + name);
    }
}
