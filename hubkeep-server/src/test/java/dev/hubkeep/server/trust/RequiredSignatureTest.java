package dev.hubkeep.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.Gpg;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The repository setting requireSignedCommits: pushes with real git and gpg, API commits, and the setting itself. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class RequiredSignatureTest {

    private static final String SETTINGS = "/api/models/alice/signed/settings";

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Gpg gpg;
    GitCli git;
    Browser alice;
    String write;
    Path work;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir.resolve("data"));
        gpg = new Gpg(dir.resolve("gnupg"));
        git = new GitCli(dir.resolve("home")).with("GNUPGHOME", gpg.home().toString());
        alice = hub.verifiedUser("alice");
        write = hub.createToken(alice, "write", "write");
        hub.createRepo(alice, "alice", "signed", true);
        git.ok(dir, "clone", "-q", GitCli.url(hub.uri(), write, "alice/signed"), "work");
        work = dir.resolve("work");
        git.ok(work, "config", "user.name", "Alice");
        git.ok(work, "config", "user.email", "alice@example.com");
    }

    @AfterEach
    void stop() {
        gpg.close();
        hub.close();
    }

    @Test
    void ruleOn_unsignedPushRefusedWholeWithTheCommitTheReasonAndHowToAddAKey() throws Exception {
        requireSignedCommits(true);
        String before = remoteMain();
        commit("--no-gpg-sign", "first");
        commit("--no-gpg-sign", "second");
        String firstOffending = git.ok(work, "rev-parse", "--short=12", "HEAD~1").strip();

        GitCli.Result pushed = git.run(work, "push", "origin", "main");

        assertThat(pushed.exit()).as(pushed.stderr()).isNotZero();
        assertThat(pushed.stderr()).contains("remote: error: This repository requires signed commits; commit " + firstOffending)
                .contains("is none: The commit is not signed.")
                .contains("hubkeep gpg add").contains("POST /api/settings/gpg-keys");
        assertThat(remoteMain()).isEqualTo(before);
    }

    @Test
    void ruleOn_pushSignedByAKeyOnTheCommittersAccountAccepted() throws Exception {
        requireSignedCommits(true);
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        addKey(fingerprint);
        commit("-S" + fingerprint + "!", "signed");

        GitCli.Result pushed = git.run(work, "push", "origin", "main");

        assertThat(pushed.exit()).as(pushed.stderr()).isZero();
        assertThat(remoteMain()).isEqualTo(git.ok(work, "rev-parse", "HEAD").strip());
    }

    @Test
    void ruleOn_pushSignedWithAKeyOnNoAccountRefusedSayingSo() throws Exception {
        requireSignedCommits(true);
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        commit("-S" + fingerprint + "!", "signed with an unknown key");

        GitCli.Result pushed = git.run(work, "push", "origin", "main");

        assertThat(pushed.exit()).as(pushed.stderr()).isNotZero();
        assertThat(pushed.stderr()).contains("is unverified: Signed with key").contains("on no account");
    }

    @Test
    void ruleTurnedOnAfterUnsignedHistory_onlyTheNewCommitsAreChecked() throws Exception {
        commit("--no-gpg-sign", "unsigned, before the rule");
        git.ok(work, "push", "-q", "origin", "main");
        requireSignedCommits(true);
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        addKey(fingerprint);
        commit("-S" + fingerprint + "!", "signed, after the rule");

        GitCli.Result pushed = git.run(work, "push", "origin", "main:refs/heads/feature");

        assertThat(pushed.exit()).as(pushed.stderr()).isZero();
    }

    @Test
    void ruleOff_unsignedPushAccepted() throws Exception {
        commit("--no-gpg-sign", "unsigned");

        GitCli.Result pushed = git.run(work, "push", "origin", "main");

        assertThat(pushed.exit()).as(pushed.stderr()).isZero();
        assertThat(remoteMain()).isEqualTo(git.ok(work, "rev-parse", "HEAD").strip());
    }

    @Test
    void ruleOn_commitThroughTheApiAcceptedAsTheHubSignsIt() {
        requireSignedCommits(true);

        Response committed = hub.withToken(write).postNdjson("/api/models/alice/signed/commit/main", """
                {"key": "header", "value": {"summary": "via API"}}
                {"key": "file", "value": {"path": "api.txt", "content": "aGk=", "encoding": "base64"}}
                """);

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
    }

    @Test
    void ruleOn_branchMadeThroughTheApiAtAnUnsignedCommitNoRefReaches_403WithTheSameMessage() throws Exception {
        commit("--no-gpg-sign", "unsigned, on a branch deleted later");
        git.ok(work, "push", "-q", "origin", "main:refs/heads/old");
        git.ok(work, "push", "-q", "origin", ":refs/heads/old");
        String orphan = git.ok(work, "rev-parse", "HEAD").strip();
        requireSignedCommits(true);

        Response created = hub.withToken(write).postJson("/api/models/alice/signed/branch/revived",
                "{\"startingPoint\": \"" + orphan + "\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(403);
        assertThat(created.body()).contains("This repository requires signed commits; commit " + orphan.substring(0, 12));
    }

    @Test
    void ruleOn_emptyBranchMadeThroughTheApiAcceptedAsTheHubSignsIt() {
        requireSignedCommits(true);

        Response created = hub.withToken(write).postJson("/api/models/alice/signed/branch/fresh", "{\"emptyBranch\": true}");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
    }

    @Test
    void setting_roundTripsThroughTheSettingsEndpointAndRepoInfo() {
        assertThat(alice.get("/api/models/alice/signed").json().path("requireSignedCommits").asBoolean()).isFalse();

        Response changed = alice.putJson(SETTINGS, "{\"requireSignedCommits\": true}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("requireSignedCommits").asBoolean()).isTrue();
        assertThat(alice.get("/api/models/alice/signed").json().path("requireSignedCommits").asBoolean()).isTrue();
    }

    @Test
    void setting_notABoolean_400() {
        Response changed = alice.putJson(SETTINGS, "{\"requireSignedCommits\": \"yes\"}");

        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.body()).contains("'requireSignedCommits' must be true or false.");
    }

    @Test
    void orgRuleOn_unsignedPushToAnOrgRepoRefusedThoughTheRepoSettingIsOff() throws Exception {
        hub.createOrg(alice, "acme");
        hub.createRepo(alice, "acme", "model", false);
        Response set = alice.putJson("/api/organizations/acme/settings/commit-policy", "{\"requireSignedCommits\": true}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        git.ok(dir, "clone", "-q", GitCli.url(hub.uri(), write, "acme/model"), "acme");
        Path acme = dir.resolve("acme");
        git.ok(acme, "config", "user.name", "Alice");
        git.ok(acme, "config", "user.email", "alice@example.com");
        Files.writeString(acme.resolve("notes.txt"), "unsigned");
        git.ok(acme, "add", "notes.txt");
        git.ok(acme, "commit", "-q", "--no-gpg-sign", "-m", "unsigned");

        GitCli.Result pushed = git.run(acme, "push", "origin", "main");

        assertThat(pushed.exit()).as(pushed.stderr()).isNotZero();
        assertThat(pushed.stderr()).contains("remote: error: The organization acme requires signed commits; commit");
    }

    @Test
    void orgSetting_aWriteMemberMayNotChangeIt() {
        hub.createOrg(alice, "acme");
        Browser bob = hub.verifiedUser("bob");
        hub.addMember(alice, "acme", "bob", "write");

        Response set = bob.putJson("/api/organizations/acme/settings/commit-policy", "{\"requireSignedCommits\": true}");

        assertThat(set.status()).isEqualTo(403);
        assertThat(alice.get("/api/organizations/acme/settings/commit-policy").json().path("requireSignedCommits").asBoolean())
                .isFalse();
    }

    private void requireSignedCommits(boolean on) {
        Response changed = alice.putJson(SETTINGS, "{\"requireSignedCommits\": " + on + "}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    private String remoteMain() {
        return git.ok(work, "ls-remote", "origin", "refs/heads/main").split("\\s")[0];
    }

    private void addKey(String fingerprint) {
        Response added = alice.postJson("/api/settings/gpg-keys",
                JsonNodeFactory.instance.objectNode().put("key", gpg.exportPublic(fingerprint)).toString());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private void commit(String signOption, String message) throws Exception {
        Files.writeString(work.resolve("notes.txt"), message + " " + System.nanoTime());
        git.ok(work, "add", "notes.txt");
        git.ok(work, "commit", "-q", signOption, "-m", message);
    }
}
