package dev.hubkeep.server.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.cli.HubClient;
import dev.hubkeep.cli.Progress;
import dev.hubkeep.cli.RepoId;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.VanishedDirectory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hub's multipart LFS transfer: large objects in parts, each to its own signed link, then a
 * completion that assembles them; parts already sent survive an interruption.
 */
class LfsMultipartTest {

    private static final String LFS_JSON = "application/vnd.git-lfs+json";
    private static final int PART = 8 * 1024 * 1024;

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;
    String write;
    byte[] content;
    String oid;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"));
        alice = hub.verifiedUser("alice");
        write = hub.createToken(alice, "write", "write");
        hub.createRepo(alice, "alice", "bert", true);
        content = random(2 * PART + 1234, 7);
        oid = sha256(content);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void batch_offeringMultipart_largeObjectGetsPartLinksAndACompletionLink() {
        JsonNode answer = batch("alice/bert", oid, content.length, "basic", "multipart").json();
        JsonNode upload = upload(answer);

        assertThat(answer.path("transfer").asText()).isEqualTo("multipart");
        assertThat(upload.path("header").path("chunk_size").asText()).isEqualTo(String.valueOf(PART));
        assertThat(partLinks(upload)).hasSize(3);
        assertThat(upload.path("href").asText()).contains("/complete?");
        assertThat(answer.path("objects").get(0).path("actions").has("verify")).isTrue();
    }

    @Test
    void batch_manyHugeObjects_partLinksStayWithinABudgetAndTheRestGetOneLinkEach() {
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            objects.append(i == 0 ? "" : ", ").append("{\"oid\": \"").append(sha256(new byte[] {(byte) i}))
                    .append("\", \"size\": ").append(50L << 30).append('}');
        }

