package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.HubProcess;
import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.concurrent.locks.LockSupport;
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
        // One request through the whole pipeline first: on a busy machine the very first request can
        // still be loading classes when the SIGTERM lands, before Jetty has handed it to a handler,
        // and a request not yet handed over is refused (503) by design.
        hub.browser().send(hub.browser().request("/api/signup").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
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
            await("the hub to read the request's headers", () -> hubHasRead(socket));

            hub.process().destroy(); // SIGTERM while the handler waits for the rest of the body
            await("the hub to start stopping", () -> Files.readString(hub.stderr()).contains("Stopping"));
            out.write(body, 10, body.length - 10);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();

            assertThat(statusLine).isEqualTo("HTTP/1.1 201 Created");
        }
        assertThat(hub.process().waitFor()).isIn(0, 143);
    }

    interface Check {
        boolean holds() throws IOException;
    }

    /** Polls {@code check} until it holds, for at most 30 s: another process gives no signal to wait on. */
    private static void await(String what, Check check) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited 30 s for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * Whether the hub's end of this connection has nothing left to read: the kernel's receive queue
     * of that socket (Linux, {@code /proc/net/tcp} and {@code tcp6}: local and remote {@code address:PORT} in hex,
     * then {@code tx_queue:rx_queue}) is empty, so the hub took in all that was sent.
     */
    private static boolean hubHasRead(Socket socket) throws IOException {
        String hubEnd = String.format(":%04X", socket.getPort());
        String clientEnd = String.format(":%04X", socket.getLocalPort());
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) { // Java's sockets are often IPv6, v4-mapped
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 4 && fields[1].endsWith(hubEnd) && fields[2].endsWith(clientEnd)) {
                    return fields[4].endsWith(":00000000");
                }
            }
        }
        return false;
    }
}
