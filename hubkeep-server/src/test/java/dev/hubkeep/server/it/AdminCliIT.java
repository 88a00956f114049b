package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubkeep admin} commands on a data directory, a server running on it or not. */
class AdminCliIT {

    @TempDir
    Path dir;

    record Run(int status, String stdout, String stderr) {}

    @Test
    void userCreate_whileServerRuns_accountCanSignInAtOnce() throws Exception {
        Path data = dir.resolve("data");
        try (HubProcess hub = HubProcess.serve(data)) {
            Run run = admin(data, "operator password\n", "--username", "bob", "--email", "bob@example.com", "--verified");

            Response login = hub.browser().postJson("/api/login", """
                    {"username": "bob", "password": "operator password"}""");

            assertThat(run.status()).isZero();
            assertThat(login.status()).isEqualTo(200);
        }
    }

    @Test
    void userCreate_verified_whoamiShowsVerifiedEmail() throws Exception {
        Path data = dir.resolve("data");
        admin(data, "operator password", "--username", "bob", "--email", "bob@example.com", "--verified");
        try (HubProcess hub = HubProcess.serve(data)) {
            var browser = hub.browser();
            browser.postJson("/api/login", "{\"username\": \"bob\", \"password\": \"operator password\"}");

            assertThat(browser.get("/api/whoami-v2").json().path("emailVerified").asBoolean()).isTrue();
        }
    }

    @Test
    void userCreate_printsOneConfirmationLine() throws Exception {
        Run run = admin(dir.resolve("data"), "operator password\n", "--username", "bob", "--email", "bob@example.com", "--verified", "--admin");

        assertThat(run.stdout()).isEqualTo("Created user bob (administrator).\n");
    }

