package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Multipart;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.RawHttp;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds of an upload from a page, on a hub whose LFS objects may be 256 KiB at most (a page's
 * upload holds at most that much in all): larger is a 413 saying what to do instead, nothing is
 * committed, and no file waits on disk after any upload.
 */
class UploadLimitTest {

    static final int LIMIT = 256 * 1024;

    @TempDir
    Path dir;

    TestHub hub;
    Browser owner;
    TokenClient writer;
    String base;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, config -> config.withLimits(config.limits().withLfsMaxObjectSize(LIMIT)));
        owner = hub.verifiedUser("alice");
        hub.createRepo(owner, "alice", "bert", false);
        writer = hub.withToken(hub.createToken(owner, "write", "write"));
        base = "/alice/bert";
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void upload_largerThanTheLimit_413SayingWhatToDo() {
        Response refused = upload("big.bin", new byte[LIMIT + 1]);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.body()).contains("hubkeep upload");
    }

    @Test
    void upload_largerThanTheLimitWithoutALengthAnnounced_413() {
        String csrf = Pages.csrf(owner.page(base + "/upload/main"));
        Multipart form = Multipart.fields("_csrf", csrf).file("files", "big.bin", new byte[LIMIT + 1]);
        byte[] body = form.bytes(); // sent without a Content-Length (chunked), as a streaming client may

        Response refused = owner.send(owner.request(base + "/upload/main")
                .header("Accept", "text/html")
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

        assertThat(refused.status()).isEqualTo(413);
    }

    @Test
    void upload_largerThanTheLimit_nothingCommitted() {
        int before = commits();

        upload("big.bin", new byte[LIMIT + 1]);

        assertThat(commits()).isEqualTo(before);
    }

    @Test
    void upload_largerThanTheLimit_connectionStaysUsableForTheNextRequest() {
        String csrf = Pages.csrf(owner.page(base + "/upload/main"));
        Multipart form = Multipart.fields("_csrf", csrf).file("files", "big.bin", new byte[LIMIT + 1]);
        String cookie = "Cookie: hubkeep_session=" + owner.cookie("hubkeep_session").orElseThrow().getValue();
        byte[] refused = RawHttp.request(hub.uri(), "POST", base + "/upload/main", form.bytes(),
                "Content-Type: " + form.contentType(), "Accept: text/html", cookie);
        byte[] next = RawHttp.request(hub.uri(), "GET", "/healthz", new byte[0], "Connection: close");

        String answers = RawHttp.exchange(hub.uri(), refused, next);

        assertThat(answers).startsWith("HTTP/1.1 413").contains("HTTP/1.1 200 OK");
    }

    @Test
    void upload_withinTheLimit_committed() {
        Response done = upload("small.bin", new byte[LIMIT - 4096]);

        assertThat(done.status()).isEqualTo(303);
    }

    @Test
    void upload_done_noFileLeftWaiting() {
        upload("small.bin", new byte[LIMIT - 4096]);

        assertThat(waiting()).isEmpty();
    }

    @Test
    void upload_refused_noFileLeftWaiting() {
        upload("big.bin", new byte[LIMIT + 1]);

        assertThat(waiting()).isEmpty();
    }

    private Response upload(String name, byte[] content) {
        String csrf = Pages.csrf(owner.page(base + "/upload/main"));
        return owner.postMultipart(base + "/upload/main", Multipart.fields("_csrf", csrf).file("files", name, content));
    }

    private int commits() {
        return writer.get("/api/models/alice/bert/commits/main").json().size();
    }

    /** What waits in the LFS store's temporary folder (a page's uploads, before they are stored). */
    private java.util.List<Path> waiting() {
        Path folder = hub.dataDir().resolve("lfs").resolve("tmp");
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
