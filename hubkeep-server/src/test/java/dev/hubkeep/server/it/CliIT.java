package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.Gpg;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubkeep login / whoami / logout} as a user runs them, against the packaged server. */
class CliIT {

    @TempDir
    static Path shared;

    static HubProcess hub;
    static String token;
    static String otherToken;
    static String adminToken;

    @TempDir
    Path dir;

    Path hfHome;
    Path work;

    record Run(int exit, String stdout, String stderr) {}

    @BeforeAll
    static void start() throws Exception {
        Path data = shared.resolve("data");
        token = HubProcess.userWithToken(data, "alice", "laptop", "write");
        otherToken = HubProcess.userWithToken(data, "bob", "bobs-ci", "read");
        Process admin = HubProcess.command(List.of("admin", "token", "create", "--data", data.toString(), "--user", "alice",
                "--name", "cli-admin", "--role", "admin")).start();
        adminToken = new String(admin.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        admin.waitFor();
        hub = HubProcess.serve(data);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        hub.close();
    }

    @BeforeEach
    void paths() throws IOException {
        hfHome = dir.resolve("hf-home");
        work = Files.createDirectories(dir.resolve("work"));
    }

    @Test
    void loginViaStdin_whoamiUploadDownloadLogout_thenNotLoggedIn() throws Exception {
        Run login = hubkeep(Map.of(), token + "\n", "login");
        assertThat(login.exit()).as(login.stderr()).isZero();
        assertThat(login.stdout()).contains("as alice").contains("laptop");
        assertThat(Files.readString(hfHome.resolve("token"))).isEqualTo(token);

        Run whoami = hubkeep(Map.of(), "", "whoami");
        assertThat(whoami.exit()).as(whoami.stderr()).isZero();
        assertThat(whoami.stdout()).contains("user:  alice").contains("laptop, role write");

        Files.createDirectories(work.resolve("folder/nested"));
        Files.write(work.resolve("folder/weights.bin"), randomBytes(30 * 1024 * 1024, 3));
        Files.writeString(work.resolve("folder/nested/notes.txt"), "notes");
        assertThat(hubkeep(Map.of(), "", "repo", "create", "logged-in").exit()).isZero();
        Run upload = hubkeep(Map.of(), "", "upload", "alice/logged-in", "folder");
        assertThat(upload.exit()).as(upload.stderr()).isZero();
        Run download = hubkeep(Map.of(), "", "download", "alice/logged-in", "--local-dir", "copy");
        assertThat(download.exit()).as(download.stderr()).isZero();
        assertThat(Files.readAllBytes(work.resolve("copy/weights.bin"))).isEqualTo(Files.readAllBytes(work.resolve("folder/weights.bin")));
        assertThat(Files.readString(work.resolve("copy/nested/notes.txt"))).isEqualTo("notes");

        assertThat(hubkeep(Map.of(), "", "logout").exit()).isZero();
        Run after = hubkeep(Map.of(), "", "whoami");
        assertThat(after.exit()).isEqualTo(1);
        assertThat(after.stderr()).contains("Not logged in").contains("hubkeep login");
    }

    @Test
    void login_pastedWithSpacesAndNewline_trimmedAndSaved() throws Exception {
        Run login = hubkeep(Map.of(), "   " + token + "  \r\n", "login");

        assertThat(login.exit()).as(login.stderr()).isZero();
        assertThat(Files.readString(hfHome.resolve("token"))).isEqualTo(token);
    }

    @Test
    void hfToken_overridesTheSavedLogin() throws Exception {
        hubkeep(Map.of(), token + "\n", "login");

        Run whoami = hubkeep(Map.of("HF_TOKEN", otherToken), "", "whoami");

        assertThat(whoami.stdout()).contains("user:  bob").contains("(from HF_TOKEN)");
    }

    @Test
    void hfToken_withTrailingNewline_works() throws Exception {
        Run whoami = hubkeep(Map.of("HF_TOKEN", token + "\n"), "", "whoami");

        assertThat(whoami.exit()).as(whoami.stderr()).isZero();
        assertThat(whoami.stdout()).contains("user:  alice");
    }

    @Test
    void dotEnvInWorkingDirectory_read() throws Exception {
        Files.writeString(work.resolve(".env"), "HF_TOKEN=" + otherToken + "\n");

        Run whoami = hubkeep(Map.of(), "", "whoami");

        assertThat(whoami.stdout()).contains("user:  bob").contains("(from .env)");
    }

    @Test
    void truncatedToken_notCopiedWholeWithoutAnyRequest() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once closed: a request would fail
        }
        Run whoami = hubkeep(Map.of("HF_TOKEN", token.substring(0, token.length() - 3),
                "HF_ENDPOINT", "http://127.0.0.1:" + closedPort), "", "whoami");