    @Test
    void userCreate_invalidUsername_exit1WithReason() throws Exception {
        Run run = admin(dir.resolve("data"), "operator password\n", "--username", "-bob", "--email", "bob@example.com");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr()).contains("error: Username may contain only letters");
    }

    @Test
    void userCreate_withoutPasswordStdin_usageErrorExit2() throws Exception {
        Run run = run(dir.resolve("data"), "", List.of("admin", "user", "create", "--username", "bob", "--email", "bob@example.com"));

        assertThat(run.status()).isEqualTo(2);
    }

    @Test
    void tokenCreate_printsOnlyTheTokenWhichThenWorks() throws Exception {
        Path data = dir.resolve("data");
        admin(data, "operator password", "--username", "bob", "--email", "bob@example.com", "--verified");
        Run run = run(data, "", List.of("admin", "token", "create", "--user", "bob", "--name", "ci", "--role", "write", "--expires", "30d"));

        String token = run.stdout().strip();
        try (HubProcess hub = HubProcess.serve(data)) {
            Response whoami = hub.browser().send(hub.browser().request("/api/whoami-v2")
                    .header("Authorization", "Bearer " + token).GET().build());

            assertThat(run.stdout()).isEqualTo(token + "\n").startsWith("hf_");
            assertThat(whoami.json().path("auth").path("accessToken").path("role").asText()).isEqualTo("write");
            assertThat(whoami.json().path("auth").path("expiresAt").asText()).isNotEmpty();
        }
    }

    @Test
    void tokenCreate_unknownUser_exit1() throws Exception {
        Run run = run(dir.resolve("data"), "", List.of("admin", "token", "create", "--user", "nobody", "--name", "ci"));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr()).contains("No user named 'nobody'");
    }

    @Test
    void serviceAccountToken_printsOnlyTheTokenWhichReachesOnlyItsRepo() throws Exception {
        Path data = dir.resolve("data");
        admin(data, "operator password", "--username", "bob", "--email", "bob@example.com", "--verified");
        run(data, "", List.of("admin", "org", "create", "--name", "acme", "--owner", "bob"));
        Run account = run(data, "", List.of("admin", "service-account", "create", "--org", "acme", "--name", "ci-bot",
                "--role", "write"));
        Run run = run(data, "", List.of("admin", "service-account", "token", "create", "--org", "acme", "--account",
                "ci-bot", "--name", "ci", "--repo", "acme/model-a", "--write"));

        String token = run.stdout().strip();
        try (HubProcess hub = HubProcess.serve(data)) {
            Response whoami = hub.browser().send(hub.browser().request("/api/whoami-v2")
                    .header("Authorization", "Bearer " + token).GET().build());

            assertThat(account.stdout()).isEqualTo("Created service account acme/ci-bot with role write.\n");
            assertThat(run.stdout()).isEqualTo(token + "\n").startsWith("hf_");
            assertThat(whoami.json().path("name").asText()).isEqualTo("acme/ci-bot");
            assertThat(whoami.json().path("auth").path("accessToken").path("fineGrained").path("scoped").get(0)
                    .path("entity").path("name").asText()).isEqualTo("acme/model-a");
        }
    }

    @Test
    void userDelete_tokensRevoked() throws Exception {
        Path data = dir.resolve("data");
        admin(data, "operator password", "--username", "bob", "--email", "bob@example.com", "--verified");
        String token = run(data, "", List.of("admin", "token", "create", "--user", "bob", "--name", "ci")).stdout().strip();

        Run run = run(data, "", List.of("admin", "user", "delete", "--username", "bob"));

        try (HubProcess hub = HubProcess.serve(data)) {
            Response whoami = hub.browser().send(hub.browser().request("/api/whoami-v2")
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(run.stdout()).isEqualTo("Deleted bob.\n");
            assertThat(whoami.status()).isEqualTo(401);
        }
    }

    @Test
    void orgCreate_ownerIsAdminOverTheApi() throws Exception {
        Path data = dir.resolve("data");
        admin(data, "operator password", "--username", "bob", "--email", "bob@example.com", "--verified");

        Run run = run(data, "", List.of("admin", "org", "create", "--name", "acme", "--owner", "bob"));

        try (HubProcess hub = HubProcess.serve(data)) {
            Response members = hub.browser().get("/api/organizations/acme/members");
            assertThat(run.stdout()).isEqualTo("Created organization acme with admin bob.\n");
            assertThat(members.json().get(0).path("role").asText()).isEqualTo("admin");
        }
    }

    @Test
    void pepperRotate_existingTokensKeepWorking() throws Exception {
        Path data = dir.resolve("data");
        admin(data, "operator password", "--username", "bob", "--email", "bob@example.com", "--verified");
        String token = run(data, "", List.of("admin", "token", "create", "--user", "bob", "--name", "ci")).stdout().strip();

        Run rotate = run(data, "", List.of("admin", "pepper", "rotate"));

        try (HubProcess hub = HubProcess.serve(data)) {
            var request = hub.browser().request("/api/whoami-v2").header("Authorization", "Bearer " + token).GET().build();
            assertThat(rotate.status()).isZero();
            assertThat(hub.browser().send(request).status()).isEqualTo(200);
            assertThat(hub.browser().send(request).status()).isEqualTo(200); // now under the new pepper
        }
    }

    @Test
    void signingKeyRotate_whileServerRuns_serverPublishesBothKeysAndSignsWithTheNewOne() throws Exception {
        Path data = dir.resolve("data");
        try (HubProcess hub = HubProcess.serve(data)) {
            String before = hub.browser().get("/api/signing-keys").json().get(0).path("keyId").asText();

            Run rotate = run(data, "", List.of("admin", "signing-key", "rotate"));

            Response keys = hub.browser().get("/api/signing-keys");
            assertThat(rotate.status()).as(rotate.stderr()).isZero();
            assertThat(rotate.stdout()).contains("Key " + before + " is retired").contains("no restart is needed");
            assertThat(keys.json().size()).isEqualTo(2);
            assertThat(keys.json().get(0).path("keyId").asText()).isNotEqualTo(before);
            assertThat(rotate.stdout()).startsWith("New commit signing key " + keys.json().get(0).path("keyId").asText());
            assertThat(keys.json().get(1).path("keyId").asText()).isEqualTo(before);
            assertThat(keys.json().get(1).path("retiredAt").isTextual()).isTrue();
        }
    }

    private static Run admin(Path data, String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("admin", "user", "create", "--password-stdin"));
        all.addAll(List.of(args));
        return run(data, stdin, all);
    }

    private static Run run(Path data, String stdin, List<String> args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--data", data.toString()));
        Process process = HubProcess.command(all).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }
}
