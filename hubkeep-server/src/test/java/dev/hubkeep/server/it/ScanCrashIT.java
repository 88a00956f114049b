package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.Response;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan queue survives a crash: SIGKILL while 100 files are pending (two of them mid-scan,
 * held by a clamd that accepts and never answers), and after a restart every file reaches a final
 * status.
 */
class ScanCrashIT {

    private static final int FILES = 100;

    @TempDir
    Path dir;

    @Test
    void sigkillWith100FilesPending_afterRestartAllReachAFinalStatus() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String token = HubProcess.userWithToken(data, "alice", "ci", "write");
        Path socket = dir.resolve("silent-clamd.sock");
        Path config = dir.resolve("hubkeep.conf");
        Files.writeString(config, "clamd = unix:" + socket + "\nclamd-timeout = 1h\nscan-workers = 2\n");
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel silentClamd = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silentClamd.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> acceptForever(silentClamd, held));
            try (HubProcess hub = HubProcess.serve(data, "--config", config.toString())) {
                Browser client = hub.browser();
                expect(200, client.send(client.request("/api/repos/create").header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"alice/model\"}")).build()));
                expect(200, client.send(client.request("/api/models/alice/model/commit/main")
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(hundredFiles())).build()));
                Await.until(Duration.ofMinutes(1), FILES + " files pending, some mid-scan", () ->
                        count(data, "status = 'pending'") >= FILES && count(data, "claimed_at IS NOT NULL") > 0);
                hub.kill();
            }
        }

        try (HubProcess restarted = HubProcess.serve(data)) {
            Await.until(Duration.ofMinutes(2), "every file to reach a final status", () -> count(data, "status = 'pending'") == 0);
        }
        assertThat(count(data, "status = 'ok'")).isGreaterThanOrEqualTo(FILES);
    }

    private static String hundredFiles() {
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"many files\"}}\n");
        for (int i = 0; i < FILES; i++) {
            String content = Base64.getEncoder().encodeToString(("file number " + i + "\n").getBytes());
            body.append("{\"key\":\"file\",\"value\":{\"path\":\"files/").append(i).append(".txt\",\"content\":\"")
                    .append(content).append("\",\"encoding\":\"base64\"}}\n");
        }
        return body.toString();
    }

    /** Takes every connection and holds it open, answering nothing, as a hung clamd would. */
    private static void acceptForever(ServerSocketChannel server, List<SocketChannel> held) {
        try {
            while (true) {
                SocketChannel connection = server.accept();
                synchronized (held) {
                    held.add(connection);
                }
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static long count(Path data, String where) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("hubkeep.db"));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM scan_files WHERE " + where)) {
            result.next();
            return result.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // the table may be locked for a moment; the wait asks again
        }
    }

    private static void expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + " " + response.body());
        }
    }
}
