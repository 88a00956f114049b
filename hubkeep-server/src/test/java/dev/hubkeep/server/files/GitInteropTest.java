package dev.hubkeep.server.files;

import static dev.hubkeep.server.files.FilesFixture.commit;
import static dev.hubkeep.server.files.FilesFixture.commitOk;
import static dev.hubkeep.server.files.FilesFixture.file;
import static dev.hubkeep.server.files.FilesFixture.lfsFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files API and plain git see the same repository: real git and git-lfs on one side, the API on the other. */
class GitInteropTest {

    private static final String API = "/api/models/alice/bert";

    @TempDir
    Path dir;

    TestHub hub;
    GitCli git;
    TokenClient alice;
    String token;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"));
        git = new GitCli(dir.resolve("home"));
        git.ok(dir, "lfs", "install");
        Browser session = hub.verifiedUser("alice");
        token = hub.createToken(session, "write", "write");
        alice = hub.withToken(token);
        hub.createRepo(session, "alice", "bert", true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void apiCommitWithLfsFile_gitCloneWithLfs_getsTheBytes() throws Exception {
        byte[] weights = new byte[1024 * 1024];
        new Random(3).nextBytes(weights);
        String oid = FilesFixture.uploadLfs(alice, "/alice/bert.git", weights);
        commitOk(alice, API, "main", commit("via the API", file("notes/readme.txt", "hello"),
                lfsFile("weights/model.bin", oid, weights.length)));

        git.ok(dir, "clone", "-q", GitCli.url(hub.uri(), token, "alice/bert"), "clone");

        assertThat(Files.readString(dir.resolve("clone/notes/readme.txt"))).isEqualTo("hello");
        assertThat(Files.readAllBytes(dir.resolve("clone/weights/model.bin"))).isEqualTo(weights);
        assertThat(git.ok(dir.resolve("clone"), "log", "-1", "--format=%s%n%an")).isEqualTo("via the API\nalice\n");
    }

    @Test
    void gitPush_fileResolvesOverTheApi() throws Exception {
        git.ok(dir, "clone", "-q", GitCli.url(hub.uri(), token, "alice/bert"), "work");
        Path work = dir.resolve("work");
        Files.writeString(work.resolve("pushed.txt"), "pushed with git");
        byte[] weights = new byte[200_000];
        new Random(4).nextBytes(weights);
        Files.write(work.resolve("model.bin"), weights); // *.bin is tracked by the initial .gitattributes
        git.ok(work, "add", ".");
        git.ok(work, "commit", "-q", "-m", "pushed");
        git.ok(work, "push", "-q", "origin", "main");
        String head = git.ok(work, "rev-parse", "HEAD").strip();

        HttpResponse<byte[]> text = alice.sendForBytes(alice.request("/alice/bert/resolve/main/pushed.txt").GET().build());
        HttpResponse<byte[]> lfs = alice.sendForBytes(alice.request("/alice/bert/resolve/main/model.bin").GET().build());

        assertThat(new String(text.body(), StandardCharsets.UTF_8)).isEqualTo("pushed with git");
        assertThat(text.headers().firstValue("X-Repo-Commit")).hasValue(head);
        assertThat(lfs.body()).isEqualTo(weights);
        assertThat(lfs.headers().firstValue("X-Linked-Etag")).hasValue("\"" + FilesFixture.sha256(weights) + "\"");
    }
}
