package dev.hubkeep.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The signature status of commits pushed with the real git, signed by the real gpg, in the commits API. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class CommitSignatureTest {

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
    void signedByAKeyOnTheCommittersAccount_verifiedWithSignerAndKeyId() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        addKey(alice, fingerprint);

        pushCommit("-S" + fingerprint + "!");

        JsonNode signature = newestSignature();
        assertThat(signature.path("status").asText()).isEqualTo("verified");
        assertThat(signature.path("signer").asText()).isEqualTo("alice");
        assertThat(signature.path("keyId").asText()).isEqualTo(fingerprint.substring(24));
    }

    @Test
    void signedWithTheSigningSubkey_verifiedNamingTheSubkey() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        addKey(alice, fingerprint);
        String subkey = gpg.subkeyIds(fingerprint).get(0);

        pushCommit("-S" + subkey + "!");

        JsonNode signature = newestSignature();
        assertThat(signature.path("status").asText()).isEqualTo("verified");
        assertThat(signature.path("keyId").asText()).isEqualTo(subkey);
    }

    @Test
    void notSigned_none() throws Exception {
        pushCommit("--no-gpg-sign");

        assertThat(newestSignature().path("status").asText()).isEqualTo("none");
        assertThat(newestSignature().has("keyId")).isFalse();
    }

    @Test
    void signedWithAKeyOnNoAccount_unverifiedSayingSo() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");

        pushCommit("-S" + fingerprint + "!");

        JsonNode signature = newestSignature();
        assertThat(signature.path("status").asText()).isEqualTo("unverified");
        assertThat(signature.path("reason").asText()).contains("on no account");
        assertThat(signature.has("signer")).isFalse();
    }

    @Test
    void signedWithAKeyAddedOnlyAfterThePush_verifiedOnceTheKeyIsAdded() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        pushCommit("-S" + fingerprint + "!");
        assertThat(newestSignature().path("status").asText()).isEqualTo("unverified");

        addKey(alice, fingerprint);

        assertThat(newestSignature().path("status").asText()).isEqualTo("verified");
    }

    @Test
    void signedByAliceButCommittedAsAnotherEmail_unverifiedNamingTheEmail() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        gpg.addUserId(fingerprint, "Alice <alice@work.example>");
        addKey(alice, fingerprint);
        git.ok(work, "config", "user.email", "alice@work.example");

        pushCommit("-S" + fingerprint + "!");

        JsonNode signature = newestSignature();
        assertThat(signature.path("status").asText()).isEqualTo("unverified");
        assertThat(signature.path("reason").asText()).contains("alice@work.example");
    }

    @Test
    void signedByBobsKeyWithAlicesEmail_unverified() throws Exception {
        Browser bob = hub.verifiedUser("bob");
        String bobs = gpg.generate("Bob <bob@example.com>", "1y");
        gpg.addUserId(bobs, "Not Bob <alice@example.com>");
        addKey(bob, bobs);

        pushCommit("-S" + bobs + "!");

        assertThat(newestSignature().path("status").asText()).isEqualTo("unverified");
    }

    @Test
    void keyDeletedAfterThePush_statusStandsAsItWasWhenTheCommitArrived() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        String id = addKey(alice, fingerprint);
        pushCommit("-S" + fingerprint + "!");
        assertThat(newestSignature().path("status").asText()).isEqualTo("verified");

        alice.deleteJson("/api/settings/gpg-keys/" + id, "");

        assertThat(newestSignature().path("status").asText()).isEqualTo("verified");
    }

    @Test
    void signedCommitAlteredAfterSigning_unverifiedSayingItDoesNotMatch() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        addKey(alice, fingerprint);
        commit("-S" + fingerprint + "!");
        String forged = git.ok(work, "cat-file", "commit", "HEAD").replace("Some work", "Different work");
        Files.writeString(dir.resolve("forged-commit"), forged);
        String forgedId = git.ok(work, "hash-object", "-t", "commit", "-w", dir.resolve("forged-commit").toString()).strip();
        git.ok(work, "update-ref", "refs/heads/main", forgedId);

        git.ok(work, "push", "-q", "origin", "main");

        JsonNode signature = newestSignature();
        assertThat(signature.path("status").asText()).isEqualTo("unverified");
        assertThat(signature.path("reason").asText()).contains("does not match");
    }

    @Test
    void commitMadeThroughTheApi_verifiedAsSignedByTheHub() {
        commitThroughTheApi();

        JsonNode signature = newestSignature();
        assertThat(signature.path("status").asText()).isEqualTo("verified");
        assertThat(signature.path("signedByHub").asBoolean()).isTrue();
        assertThat(signature.has("signer")).isFalse();
    }

    @Test
    void commitMadeThroughTheApi_gitVerifiesItWithTheHubsPublishedKey() throws Exception {
        commitThroughTheApi();
        Response published = hub.browser().get("/api/signing-key");
        assertThat(published.status()).isEqualTo(200);
        Files.writeString(dir.resolve("hub-key.asc"), published.body());
        gpg.run("--import", dir.resolve("hub-key.asc").toString());
        git.ok(work, "fetch", "-q", "origin");

        GitCli.Result verified = git.run(work, "verify-commit", "origin/main");

        assertThat(verified.exit()).as(verified.stderr()).isZero();
        assertThat(verified.stderr()).contains("Good signature from \"Hubkeep <hubkeep@localhost>\"");
        assertThat(newestSignature().path("keyId").asText()).isEqualTo(
                gpg.run("--with-colons", "--list-keys", "hubkeep@localhost").lines()
                        .filter(line -> line.startsWith("pub:")).findFirst().orElseThrow().split(":")[4]);
    }

    @Test
    void subkeyRevokedAfterTheKeyWasAdded_commitsArrivingLaterUnverified_earlierStayVerified() throws Exception {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        addKey(alice, fingerprint);
        String subkey = gpg.subkeyIds(fingerprint).get(0);
        pushCommit("-S" + subkey + "!");
        String earlier = newestSignature().path("status").asText();
        commit("-S" + subkey + "!"); // signed while the subkey was valid, pushed after its revocation
        gpg.revokeFirstSubkey(fingerprint);
        Response readded = alice.postJson("/api/settings/gpg-keys",
                JsonNodeFactory.instance.objectNode().put("key", gpg.exportPublic(fingerprint)).toString());

        git.ok(work, "push", "-q", "origin", "main");

        JsonNode commits = hub.withToken(write).get("/api/models/alice/signed/commits/main").json();
        assertThat(readded.status()).as(readded.body()).isEqualTo(200);
        assertThat(earlier).isEqualTo("verified");
        assertThat(commits.get(1).path("signature").path("status").asText()).isEqualTo("verified");
        assertThat(commits.get(0).path("signature").path("status").asText()).isEqualTo("unverified");
        assertThat(commits.get(0).path("signature").path("reason").asText()).contains("Subkey " + subkey + " was revoked");
    }

    @Test
    void firstCommitOfANewRepository_signedByTheHub_verified() throws Exception {
        JsonNode signature = newestSignature();
        Files.writeString(dir.resolve("hub-key.asc"), hub.browser().get("/api/signing-key").body());
        gpg.run("--import", dir.resolve("hub-key.asc").toString());

        GitCli.Result verified = git.run(work, "verify-commit", "HEAD");

        assertThat(signature.path("status").asText()).isEqualTo("verified");
        assertThat(signature.path("signedByHub").asBoolean()).isTrue();
        assertThat(verified.exit()).as(verified.stderr()).isZero();
    }

    @Test
    void hubSigningKey_sameAfterARestart() {
        String before = hub.browser().get("/api/signing-key").body();

        hub.close();
        hub = TestHub.start(database, dir.resolve("data"));

        assertThat(hub.browser().get("/api/signing-key").body()).isEqualTo(before).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    private void commitThroughTheApi() {
        Response committed = hub.withToken(write).postNdjson("/api/models/alice/signed/commit/main", """
                {"key": "header", "value": {"summary": "via API"}}
                {"key": "file", "value": {"path": "api.txt", "content": "aGk=", "encoding": "base64"}}
                """);
        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
    }

    private String addKey(Browser owner, String fingerprint) {
        Response added = owner.postJson("/api/settings/gpg-keys",
                JsonNodeFactory.instance.objectNode().put("key", gpg.exportPublic(fingerprint)).toString());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().path("id").asText();
    }

    private void pushCommit(String signOption) throws Exception {
        commit(signOption);
        git.ok(work, "push", "-q", "origin", "main");
    }

    private void commit(String signOption) throws Exception {
        Files.writeString(work.resolve("notes.txt"), "signed work " + System.nanoTime());
        git.ok(work, "add", "notes.txt");
        git.ok(work, "commit", "-q", signOption, "-m", "Some work");
    }

    private JsonNode newestSignature() {
        Response commits = hub.withToken(write).get("/api/models/alice/signed/commits/main");
        assertThat(commits.status()).as(commits.body()).isEqualTo(200);
        return commits.json().get(0).path("signature");
    }
}
