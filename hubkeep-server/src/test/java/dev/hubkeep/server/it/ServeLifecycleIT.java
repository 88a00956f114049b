package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.HubProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void serve_onATakenPort_oneLineNamingThePortAndWhatToDo_exitsNonZero() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path out = dir.resolve("serve.out");
            Path err = dir.resolve("serve.err");

            Process serve = HubProcess.command(List.of("serve", "--port", String.valueOf(port), "--data", dir.resolve("data").toString()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve gave up").isTrue();
            assertThat(serve.exitValue()).isEqualTo(1);
            assertThat(Files.readString(out)).isEmpty();
            assertThat(Files.readAllLines(err)).singleElement().asString()
                    .contains("Port " + port + " on 127.0.0.1 is already in use")
                    .contains("--port")
                    .doesNotContain("Exception");
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
            Thread.sleep(500); // another process: let it read the headers and start the handler

            hub.process().destroy(); // SIGTERM while the handler waits for the rest of the body
            Thread.sleep(500);
            out.write(body, 10, body.length - 10);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();

            assertThat(statusLine).isEqualTo("HTTP/1.1 201 Created");
        }
        assertThat(hub.process().waitFor()).isIn(0, 143);
    }
}
