package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of the server in the middle of a large push leaves a sound repository holding the old or the new value. */
class GitCrashIT {

    @TempDir
    Path dir;

    @Test
    void sigkillDuringPush_repositoryConsistentWithOldOrNewRef() throws Exception {
        Path data = dir.resolve("data");
        GitCli git = new GitCli(dir.resolve("home"));
        String token = HubProcess.userWithToken(data, "alice", "push", "write");
        String oldRef;
        String newRef;
        GitCli.Result push;
        String repoId;
        try (HubProcess hub = HubProcess.serve(data)) {
            var created = hub.browser().send(hub.browser().request("/api/repos/create")
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"big\"}"))
                    .build());
            repoId = created.json().path("id").asText();
            String url = GitCli.url(hub.uri(), token, "alice/big");
            git.ok(dir, "clone", "-q", url, "work");
            Path work = dir.resolve("work");
            oldRef = git.ok(work, "rev-parse", "HEAD").strip();
            manyCommits(git, work, 400);
            newRef = git.ok(work, "rev-parse", "HEAD").strip();

            // --progress: git reports "Writing objects" once the pack is on its way to the hub.
            ProcessBuilder pushBuilder = new ProcessBuilder("git", "push", "--progress", "origin", "main")
                    .directory(work.toFile())
                    .redirectErrorStream(true);
            pushBuilder.environment().put("GIT_TERMINAL_PROMPT", "0");
            pushBuilder.environment().put("HOME", dir.resolve("home").toString());
            Process pushing = pushBuilder.start();
            pushing.getOutputStream().close();
            StringBuilder said = new StringBuilder(); // the reader's until it is joined
            AtomicBoolean sending = new AtomicBoolean();
            Thread reader = Thread.ofVirtual().start(() -> readInto(pushing.getInputStream(), said, sending));
            Await.until(Duration.ofSeconds(60), "the push to start sending its pack",
                    () -> sending.get() || !pushing.isAlive());
            hub.kill();
            assertThat(pushing.waitFor(60, TimeUnit.SECONDS)).as("push ended after the kill").isTrue();
            reader.join(Duration.ofSeconds(10));
            push = new GitCli.Result(pushing.exitValue(), "", said.toString());
        }

        Path bare = data.resolve("repos").resolve(repoId + ".git");
        GitCli.Result fsck = git.run(bare, "fsck", "--no-dangling");
        String ref = git.ok(bare, "rev-parse", "refs/heads/main").strip();
        assertThat(fsck.ok()).as(fsck.stderr()).isTrue();
        assertThat(ref).as("push said: " + push.stderr()).isIn(oldRef, newRef);

        try (HubProcess restarted = HubProcess.serve(data)) {
            git.ok(dir.resolve("work"), "push", GitCli.url(restarted.uri(), token, "alice/big"), "main");
            assertThat(git.ok(bare, "rev-parse", "refs/heads/main").strip()).isEqualTo(newRef);
        }
    }

    /** Reads all of {@code in} into {@code text}, and says when git starts writing objects. */
    private static void readInto(InputStream in, StringBuilder text, AtomicBoolean sending) {
        try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                text.append(buffer, 0, n);
                if (!sending.get() && text.indexOf("Writing objects") >= 0) {
                    sending.set(true);
                }
            }
        } catch (IOException e) {
            text.append("\n(output unreadable: ").append(e.getMessage()).append(')');
        }
    }

    /** Commits with random, incompressible content, so that the push takes a while. */
    private static void manyCommits(GitCli git, Path work, int count) throws Exception {
        Random random = new Random(7);
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < count; i++) {
            random.nextBytes(block);
            Files.write(work.resolve("file-" + (i % 50) + ".dat"), block);
            if (i % 4 == 3) {
                git.ok(work, "add", ".");
                git.ok(work, "commit", "-q", "-m", "commit " + i);
            }
        }
    }

}
