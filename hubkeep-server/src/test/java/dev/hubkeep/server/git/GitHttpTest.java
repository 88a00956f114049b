package dev.hubkeep.server.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real git command line against the hub's smart HTTP, with tokens as passwords. */
class GitHttpTest {

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
        alice = hub.verifiedUser("alice");
        write = hub.createToken(alice, "write", "write");
        read = hub.createToken(alice, "read", "read");
        hub.createRepo(alice, "alice", "bert", false);
        hub.createOrg(alice, "acme");
        hub.createRepo(alice, "acme", "secret", true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void clone_withWriteToken_getsInitialCommit() {
        git.ok(dir, "clone", url(write, "alice/bert"), "work");

        assertThat(dir.resolve("work/.gitattributes")).exists();
    }

    @Test
    void clone_publicRepoAnonymously_works() {
        git.ok(dir, "clone", url(null, "alice/bert.git"), "work");

        assertThat(dir.resolve("work/.gitattributes")).exists();
    }

    @Test
    void clone_protocolV0AndV2_bothWork() {
        git.ok(dir, "-c", "protocol.version=0", "clone", url(null, "alice/bert"), "v0");
        git.ok(dir, "-c", "protocol.version=2", "clone", url(null, "alice/bert"), "v2");

        assertThat(dir.resolve("v0/.gitattributes")).exists();
        assertThat(dir.resolve("v2/.gitattributes")).exists();
    }

    @Test
    void lsRemote_clientAskingForProtocolV2_isAnsweredInV2() {
        GitCli.Result result = git.with("GIT_TRACE_PACKET", "1")
                .run(dir, "-c", "protocol.version=2", "ls-remote", url(null, "alice/bert"), "refs/heads/main");

        assertThat(result.ok()).isTrue();
        assertThat(result.stderr()).contains("git< version 2");
    }

    @Test
    void push_withWriteToken_newCommitIsTheRepoSha() throws Exception {
        Path work = cloneAndCommit(write, "alice/bert", "weights.txt");

        git.ok(work, "push", "origin", "main");

        String head = git.ok(work, "rev-parse", "HEAD").strip();
        assertThat(alice.get("/api/models/alice/bert").json().path("sha").asText()).isEqualTo(head);
    }

    @Test
    void push_withReadToken_refusedWithRemoteMessageNamingTheTokenRole() throws Exception {
        Path work = cloneAndCommit(read, "alice/bert", "weights.txt");

        GitCli.Result push = git.run(work, "push", "origin", "main");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("remote: This token's role is read; writing to model alice/bert needs a write token.");
    }

    @Test
    void push_byOrgReadMember_refusedNamingTheOrgRole() throws Exception {
        Browser bob = hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "read");
        String bobs = hub.createToken(bob, "w", "write");
        Path work = cloneAndCommit(bobs, "acme/secret", "x.txt");

        GitCli.Result push = git.run(work, "push", "origin", "main");

        assertThat(push.stderr()).contains("remote: Your role in acme is read; writing to model acme/secret needs write.");
    }

    @Test
    void pushTagsForcePushAndBranchDelete_withWriteToken_allSucceed() throws Exception {
        Path work = cloneAndCommit(write, "alice/bert", "a.txt");
        git.ok(work, "push", "origin", "main");
        git.ok(work, "tag", "v1");
        git.ok(work, "push", "--tags", "origin");
        git.ok(work, "checkout", "-q", "-b", "feature");
        Files.writeString(work.resolve("f.txt"), "feature");
        git.ok(work, "add", "f.txt");
        git.ok(work, "commit", "-q", "-m", "feature");
        git.ok(work, "push", "origin", "feature");
        git.ok(work, "commit", "-q", "--amend", "-m", "feature, amended");
        git.ok(work, "push", "--force", "origin", "feature");

        git.ok(work, "push", "origin", "--delete", "feature");

        String remote = git.ok(work, "ls-remote", "origin");
        assertThat(remote).contains("refs/tags/v1").doesNotContain("refs/heads/feature");
    }

    @Test
    void push_deletingMain_rejectedByTheHubsRule() throws Exception {
        Path work = cloneAndCommit(write, "alice/bert", "a.txt");

        GitCli.Result push = git.run(work, "push", "origin", "--delete", "main");

        assertThat(push.ok()).isFalse();
        assertThat(push.stderr()).contains("The default branch main cannot be deleted.");
        assertThat(git.ok(work, "ls-remote", "origin")).contains("refs/heads/main");
    }