        JsonNode answer = hub.browser().send(hub.browser().request("/alice/bert.git/info/lfs/objects/batch")
                .header("Authorization", "Bearer " + write)
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"operation": "upload", "transfers": ["basic", "multipart"], "objects": [%s]}""".formatted(objects)))
                .build()).json();

        int partLinks = 0;
        for (JsonNode object : answer.path("objects")) {
            assertThat(object.path("actions").path("upload").path("href").asText()).startsWith("http");
            partLinks += partLinks(object.path("actions").path("upload")).size();
        }
        assertThat(partLinks).isBetween(1, 10_000);
    }

    @Test
    void batch_basicOnly_largeObjectGetsOneUploadLink() {
        JsonNode answer = batch("alice/bert", oid, content.length, "basic").json();

        assertThat(answer.path("transfer").asText()).isEqualTo("basic");
        assertThat(upload(answer).has("header")).isFalse();
    }

    @Test
    void batch_offeringMultipart_smallObjectGetsOneUploadLink() {
        byte[] small = random(PART, 1);

        JsonNode upload = upload(batch("alice/bert", sha256(small), small.length, "basic", "multipart").json());

        assertThat(upload.has("header")).isFalse();
        assertThat(upload.path("href").asText()).doesNotContain("/complete");
    }

    @Test
    void partsSentOutOfOrder_thenCompleted_objectDownloadableWhole() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        List<String> links = partLinks(upload);
        String[] etags = new String[3];
        for (int part : new int[] {3, 1, 2}) {
            Response put = putPart(links.get(part - 1), part);
            assertThat(put.status()).isEqualTo(200);
            etags[part - 1] = put.header("ETag").orElseThrow();
        }

        Response completed = complete(upload, etags);

        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        JsonNode download = batch("alice/bert", "download", oid, content.length).json().path("objects").get(0);
        byte[] got = hub.browser().sendForBytes(HttpRequest.newBuilder(URI.create(
                download.path("actions").path("download").path("href").asText())).GET().build()).body();
        assertThat(got).isEqualTo(content);
    }

    @Test
    void partEtag_isItsQuotedSha256() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());

        Response put = putPart(partLinks(upload).get(0), 1);

        assertThat(put.header("ETag")).contains("\"" + sha256(Arrays.copyOfRange(content, 0, PART)) + "\"");
    }

    @Test
    void completion_withAPartMissing_422AndNothingStored() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        List<String> links = partLinks(upload);
        String first = putPart(links.get(0), 1).header("ETag").orElseThrow();
        String third = putPart(links.get(2), 3).header("ETag").orElseThrow();

        Response completed = complete(upload, first, sha256(part(2)), third);

        assertThat(completed.status()).isEqualTo(422);
        assertThat(completed.json().path("message").asText()).contains("Part 2").contains("not received");
        assertThat(hasObject()).isFalse();
    }

    @Test
    void completion_afterTheMissingPartIsSent_200() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        List<String> links = partLinks(upload);
        String first = putPart(links.get(0), 1).header("ETag").orElseThrow();
        String third = putPart(links.get(2), 3).header("ETag").orElseThrow();
        complete(upload, first, sha256(part(2)), third);
        String second = putPart(links.get(1), 2).header("ETag").orElseThrow();

        assertThat(complete(upload, first, second, third).status()).isEqualTo(200);
        assertThat(hasObject()).isTrue();
    }

    @Test
    void completion_listingTooFewParts_422() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        List<String> links = partLinks(upload);
        String first = putPart(links.get(0), 1).header("ETag").orElseThrow();
        String second = putPart(links.get(1), 2).header("ETag").orElseThrow();

        Response completed = complete(upload, first, second);

        assertThat(completed.status()).isEqualTo(422);
        assertThat(completed.json().path("message").asText()).contains("all 3 parts");
    }

    @Test
    void completion_malformedBody_422() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());

        Response completed = hub.browser().send(HttpRequest.newBuilder(URI.create(upload.path("href").asText()))
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"oid\": \"" + oid + "\", \"parts\": [{\"partNumber\": \"one\"}]}"))
                .build());

        assertThat(completed.status()).isEqualTo(422);
        assertThat(completed.json().path("message").asText()).contains("partNumber");
    }

    @Test
    void partsWhoseBytesAreNotTheObject_completionRefused422() {
        byte[] other = random(content.length, 99);
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        List<String> links = partLinks(upload);
        List<String> etags = new ArrayList<>();
        for (int part = 1; part <= 3; part++) {
            etags.add(put(links.get(part - 1), Arrays.copyOfRange(other, (part - 1) * PART, Math.min(other.length, part * PART)))
                    .header("ETag").orElseThrow());
        }

        Response completed = complete(upload, etags.toArray(String[]::new));

        assertThat(completed.status()).isEqualTo(422);
        assertThat(completed.json().path("message").asText()).contains("sha256");
        assertThat(hasObject()).isFalse();
    }

    @Test
    void part_ofTheWrongLength_422() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());

        Response put = put(partLinks(upload).get(0), Arrays.copyOfRange(content, 0, PART - 1));

        assertThat(put.status()).isEqualTo(422);
        assertThat(put.json().path("message").asText()).contains("must have " + PART);
    }

    @Test
    void head_ofAPartLink_404BeforeItIsSentThenItsEtag() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        String link = partLinks(upload).get(1);

        Response before = head(link);
        String etag = putPart(link, 2).header("ETag").orElseThrow();
        Response after = head(link);

        assertThat(before.status()).isEqualTo(404);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("ETag")).contains(etag);
    }

    @Test
    void partLink_usedForAnotherPartNumber_401() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());

        Response put = putAskingFirst(partLinks(upload).get(0).replace("/parts/1?", "/parts/2?"), part(2));

        assertThat(put.status()).isEqualTo(401);
    }

    @Test
    void partsStagedThroughOneRepo_notCompletableThroughAnother() {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        List<String> links = partLinks(upload);
        String[] etags = {putPart(links.get(0), 1).header("ETag").orElseThrow(),
                putPart(links.get(1), 2).header("ETag").orElseThrow(), putPart(links.get(2), 3).header("ETag").orElseThrow()};
        hub.createRepo(alice, "alice", "other", true);

        Response completed = complete(upload(batch("alice/other", oid, content.length, "basic", "multipart").json()), etags);

        assertThat(completed.status()).isEqualTo(422);
        assertThat(batch("alice/other", "download", oid, content.length).json().path("objects").get(0).has("error")).isTrue();
    }

    @Test
    void partsNobodyCompletes_removedAfterADay() {
        String link = partLinks(upload(batch("alice/bert", oid, content.length, "basic", "multipart").json())).get(0);
        putPart(link, 1);

        hub.clock.advance(Duration.ofDays(2));
        String fresh = partLinks(upload(batch("alice/bert", oid, content.length, "basic", "multipart").json())).get(0);

        assertThat(head(fresh).status()).isEqualTo(404);
    }

    @Test
    void hubClientUpload_withSomePartsAlreadyOnTheHub_sendsOnlyTheRest() throws Exception {
        JsonNode upload = upload(batch("alice/bert", oid, content.length, "basic", "multipart").json());
        putPart(partLinks(upload).get(0), 1); // an earlier run sent part 1, then was interrupted
        putPart(partLinks(upload).get(2), 3);
        Path file = Files.write(dir.resolve("weights.bin"), content);
        List<String> notes = new CopyOnWriteArrayList<>();
        HubClient client = new HubClient(hub.uri().toString().replaceAll("/$", ""), Optional.of(write));

        client.upload(new RepoId("model", "alice", "bert"), file, "weights.bin", "main", "Add weights", new Progress() {
            @Override
            public void advanced(String what, long done, long total) {}

            @Override
            public void note(String message) {
                notes.add(message);
            }
        });

        assertThat(notes).contains("Resumed weights.bin: 2 of 3 parts were already on the hub and were not sent again.");
        HttpResponse<byte[]> got = hub.browser().sendForBytes(hub.browser().request("/alice/bert/resolve/main/weights.bin")
                .header("Authorization", "Bearer " + write).GET().build());
        assertThat(got.body()).isEqualTo(content);
    }

    @Test
    void completionFailingAfterItsChecks_neverLinksAnObjectStoredForAnotherRepo() {
        byte[] secret = random(100, 3);
        String secretOid = sha256(secret);
        hub.createRepo(alice, "alice", "gated", true);
        JsonNode basic = upload(batch(write, "alice/gated", "upload", secretOid, secret.length, "basic").json());
        assertThat(put(basic.path("href").asText(), secret).status()).isEqualTo(200);
        Browser bob = hub.verifiedUser("bob");
        String bobWrite = hub.createToken(bob, "write", "write");
        hub.createRepo(bob, "bob", "mine", false);
        JsonNode upload = upload(batch(bobWrite, "bob/mine", "upload", secretOid, PART + 1L, "basic", "multipart").json());
        List<String> links = partLinks(upload);
        String first = put(links.get(0), new byte[PART]).header("ETag").orElseThrow();
        String second = put(links.get(1), new byte[] {'a'}).header("ETag").orElseThrow();

        // Files vanish under the assembly once its parts passed their checks: what a racing
        // re-upload of part 2 does by chance, here made certain.
        try (VanishedDirectory vanished = VanishedDirectory.at(dir.resolve("data/lfs/tmp"))) {
            completeFor(upload, secretOid, first, second);
        }

        assertThat(linked(bobWrite, "bob/mine", secretOid, PART + 1L)).isFalse();
    }

    private boolean linked(String token, String repo, String oid, long size) {
        return !batch(token, repo, "download", oid, size).json().path("objects").get(0).has("error");
    }

    private boolean hasObject() {
        return !batch("alice/bert", "download", oid, content.length).json().path("objects").get(0).has("error");
    }

    private byte[] part(int part) {
        return Arrays.copyOfRange(content, (part - 1) * PART, Math.min(content.length, part * PART));
    }

    private Response putPart(String link, int part) {
        return put(link, part(part));
    }

    private Response put(String link, byte[] bytes) {
        return hub.browser().send(HttpRequest.newBuilder(URI.create(link)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /**
     * A PUT that sends {@code Expect: 100-continue} and its body only once asked. For a link refused
     * before the body is read: the hub answers and closes while a plain PUT of a whole part may still
     * be writing, and the client then reports the broken pipe instead of the answer.
     */
    private Response putAskingFirst(String link, byte[] bytes) {
        return hub.browser().send(HttpRequest.newBuilder(URI.create(link)).expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private Response head(String link) {
        return hub.browser().send(HttpRequest.newBuilder(URI.create(link)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    private Response complete(JsonNode upload, String... etags) {
        return completeFor(upload, oid, etags);
    }

    private Response completeFor(JsonNode upload, String oid, String... etags) {
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < etags.length; i++) {
            parts.append(i == 0 ? "" : ",").append("{\"partNumber\": ").append(i + 1).append(", \"etag\": ")
                    .append(etags[i].startsWith("\"") ? etags[i] : "\"" + etags[i] + "\"").append('}');
        }
        return hub.browser().send(HttpRequest.newBuilder(URI.create(upload.path("href").asText()))
                .header("Content-Type", LFS_JSON)
                .header("Accept", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"oid\": \"" + oid + "\", \"parts\": [" + parts + "]}"))
                .build());
    }

    private static JsonNode upload(JsonNode answer) {
        return answer.path("objects").get(0).path("actions").path("upload");
    }

    private static List<String> partLinks(JsonNode upload) {
        List<String> links = new ArrayList<>();
        for (int part = 1; upload.path("header").has(String.format("%05d", part)); part++) {
            links.add(upload.path("header").path(String.format("%05d", part)).asText());
        }
        return links;
    }

    private Response batch(String repo, String oid, long size, String... transfers) {
        return batch(repo, "upload", oid, size, transfers);
    }

    private Response batch(String repo, String operation, String oid, long size, String... transfers) {
        return batch(write, repo, operation, oid, size, transfers);
    }

    private Response batch(String token, String repo, String operation, String oid, long size, String... transfers) {
        String offered = transfers.length == 0 ? "\"basic\"" : "\"" + String.join("\", \"", transfers) + "\"";
        return hub.browser().send(hub.browser().request("/" + repo + ".git/info/lfs/objects/batch")
                .header("Authorization", "Bearer " + token)
                .header("Accept", LFS_JSON)
                .header("Content-Type", LFS_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"operation": "%s", "transfers": [%s], "objects": [{"oid": "%s", "size": %d}]}"""
                        .formatted(operation, offered, oid, size)))
                .build());
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
