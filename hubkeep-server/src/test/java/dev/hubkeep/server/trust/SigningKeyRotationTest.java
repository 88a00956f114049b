package dev.hubkeep.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.Gpg;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rotating the hub's signing key while the hub runs, as {@code hubkeep admin signing-key rotate}
 * does from another process: a second {@link HubSigningKeys} on the same data directory.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class SigningKeyRotationTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    String write;
    String oldKey;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir.resolve("data"));
        Browser alice = hub.verifiedUser("alice");
        write = hub.createToken(alice, "write", "write");
        hub.createRepo(alice, "alice", "rotated", false);
        oldKey = hub.browser().get("/api/signing-keys").json().get(0).path("keyId").asText();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void afterRotation_runningHubSignsNewCommitsWithTheNewKeyOnly() {
        String newKey = rotate().keyId();

        commitThroughTheApi("after");

        JsonNode signature = commits().get(0).path("signature");
        assertThat(signature.path("keyId").asText()).isEqualTo(newKey).isNotEqualTo(oldKey);
        assertThat(signature.path("status").asText()).isEqualTo("verified");
        assertThat(signature.path("signedByHub").asBoolean()).isTrue();
    }

    @Test
    void afterRotation_commitSignedByTheOldKeyStillVerified() {
        // The first commit, signed at creation and never listed: its status is checked only now, after the rotation.
        rotate();

        JsonNode signature = commits().get(0).path("signature");

        assertThat(signature.path("keyId").asText()).isEqualTo(oldKey);
        assertThat(signature.path("status").asText()).isEqualTo("verified");
    }

    @Test
    void afterRotation_publishedListCarriesBothKeysWithTheirValidity() {
        Instant created = hub.clock.instant();
        hub.clock.advance(Duration.ofDays(3));
        Instant retiredAt = hub.clock.instant();
        String newKey = rotate().keyId();

        Response listed = hub.browser().get("/api/signing-keys");

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().size()).isEqualTo(2);
        assertThat(listed.json().get(0).path("keyId").asText()).isEqualTo(newKey);
        assertThat(listed.json().get(0).path("current").asBoolean()).isTrue();
        assertThat(listed.json().get(0).path("retiredAt").isNull()).isTrue();
        assertThat(listed.json().get(1).path("keyId").asText()).isEqualTo(oldKey);
        assertThat(listed.json().get(1).path("current").asBoolean()).isFalse();
        assertThat(Instant.parse(listed.json().get(1).path("createdAt").asText())).isBeforeOrEqualTo(created);
        assertThat(listed.json().get(1).path("retiredAt").asText()).isEqualTo(retiredAt.toString());
    }

    @Test
    void afterRotation_gitVerifiesOldAndNewCommitsWithThePublishedKeys() throws Exception {
        rotate();
        commitThroughTheApi("after");
        try (Gpg gpg = new Gpg(dir.resolve("gnupg"))) {
            GitCli git = new GitCli(dir.resolve("home")).with("GNUPGHOME", gpg.home().toString());
            Files.writeString(dir.resolve("hub-keys.asc"), hub.browser().get("/api/signing-key").body());
            gpg.run("--import", dir.resolve("hub-keys.asc").toString());
            git.ok(dir, "clone", "-q", GitCli.url(hub.uri(), write, "alice/rotated"), "work");

            GitCli.Result newest = git.run(dir.resolve("work"), "verify-commit", "HEAD");
            GitCli.Result first = git.run(dir.resolve("work"), "verify-commit", "HEAD~1");

            assertThat(newest.exit()).as(newest.stderr()).isZero();
            assertThat(first.exit()).as(first.stderr()).isZero();
            assertThat(first.stderr()).contains(oldKey);
        }
    }

    @Test
    void signatureByTheRetiredKeyMadeAfterItsRetirement_unverified() throws Exception {
        HubSigningKeys keys = HubSigningKeys.loadOrCreate(hub.dataDir().resolve("secrets"), "hubkeep@localhost", hub.clock);
        ServerSigningKey retired = keys.current();
        keys.rotate();
        hub.clock.advance(Duration.ofMinutes(1));

        CommitSignature status = new SignatureVerifier(null, null, keys).verify(signedCommit(retired), "alice@example.com");

        assertThat(status.status()).isEqualTo(CommitSignature.Status.UNVERIFIED);
        assertThat(status.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("after it was retired"));
    }

    @Test
    void rotationThatStoppedBeforeTheNewKeyWasInPlace_oldKeyStaysCurrentAndVerifies() throws Exception {
        Path current = hub.dataDir().resolve("secrets").resolve(HubSigningKeys.CURRENT_FILE);
        byte[] before = Files.readAllBytes(current);
        rotate();
        Files.write(current, before); // as if the process died after writing the retired list

        commitThroughTheApi("after the crash");

        assertThat(hub.browser().get("/api/signing-keys").json().size()).isEqualTo(1);
        assertThat(commits().get(0).path("signature").path("keyId").asText()).isEqualTo(oldKey);
        assertThat(commits().get(0).path("signature").path("status").asText()).isEqualTo("verified");
    }

    @Test
    void rotation_keyFilesReadableByTheHubsUserOnlyAndNoTemporaryFilesLeft() throws Exception {
        rotate();

        Path secrets = hub.dataDir().resolve("secrets");
        assertThat(Files.getPosixFilePermissions(secrets.resolve(HubSigningKeys.CURRENT_FILE)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(secrets.resolve(HubSigningKeys.RETIRED_FILE)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(secrets)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    /** What the admin command does, from outside the running hub. */
    private HubSigningKeys.Published rotate() {
        return HubSigningKeys.loadOrCreate(hub.dataDir().resolve("secrets"), "hubkeep@localhost", hub.clock).rotate();
    }

    private static byte[] signedCommit(ServerSigningKey key) throws Exception {
        org.eclipse.jgit.lib.CommitBuilder commit = new org.eclipse.jgit.lib.CommitBuilder();
        commit.setTreeId(org.eclipse.jgit.lib.ObjectId.zeroId());
        org.eclipse.jgit.lib.PersonIdent ident = new org.eclipse.jgit.lib.PersonIdent("alice", "alice@example.com");
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage("leaked key\n");
        key.sign(commit);
        return commit.build();
    }

    private void commitThroughTheApi(String summary) {
        Response committed = hub.withToken(write).postNdjson("/api/models/alice/rotated/commit/main", """
                {"key": "header", "value": {"summary": "%s"}}
                {"key": "file", "value": {"path": "api.txt", "content": "aGk=", "encoding": "base64"}}
                """.formatted(summary));
        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
    }

    private JsonNode commits() {
        Response commits = hub.withToken(write).get("/api/models/alice/rotated/commits/main");
        assertThat(commits.status()).as(commits.body()).isEqualTo(200);
        return commits.json();
    }
}