    @Test
    void push_landed_movesLastModified() throws Exception {
        Path work = cloneAndCommit(write, "alice/bert", "a.txt");
        hub.clock.advance(java.time.Duration.ofHours(1));

        git.ok(work, "push", "origin", "main");

        assertThat(alice.get("/api/models/alice/bert").json().path("lastModified").asText())
                .isEqualTo(java.time.Instant.ofEpochMilli(hub.clock.millis()).toString());
    }

    @Test
    void privateRepo_cloneWithoutCredentials_asksForThem() {
        GitCli.Result clone = git.run(dir, "clone", url(null, "acme/secret"), "work");

        assertThat(clone.ok()).isFalse();
        assertThat(clone.stderr()).contains("could not read Username");
    }

    @Test
    void privateRepo_nonMemberToken_failsExactlyAsMissingRepo() {
        String outsider = hub.createToken(hub.verifiedUser("mallory"), "m", "read");

        GitCli.Result secret = git.run(dir, "clone", url(outsider, "acme/secret"), "target");
        GitCli.Result missing = git.run(dir, "clone", url(outsider, "acme/nothing-here"), "target");

        assertThat(secret.ok()).isFalse();
        assertThat(secret.stderr().replace("secret", "X")).isEqualTo(missing.stderr().replace("nothing-here", "X"));
    }

    @Test
    void privateRepo_memberReadToken_clones() {
        Browser bob = hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "read");

        git.ok(dir, "clone", url(hub.createToken(bob, "r", "read"), "acme/secret"), "work");

        assertThat(dir.resolve("work/.gitattributes")).exists();
    }

    @Test
    void internalServletPath_notReachableDirectly() {
        String id = alice.get("/api/models/alice/bert").json().path("_id").asText();

        assertThat(hub.browser().get("/.git-internal/" + id + ".git/info/refs?service=git-upload-pack").status()).isEqualTo(404);
    }

    @Test
    void datasetRepo_servedUnderDatasetsPrefix() {
        alice.postJson("/api/repos/create", "{\"name\": \"wiki\", \"type\": \"dataset\"}");

        git.ok(dir, "clone", url(null, "datasets/alice/wiki"), "work");

        assertThat(dir.resolve("work/.gitattributes")).exists();
    }

    @Test
    void pushedCommitClaimingAHubNoreplyEmail_notLinkedToThatAccount() throws Exception {
        Path work = cloneAndCommit(write, "alice/bert", "a.txt");
        git.ok(work, "commit", "-q", "--amend", "--author", "Mallory <bob@users.noreply.hubkeep>", "-m", "spoofed");

        git.ok(work, "push", "origin", "main");

        assertThat(alice.get("/api/models/alice/bert/commits/main").json().get(0).path("authors").get(0)
                .path("user").asText()).isEqualTo("Mallory");
    }

    @Test
    void pushedCommitByAVerifiedEmail_linkedToItsAccount() throws Exception {
        Path work = cloneAndCommit(write, "alice/bert", "a.txt");
        git.ok(work, "commit", "-q", "--amend", "--author", "A. Liddell <alice@example.com>", "-m", "mine");

        git.ok(work, "push", "origin", "main");

        assertThat(alice.get("/api/models/alice/bert/commits/main").json().get(0).path("authors").get(0)
                .path("user").asText()).isEqualTo("alice");
    }

    @Test
    void repositories_leaveRepackingToTheHub_noJGitAutoGcAfterPushes() throws Exception {
        String id = alice.get("/api/models/alice/bert").json().path("_id").asText();

        String config = Files.readString(dir.resolve("data").resolve("repos").resolve(id + ".git").resolve("config"));

        assertThat(config).contains("[receive]").contains("autogc = false");
    }

    private Path cloneAndCommit(String token, String repo, String file) throws Exception {
        Path work = dir.resolve("work");
        git.ok(dir, "clone", url(token, repo), "work");
        Files.writeString(work.resolve(file), "content of " + file);
        git.ok(work, "add", file);
        git.ok(work, "commit", "-q", "-m", "add " + file);
        return work;
    }

    private String url(String token, String path) {
        return GitCli.url(hub.uri(), token, path);
    }
}
