package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.HubProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token deleted with {@code hubkeep token delete}: the command says which token it revoked, and
 * every later use of that token tells the user where to make a new one, also once the hub answers
 * it from memory (429) rather than with a 401.
 */
class CliRevokedTokenIT {

    @TempDir
    static Path shared;

    static HubProcess hub;
    static String adminToken;
    static String laptopToken;
    static String endpoint;

    record Run(int exit, String stdout, String stderr) {}

    @BeforeAll
    static void start() throws Exception {
        Path data = shared.resolve("data");
        adminToken = HubProcess.userWithToken(data, "alice", "admin", "admin");
        Process laptop = HubProcess.command(List.of("admin", "token", "create", "--data", data.toString(), "--user", "alice",
                "--name", "laptop", "--role", "read")).start();
        laptopToken = new String(laptop.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(laptop.waitFor()).isZero();
        hub = HubProcess.serve(data);
        endpoint = hub.uri().toString().replaceAll("/$", "");
        String id = hubkeep(adminToken, "token", "list").stdout().lines()
                .filter(line -> line.contains("  laptop  ")).findFirst().orElseThrow().split(" ")[0];
        Run deleted = hubkeep(adminToken, "token", "delete", id);
        assertThat(deleted.stdout()).as(deleted.stderr()).contains("Deleted the token \"laptop\" (" + id + ")");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        hub.close();
    }

    @Test
    void revokedToken_namesTheSettingsPage() throws Exception {
        Run whoami = hubkeep(laptopToken, "whoami");

        assertThat(whoami.exit()).isEqualTo(1);
        assertThat(whoami.stderr()).contains("revoked").contains(endpoint + "/settings/tokens");
    }

    @Test
    void revokedTokenSentAgainAndAgain_stillNamesTheSettingsPageNotAWait() throws Exception {
        Run last = hubkeep(laptopToken, "whoami");
        for (int i = 0; i < 12 && !last.stderr().contains("refused 10 times"); i++) {
            last = hubkeep(laptopToken, "whoami");
        }

        assertThat(last.stderr()).contains("refused 10 times").contains(endpoint + "/settings/tokens").doesNotContain("Try again");
    }

    private static Run hubkeep(String token, String... args) throws Exception {
        ProcessBuilder builder = HubProcess.command(List.of(args)).directory(shared.toFile());
        builder.environment().put("HF_TOKEN", token);
        builder.environment().put("HF_ENDPOINT", endpoint);
        builder.environment().put("HF_HOME", shared.resolve("hf-home").toString());
        Path out = Files.createTempFile(shared, "out", ".txt");
        Path err = Files.createTempFile(shared, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hubkeep " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
