package dev.hubkeep.server.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.HubConfig;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.TestHub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a git push may bring (PushPolicy and the ref rules), through the real git command line. */
class PushPolicyTest {

    @TempDir
    Path dir;

    TestHub hub;
    GitCli git;
    Browser alice;
    String write;
    Path work;

    void start(UnaryOperator<HubConfig.Limits> limits) {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"), config -> config.withLimits(limits.apply(config.limits())));
        git = new GitCli(dir.resolve("home"));
        alice = hub.verifiedUser("alice");
        write = hub.createToken(alice, "write", "write");
        hub.createRepo(alice, "alice", "bert", false);
        git.ok(dir, "clone", GitCli.url(hub.uri(), write, "alice/bert"), "work");
        work = dir.resolve("work");
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void fileLargerThanTheObjectLimit_refusedAdvisingLfs() throws IOException {
        start(limits -> limits.withGitMaxObjectSize(1 << 20));
        Files.write(work.resolve("zeros.dat"), new byte[2 << 20]); // a few KiB once packed

        GitCli.Result push = commitAndPush("zeros.dat");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("remote: error: The push has a file or other object larger than 1 MiB")
                .contains("git-lfs");
    }

    @Test
    void packLargerThanThePackLimit_refused() throws IOException {
        start(limits -> limits.withGitMaxPackSize(256 << 10));
        byte[] noise = new byte[1 << 20];
        new Random(5).nextBytes(noise);
        Files.write(work.resolve("noise.dat"), noise);

        GitCli.Result push = commitAndPush("noise.dat");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("remote: error: The push is larger than 262144 bytes, the most one push may send here");
    }

    @ParameterizedTest
    @ValueSource(strings = {".git", ".GIT", ".git.", ".git ", "..", "a\u0001b", "tab\there"})
    void treeEntryWithAForbiddenName_refused(String name) {
        start(limits -> limits);
        String blob = git.ok(work, "hash-object", "-w", ".gitattributes").strip();
        String tree = mktree("100644 blob " + blob + "\t" + name + "\n");
        String commit = git.ok(work, "commit-tree", tree, "-p", "HEAD", "-m", "bad name").strip();

        GitCli.Result push = git.run(work, "push", "origin", commit + ":refs/heads/main");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("remote: error: The push has an object the hub does not accept");
    }

    @Test
    void refOutsideBranchesAndTags_refused() throws IOException {
        start(limits -> limits);

        GitCli.Result push = git.run(work, "push", "origin", "main:refs/meta/config");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("remote: error: Only branches (refs/heads/…) and tags (refs/tags/…) can be pushed, not refs/meta/config.");
    }

    @Test
    void refUnderRefsPr_refusedAsManagedByTheHub() {
        start(limits -> limits);

        GitCli.Result push = git.run(work, "push", "origin", "main:refs/pr/1");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("remote: error: Refs under refs/pr/ are managed by the hub");
    }

    @Test
    void branchPointingAtABlob_refusedAndTheRepoStillServed() {
        start(limits -> limits);
        String blob = git.ok(work, "hash-object", "-w", ".gitattributes").strip();

        GitCli.Result push = git.run(work, "push", "-f", "origin", blob + ":refs/heads/main");

        assertThat(push.stderr()).contains("remote: error: Branch main must point at a commit, not at a blob");
        assertThat(alice.get("/api/models/alice/bert/tree/main").status()).isEqualTo(200);
    }

    @Test
    void tagPointingAtATree_refused() {
        start(limits -> limits);
        String tree = git.ok(work, "rev-parse", "HEAD^{tree}").strip();

        GitCli.Result push = git.run(work, "push", "origin", tree + ":refs/tags/v1");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("remote: error: Tag v1 must point at a commit (or a tag of one), not at a tree");
    }

    @Test
    void annotatedTagOfACommit_accepted() {
        start(limits -> limits);
        git.ok(work, "tag", "-a", "v1", "-m", "first");

        git.ok(work, "push", "origin", "v1");

        assertThat(git.ok(work, "ls-remote", "origin")).contains("refs/tags/v1");
    }

    @Test
    void secondPushOfAUserWhileTheLimitIsInUse_refusedWithAdvice() throws Exception {
        start(limits -> limits.withGitPushesPerUser(1));
        try (Socket held = startPushAndHoldIt()) {
            Files.writeString(work.resolve("a.txt"), "a");

            GitCli.Result push = commitAndPush("a.txt");

            assertThat(push.ok()).isFalse();
            assertThat(push.stderr()).contains("remote: error: You already have 1 push in progress; wait for one to finish, then push again.");
        }
    }

    /**
     * Starts a push by alice whose pack never finishes arriving: the hub holds one of her places
     * until the socket closes. Returns once the hub is receiving the pack.
     */
    private Socket startPushAndHoldIt() throws IOException {
        String repoId = alice.get("/api/models/alice/bert").json().path("_id").asText();
        Path objects = dir.resolve("data/repos/" + repoId + ".git/objects");
        String command = "0".repeat(40) + " " + "1".repeat(40) + " refs/heads/held\0report-status side-band-64k\n";
        byte[] pktLine = (String.format("%04x", command.length() + 4) + command).getBytes(StandardCharsets.ISO_8859_1);
        byte[] packHeader = {'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 1};
        Socket socket = new Socket(hub.uri().getHost(), hub.uri().getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /alice/bert.git/git-receive-pack HTTP/1.1\r\n"
                + "Host: " + hub.uri().getHost() + "\r\n"
                + "Authorization: Basic " + Base64.getEncoder().encodeToString(("u:" + write).getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "Content-Type: application/x-git-receive-pack-request\r\n"
                + "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(pktLine);
        out.write("0000".getBytes(StandardCharsets.US_ASCII));
        out.write(packHeader);
        out.flush();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!receivingPackIn(objects)) {
            if (Instant.now().isAfter(deadline)) {
                socket.close();
                throw new AssertionError("the hub never started receiving the held pack");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return socket;
    }

    /** JGit writes an arriving pack to {@code objects/incoming_*.pack}. */
    private static boolean receivingPackIn(Path objects) throws IOException {
        try (Stream<Path> files = Files.list(objects)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("incoming_"));
        }
    }

    private GitCli.Result commitAndPush(String file) {
        git.ok(work, "add", file);
        git.ok(work, "commit", "-q", "-m", "add " + file);
        return git.run(work, "push", "origin", "main");
    }

    private String mktree(String entries) {
        try {
            Path input = Files.writeString(dir.resolve("tree-input"), entries);
            GitCli.Result made = git.runWithInput(work, input, "mktree");
            assertThat(made.ok()).as(made.stderr()).isTrue();
            return made.stdout().strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
