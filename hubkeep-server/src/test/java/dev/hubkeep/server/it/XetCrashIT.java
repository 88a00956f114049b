package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.xet.ChunkCodec;
import dev.hubkeep.server.xet.XetHash;
import dev.hubkeep.server.xet.Xorb;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the hub while the real huggingface_hub client uploads through Xet: after a restart on the
 * same address the upload completes (by the client's own retries, or by running it again as a user
 * would), the file reads back byte-identical, and every xorb the store shows is whole.
 */
class XetCrashIT {

    @TempDir
    Path dir;

    @Test
    void sigkillDuringXetUpload_restartedHubCompletesItAndShowsNothingPartial() throws Exception {
        Path data = dir.resolve("data");
        String token = HubProcess.userWithToken(data, "alice", "xet-crash", "write");
        byte[] content = new byte[60 * 1000 * 1000];
        new Random(60).nextBytes(content);
        Path file = Files.write(dir.resolve("model.bin"), content);
        int port = freePort();

        JsonNode outcome;
        HubProcess restarted;
        try (HubProcess hub = HubProcess.serve(data, port)) {
            Process upload = upload(hub.uri(), token, file);
            // The client asks the CAS about its first chunk just before it sends the xorbs.
            Await.until(Duration.ofSeconds(120), "the client to reach the Xet CAS",
                    () -> logSays(hub.stderr(), "/xet-cas/v1/chunks/") || !upload.isAlive());
            assertThat(upload.isAlive()).as("the upload was still running when the hub was killed").isTrue();
            hub.kill();
            restarted = HubProcess.serve(data, port);
            assertThat(upload.waitFor(5, TimeUnit.MINUTES)).as("the upload ended").isTrue();
            outcome = lastLine(upload);
        }
        try (HubProcess hub = restarted) {
            if (!outcome.path("ok").asBoolean()) { // the client gave up while the hub was down: run it again
                Process again = upload(hub.uri(), token, file);
                assertThat(again.waitFor(5, TimeUnit.MINUTES)).as("the second upload ended").isTrue();
                outcome = lastLine(again);
            }
            assertThat(outcome.path("ok").asBoolean()).as("%s", outcome).isTrue();

            HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            hub.uri().resolve("/alice/crash/resolve/main/model.bin"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(sha256(download.body())).isEqualTo(sha256(content));
        }
        for (Path xorb : storedXorbs(data.resolve("xet").resolve("xorbs"))) {
            Xorb.parse(Files.readAllBytes(xorb), new ChunkCodec()).verify(XetHash.fromHex(xorb.getFileName().toString()));
        }
    }

    private Process upload(URI hub, String token, Path file) throws Exception {
        Path python = ClientScript.acceptance("python").resolve(".venv/bin/python");
        ProcessBuilder builder = new ProcessBuilder(python.toString(), "xet_upload.py")
                .directory(ClientScript.acceptance("python").toFile())
                .redirectError(dir.resolve("upload-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("HUB_URL", hub.toString().replaceAll("/$", ""));
        builder.environment().put("HF_TOKEN", token);
        builder.environment().put("REPO", "alice/crash");
        builder.environment().put("FILE", file.toString());
        builder.environment().put("HF_HOME", Files.createDirectories(dir.resolve("hf-home")).toString());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static boolean logSays(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode lastLine(Process process) throws Exception {
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        return new ObjectMapper().readTree(lines.isEmpty() ? "{}" : lines.getLast());
    }

    /** Files named as xorbs (64 hex digits): what the store serves. Temporary files are named otherwise. */
    private static List<Path> storedXorbs(Path root) throws Exception {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).forEach(found::add);
            }
        }
        return found;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
