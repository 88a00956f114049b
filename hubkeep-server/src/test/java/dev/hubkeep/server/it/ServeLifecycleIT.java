package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.HubProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server as an operator runs it: start, answer, stop on SIGTERM. */
class ServeLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void serve_freshDataDirectory_answersHealthz() throws Exception {
        try (HubProcess hub = HubProcess.serve(dir.resolve("data"))) {
            assertThat(hub.browser().get("/healthz").status()).isEqualTo(200);
        }
    }

    @Test
    void sigterm_stopsCleanlyAndSaysSo() throws Exception {
        HubProcess hub = HubProcess.serve(dir.resolve("data"));

        int status = hub.terminate();

        assertThat(status).isIn(0, 143);
        assertThat(Files.readString(hub.stderr())).contains("Stopped");
    }

    @Test
    void sigterm_duringASignup_letsItFinish() throws Exception {
        HubProcess hub = HubProcess.serve(dir.resolve("data"));
        byte[] body = """
                {"username": "alice", "email": "alice@example.com", "password": "password-of-alice"}"""
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(hub.uri().getHost(), hub.uri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/signup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            // Nothing outside the process shows the handler has started: one bounded pause, not a poll.
            Thread.sleep(500);

            hub.process().destroy(); // SIGTERM while the handler waits for the rest of the body
            Await.until(Duration.ofSeconds(30), "serve to log that it is stopping", () -> logged(hub, "Stopping"));
            out.write(body, 10, body.length - 10);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();

            assertThat(statusLine).isEqualTo("HTTP/1.1 201 Created");
        }
        assertThat(hub.process().waitFor()).isIn(0, 143);
    }

    private static boolean logged(HubProcess hub, String text) {
        try {
            return Files.readString(hub.stderr()).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