        assertThat(whoami.exit()).isEqualTo(2);
        assertThat(whoami.stderr()).contains("copied whole").doesNotContain("Could not reach");
    }

    @Test
    void revokedLookingToken_refusedWithWhatToDo() throws Exception {
        String wrong = token.substring(0, 10) + (token.charAt(10) == 'a' ? 'b' : 'a') + token.substring(11);

        Run login = hubkeep(Map.of(), wrong + "\n", "login");

        assertThat(login.exit()).isIn(1, 2);
        assertThat(login.stderr()).containsAnyOf("copied whole", "refused the token");
        assertThat(hfHome.resolve("token")).doesNotExist();
    }

    @Test
    void loginFile_readByThePythonClient() throws Exception {
        hubkeep(Map.of(), token + "\n", "login");

        String whoami = python("from huggingface_hub import HfApi, get_token\n"
                + "import json\n"
                + "print(json.dumps({'same': get_token() is not None, 'name': HfApi().whoami()['name']}))\n");

        assertThat(whoami).contains("\"same\":true").contains("\"name\":\"alice\"");
    }

    @Test
    void pythonLogin_usedByHubkeepWhoami() throws Exception {
        python("from huggingface_hub import login\nlogin(token='" + otherToken + "', add_to_git_credential=False)\nprint('{}')\n");

        Run whoami = hubkeep(Map.of(), "", "whoami");

        assertThat(whoami.exit()).as(whoami.stderr()).isZero();
        assertThat(whoami.stdout()).contains("user:  bob");
    }

    @Test
    void loginFile_readByTheJsClientSuite() throws Exception {
        hubkeep(Map.of(), token + "\n", "login");

        JsonNode js = node("read", Map.of());

        assertThat(js.path("ok").asBoolean()).as(js.toString()).isTrue();
        assertThat(js.path("path").asText()).isEqualTo(hfHome.resolve("token").toString());
        assertThat(js.path("name").asText()).isEqualTo("alice");
        assertThat(js.path("tokenRole").asText()).isEqualTo("write");
    }

    @Test
    void jsClientSuiteLogin_usedByHubkeepWhoami() throws Exception {
        JsonNode js = node("write", Map.of("LOGIN_TOKEN", otherToken + "\n"));
        assertThat(js.path("ok").asBoolean()).as(js.toString()).isTrue();

        Run whoami = hubkeep(Map.of(), "", "whoami");

        assertThat(whoami.exit()).as(whoami.stderr()).isZero();
        assertThat(whoami.stdout()).contains("user:  bob");
    }

    @Test
    void uploadFolderWithLargeFile_downloadElsewhere_identicalBytes() throws Exception {
        Path folder = Files.createDirectories(work.resolve("model/sub"));
        Files.write(work.resolve("model/weights.bin"), randomBytes(30 * 1024 * 1024, 1));
        Files.writeString(work.resolve("model/README.md"), "# model\n");
        Files.writeString(folder.resolve("config.json"), "{}");
        Map<String, String> asAlice = Map.of("HF_TOKEN", adminToken);
        assertThat(hubkeep(asAlice, "", "repo", "create", "cli-model", "--private").exit()).isZero();

        Run upload = hubkeep(asAlice, "", "upload", "alice/cli-model", "model", "-m", "weights and config");
        assertThat(upload.exit()).as(upload.stderr()).isZero();
        assertThat(upload.stderr()).as("piped: no progress drawn").doesNotContain("%");
        Run download = hubkeep(asAlice, "", "download", "alice/cli-model", "--local-dir", "elsewhere");
        assertThat(download.exit()).as(download.stderr()).isZero();

        assertThat(Files.readAllBytes(work.resolve("elsewhere/weights.bin"))).isEqualTo(Files.readAllBytes(work.resolve("model/weights.bin")));
        assertThat(Files.readString(work.resolve("elsewhere/sub/config.json"))).isEqualTo("{}");
    }

    @Test
    void download_killedHalfway_resumesWhereItStopped() throws Exception {
        byte[] content = randomBytes(120 * 1024 * 1024, 2);
        Files.write(work.resolve("huge.bin"), content);
        Map<String, String> asAlice = Map.of("HF_TOKEN", adminToken);
        hubkeep(asAlice, "", "repo", "create", "cli-huge");
        assertThat(hubkeep(asAlice, "", "upload", "alice/cli-huge", "huge.bin").exit()).isZero();
        Path partial = work.resolve("got/huge.bin.incomplete");

        ProcessBuilder first = HubProcess.command(List.of("download", "alice/cli-huge", "--local-dir", "got")).directory(work.toFile());
        first.environment().putAll(baseEnvironment());
        first.environment().putAll(asAlice);
        Process running = first.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // Polled, not spun: a spinning test thread takes one of the machine's two cores from the download.
        Await.until(Duration.ofSeconds(60), "a megabyte of the download on disk",
                () -> unchecked(() -> Files.exists(partial) ? Files.size(partial) : 0) > 1024 * 1024 || !running.isAlive());
        running.destroyForcibly();
        running.waitFor(30, TimeUnit.SECONDS);
        long kept = Files.exists(partial) ? Files.size(partial) : 0;
        assertThat(kept).as("the download was killed half-way").isGreaterThan(0).isLessThan(content.length);

        Run again = hubkeep(asAlice, "", "download", "alice/cli-huge", "--local-dir", "got");

        assertThat(again.exit()).as(again.stderr()).isZero();
        assertThat(again.stderr()).contains("Resuming huge.bin from");
        assertThat(Files.readAllBytes(work.resolve("got/huge.bin"))).isEqualTo(content);
        assertThat(partial).doesNotExist();
    }

    @Test
    void upload_killedHalfway_resumesWithThePartsAlreadySent() throws Exception {
        // Large enough (40 parts) that the upload is reliably still running when its first part lands.
        Path big = writeRandom(work.resolve("big.bin"), 320L * 1024 * 1024, 3);
        Map<String, String> asAlice = Map.of("HF_TOKEN", adminToken);
        hubkeep(asAlice, "", "repo", "create", "cli-resume");
        Path staging = shared.resolve("data/lfs/multipart");

        ProcessBuilder first = HubProcess.command(List.of("upload", "alice/cli-resume", "big.bin")).directory(work.toFile());
        first.environment().putAll(baseEnvironment());
        first.environment().putAll(asAlice);
        Path firstOutput = work.resolve("first-upload.log");
        Process running = first.redirectErrorStream(true).redirectOutput(firstOutput.toFile()).start();
        Await.until(Duration.ofSeconds(60), "a part of the upload staged on the hub",
                () -> unchecked(() -> stagedParts(staging)) > 0 || !running.isAlive());
        boolean killed = running.isAlive();
        running.destroyForcibly();
        running.waitFor(30, TimeUnit.SECONDS);
        assertThat(stagedParts(staging)).as("the upload was killed (%s) after some of its 40 parts; it printed: %s", killed,
                Files.readString(firstOutput)).isBetween(1L, 40L);

        Run again = hubkeep(asAlice, "", "upload", "alice/cli-resume", "big.bin");

        assertThat(again.exit()).as(again.stderr()).isZero();
        assertThat(again.stderr()).containsPattern("Resumed big\\.bin: \\d+ of 40 parts were already on the hub");
        assertThat(hubkeep(asAlice, "", "download", "alice/cli-resume", "--local-dir", "back").exit()).isZero();
        assertThat(sha256(work.resolve("back/big.bin"))).isEqualTo(sha256(big));
        assertThat(stagedParts(staging)).as("assembled parts are removed").isZero();
    }

    @Test
    void upload_onATerminal_drawsAProgressBar() throws Exception {
        Files.write(work.resolve("bar.bin"), randomBytes(12 * 1024 * 1024, 4));
        Map<String, String> asAlice = Map.of("HF_TOKEN", adminToken);
        hubkeep(asAlice, "", "repo", "create", "cli-bar");
        String command = String.join(" ", HubProcess.command(List.of("upload", "alice/cli-bar", "bar.bin")).command().stream()
                .map(word -> "'" + word.replace("'", "'\\''") + "'").toList());

        // script(1) runs the command on a pseudo-terminal, as a user's shell would, and copies what it shows
        Run onTerminal = run(new ProcessBuilder("script", "-qec", command, "/dev/null"), asAlice, "");

        assertThat(onTerminal.exit()).as(onTerminal.stdout()).isZero();
        assertThat(onTerminal.stdout()).contains("bar.bin").contains("[========================] 100%")
                .contains("12.6 MB / 12.6 MB");
    }

    @Test
    void download_ofAGatedRepoWithoutAccess_namesWhereToRequestIt() throws Exception {
        Map<String, String> asAlice = Map.of("HF_TOKEN", adminToken);
        hubkeep(asAlice, "", "repo", "create", "cli-gated");
        String endpoint = hub.uri().toString().replaceAll("/$", "");
        var gate = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(endpoint + "/api/models/alice/cli-gated/settings"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"gated\": \"manual\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(gate.statusCode()).as(gate.body()).isEqualTo(200);

        Run bob = hubkeep(Map.of("HF_TOKEN", otherToken), "", "download", "alice/cli-gated", "--local-dir", "gated");

        assertThat(bob.exit()).isEqualTo(1);
        assertThat(bob.stderr()).contains("alice/cli-gated is gated")
                .contains("POST " + endpoint + "/alice/cli-gated/ask-access");
    }

    @Test
    void publisher_addListDelete_aGithubActionsPublisher() throws Exception {
        Map<String, String> asAlice = Map.of("HF_TOKEN", adminToken);

        Run added = hubkeep(asAlice, "", "publisher", "add", "cli-gha", "--issuer", "https://token.actions.githubusercontent.com",
                "--claim", "repository=alice/train", "--claim", "ref=refs/heads/main", "--repo", "alice/cli-published",
                "--access", "write", "--lifetime", "15");
        Run listed = hubkeep(asAlice, "", "publisher", "list");
        Run deleted = hubkeep(asAlice, "", "publisher", "delete", added.stdout().split("\\s+")[0]);

        assertThat(added.exit()).as(added.stderr()).isZero();
        assertThat(listed.stdout()).contains("cli-gha  https://token.actions.githubusercontent.com")
                .contains("ref=refs/heads/main,repository=alice/train  alice/cli-published  write  15m");
        assertThat(deleted.exit()).as(deleted.stderr()).isZero();
        assertThat(hubkeep(asAlice, "", "publisher", "list").stdout()).doesNotContain("cli-gha");
    }

    @Test
    void publisher_addWithoutAnIdentifyingClaim_refusedSayingWhich() throws Exception {
        Run added = hubkeep(Map.of("HF_TOKEN", adminToken), "", "publisher", "add", "cli-loose", "--issuer",
                "https://token.actions.githubusercontent.com", "--claim", "ref=refs/heads/main", "--repo", "alice/x",
                "--access", "read");

        assertThat(added.exit()).isEqualTo(1);
        assertThat(added.stderr()).contains("identifies the project").contains("repository");
    }

    @Test
    void gpg_addListDelete_aKeyMadeByGpg() throws Exception {
        try (Gpg gpg = new Gpg(dir.resolve("gnupg"))) {
            String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
            Files.writeString(work.resolve("alice.asc"), gpg.exportPublic(fingerprint));
            Map<String, String> asAlice = Map.of("HF_TOKEN", adminToken);

            Run added = hubkeep(asAlice, "", "gpg", "add", "alice.asc");
            Run listed = hubkeep(asAlice, "", "gpg", "list");
            Run deleted = hubkeep(asAlice, "", "gpg", "delete", added.stdout().split("\\s+")[0]);

            assertThat(added.exit()).as(added.stderr()).isZero();
            assertThat(added.stdout()).contains(fingerprint.substring(24)).contains("alice@example.com");
            assertThat(listed.stdout()).contains(fingerprint.substring(24));
            assertThat(deleted.exit()).as(deleted.stderr()).isZero();
            assertThat(hubkeep(asAlice, "", "gpg", "list").stdout()).doesNotContain(fingerprint.substring(24));
        }
    }

    @Test
    void gpg_addKeyForAnotherEmail_refusedNamingYourVerifiedEmail() throws Exception {
        try (Gpg gpg = new Gpg(dir.resolve("gnupg"))) {
            String fingerprint = gpg.generate("Alice <alice@laptop.local>", "1y");

            Run added = hubkeep(Map.of("HF_TOKEN", adminToken), gpg.exportPublic(fingerprint), "gpg", "add", "-");

            assertThat(added.exit()).isEqualTo(1);
            assertThat(added.stderr()).contains("alice@laptop.local").contains("alice@example.com");
        }
    }

    /** Parts staged on the hub, counted by name only: a part's temporary file may be renamed while we look. */
    interface IoLong {
        long get() throws IOException;
    }

    private static long unchecked(IoLong value) {
        try {
            return value.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long stagedParts(Path staging) throws IOException {
        long count = 0;
        for (String upload : names(staging)) {
            count += names(staging.resolve(upload)).stream().filter(name -> name.matches("\\d+\\.[0-9a-f]{64}")).count();
        }
        return count;
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
            // not there (yet, or any more)
        }
        return names;
    }

    private static Path writeRandom(Path file, long size, long seed) throws IOException {
        java.util.Random random = new java.util.Random(seed);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("HF_HOME", hfHome.toString());
        env.put("HF_ENDPOINT", hub.uri().toString().replaceAll("/$", ""));
        env.put("HOME", dir.toString());
        return env;
    }

    private Run hubkeep(Map<String, String> extra, String stdin, String... args) throws Exception {
        return run(HubProcess.command(List.of(args)), extra, stdin);
    }

    private Run run(ProcessBuilder builder, Map<String, String> extra, String stdin) throws Exception {
        builder.directory(work.toFile());
        builder.environment().remove("HF_TOKEN");
        builder.environment().remove("HUGGING_FACE_HUB_TOKEN");
        builder.environment().putAll(baseEnvironment());
        builder.environment().putAll(extra);
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", builder.command()) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), out.join(), err.join());
    }

    /** Runs acceptance/js/token-file.mjs (the real @huggingface/hub client) in this test's HF_HOME. */
    private JsonNode node(String mode, Map<String, String> extra) throws Exception {
        Path js = ClientScript.acceptance("js");
        Map<String, String> env = baseEnvironment();
        env.put("HUB_URL", hub.uri().toString().replaceAll("/$", ""));
        env.putAll(extra);
        return ClientScript.run(List.of("node", js.resolve("token-file.mjs").toString(), mode), js, env);
    }

    private String python(String code) throws Exception {
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        Map<String, String> env = baseEnvironment();
        env.put("HF_HUB_DISABLE_TELEMETRY", "1");
        env.put("HF_TOKEN", "");
        var result = ClientScript.run(List.of(python.toString(), "-c", code), work, env);
        return result.toString();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
