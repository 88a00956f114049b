package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Clamd;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.TestHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clamav engine against the real clamd (Debian clamav-daemon) on a private socket with a
 * signature database the test writes: a file pushed by git over LFS that matches it is infected
 * with engine clamav; with clamd down the scan is an error, retried once clamd is back.
 */
class ClamavTest {

    @TempDir
    Path dir;

    TestHub hub;
    Clamd clamd;
    String writeToken;

    @BeforeAll
    static void needsClamd() {
        Clamd.assumeInstalled();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (clamd != null) {
            clamd.close();
        }
    }

    private ScanClient hubWithClamd(Path socket, String repo) {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"),
                config -> config.withScan(config.scan().withClamd("unix:" + socket)));
        Browser session = hub.verifiedUser("alice");
        hub.createRepo(session, "alice", repo, true);
        writeToken = hub.createToken(session, "write", "write");
        return new ScanClient(hub.withToken(writeToken), "alice/" + repo);
    }

    @Test
    void testSignaturePushedByGitOverLfs_isInfectedByClamav() throws IOException {
        clamd = Clamd.start(dir.resolve("clamd"));
        ScanClient files = hubWithClamd(clamd.socket(), "model");
        GitCli git = new GitCli(dir.resolve("home"));
        git.ok(dir, "lfs", "install");
        git.ok(dir, "clone", GitCli.url(hub.uri(), writeToken, "alice/model"), "work");
        Path work = dir.resolve("work");
        git.ok(work, "lfs", "track", "*.bin");
        Files.writeString(work.resolve("weights.bin"), "weights " + Clamd.SIGNATURE_TEXT + " more weights", StandardCharsets.US_ASCII);
        git.ok(work, "add", ".gitattributes", "weights.bin");
        git.ok(work, "commit", "-m", "weights");
        git.ok(work, "push", "origin", "main");

        JsonNode status = files.scanned("weights.bin");

        assertThat(status.path("status").asText()).isEqualTo("unsafe");
        assertThat(status.path("avScan").path("message").asText()).isEqualTo("clamav: " + Clamd.SIGNATURE_NAME);
    }

    @Test
    void clamdDown_isAnErrorNamingIt_thenRetriedOnceItIsBack() throws IOException {
        Path clamdDir = dir.resolve("clamd");
        ScanClient files = hubWithClamd(Clamd.socketIn(clamdDir), "model");
        files.commitFile("notes.txt", "plain notes".getBytes(StandardCharsets.UTF_8));
        JsonNode down = files.scanned("notes.txt");
        assertThat(down.path("status").asText()).isEqualTo("error");
        assertThat(down.path("avScan").path("message").asText()).startsWith("clamav: clamd could not scan it");

        clamd = Clamd.start(clamdDir);
        hub.clock.advance(ScanPipeline.FIRST_RETRY);

        Await.until(ScanClient.SCAN_DEADLINE, "the retry to find clamd back",
                () -> files.status("notes.txt").path("status").asText().equals("safe"));
    }
}
