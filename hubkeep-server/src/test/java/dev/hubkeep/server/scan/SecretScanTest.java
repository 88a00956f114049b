package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Secret scanning with real git: a live Hubkeep token inside a pushed file is revoked within
 * seconds (the push itself lands), its owner is mailed and the audit log names where it was found;
 * nothing else is revoked.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class SecretScanTest {

    private static final Duration REVOKED_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    String owner;
    Browser session;
    String pushToken;
    String leaked;
    GitCli git;

    @BeforeEach
    void world() {
        hub = hubs.on(database);
        owner = hub.uniqueName("alice");
        session = hub.verifiedUser(owner);
        pushToken = hub.createToken(session, "push", "write");
        leaked = hub.createToken(session, "leaked", "read");
        hub.createRepo(session, owner, "private", true);
        git = new GitCli(dir.resolve("home"));
    }

    /** Clones the private repository, commits {@code content} as {@code path}, pushes; fails the test if the push fails. */
    private String push(String path, String content) throws IOException {
        Path work = dir.resolve("work");
        git.ok(dir, "clone", GitCli.url(hub.uri(), pushToken, owner + "/private"), "work");
        Files.createDirectories(work.resolve(path).getParent());
        Files.writeString(work.resolve(path), content);
        git.ok(work, "add", path);
        git.ok(work, "commit", "-m", "add " + path);
        git.ok(work, "push", "origin", "main");
        return git.ok(work, "rev-parse", "HEAD").strip();
    }

    private int whoamiStatus(String token) {
        return hub.withToken(token).get("/api/whoami-v2").status();
    }

    @Test
    void ownLiveTokenInAPushedFile_isRevokedWithinSeconds() throws IOException {
        push("config.py", "HF_TOKEN = \"" + leaked + "\"\n");

        Await.until(REVOKED_WITHIN, "the leaked token to stop working", () -> whoamiStatus(leaked) == 401);
    }

    @Test
    void ownLiveTokenInAPushedFile_theOtherTokensKeepWorking() throws IOException {
        push("config.py", "token=" + leaked + "\n");
        Await.until(REVOKED_WITHIN, "the leaked token to stop working", () -> whoamiStatus(leaked) == 401);

        assertThat(whoamiStatus(pushToken)).isEqualTo(200);
    }

    @Test
    void revokedToken_auditEventNamesRepositoryCommitAndPath() throws IOException {
        String commit = push("notebooks/run.py", "login('" + leaked + "')\n");
        Await.until(REVOKED_WITHIN, "the leaked token to stop working", () -> whoamiStatus(leaked) == 401);

        String log = session.get("/api/settings/audit-log").body();

        assertThat(log).contains("secret-scan", owner + "/private", commit, "notebooks/run.py");
    }

    @Test
    void revokedToken_ownerIsMailedWhereItWasFound() throws IOException {
        push("leak.txt", leaked);

        Await.until(REVOKED_WITHIN, "a mail saying where the token was found", () -> hub.mails().stream()
                .map(mail -> mail.replace("=\r\n", "").replace("=\n", "")) // quoted-printable's soft line breaks
                .anyMatch(mail -> mail.contains("To: " + owner + "@example.com")
                        && mail.contains("was found in a file pushed to " + owner + "/private") && mail.contains("leak.txt")));
    }

    @Test
    void tokenInAFileAddedAndRemovedWithinOnePush_isStillRevoked() throws IOException {
        Path work = dir.resolve("work");
        git.ok(dir, "clone", GitCli.url(hub.uri(), pushToken, owner + "/private"), "work");
        Files.writeString(work.resolve("secret.env"), "HF_TOKEN=" + leaked + "\n");
        git.ok(work, "add", "secret.env");
        git.ok(work, "commit", "-m", "oops");
        git.ok(work, "rm", "-q", "secret.env");
        git.ok(work, "commit", "-m", "remove the token again");

        git.ok(work, "push", "origin", "main");

        Await.until(REVOKED_WITHIN, "the token in the pushed history to stop working", () -> whoamiStatus(leaked) == 401);
    }

    @Test
    void tokenShapedStringWithABadChecksum_revokesNothing() throws IOException {
        String broken = leaked.substring(0, TokenFormat.LENGTH - 1) + (leaked.endsWith("a") ? "b" : "a");
        push("almost.txt", broken + "\n");
        ScanClient files = new ScanClient(hub.withToken(pushToken), owner + "/private");
        files.scanned("almost.txt");

        assertThat(whoamiStatus(leaked)).isEqualTo(200);
    }
}
