package dev.hubkeep.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real clamd (Debian {@code clamav-daemon}), started in the foreground on a private unix socket
 * with a signature database written here, never downloaded: one body signature ({@code .ndb},
 * any file type, any offset) matching {@link #SIGNATURE_TEXT}. clamd reports it as
 * {@link #SIGNATURE_NAME}. A test without clamd installed is skipped, saying so.
 */
public final class Clamd implements AutoCloseable {

    /** Bytes that make any file match the test signature. */
    public static final String SIGNATURE_TEXT = "HUBKEEP-CLAMD-TEST-SIGNATURE-7f3a";
    /** What clamd calls a match (it marks signatures not from ClamAV itself as UNOFFICIAL). */
    public static final String SIGNATURE_NAME = "Hubkeep.Test.Signature.UNOFFICIAL";

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Path socket;
    private final Process process;

    private Clamd(Path socket, Process process) {
        this.socket = socket;
        this.process = process;
    }

    /** Skips the calling test when no clamd is installed. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/clamd"))
                || System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "clamd")));
        Assumptions.assumeTrue(installed,
                "SKIPPED: clamd is not installed (Debian package clamav-daemon, which .ci/run installs): no real ClamAV to test against");
    }

    /** Where a clamd started by {@link #start} in {@code dir} listens. */
    public static Path socketIn(Path dir) {
        return dir.resolve("clamd.sock");
    }

    /** Starts clamd in {@code dir} (its config, database, socket and log all there) and waits until it answers PING. */
    public static Clamd start(Path dir) {
        assumeInstalled();
        try {
            Files.createDirectories(dir.resolve("db"));
            String hex = HexFormat.of().formatHex(SIGNATURE_TEXT.getBytes(StandardCharsets.US_ASCII));
            Files.writeString(dir.resolve("db").resolve("hubkeep-test.ndb"), "Hubkeep.Test.Signature:0:*:" + hex + "\n");
            Path socket = socketIn(dir);
            Files.writeString(dir.resolve("clamd.conf"), String.join("\n",
                    "LocalSocket " + socket,
                    "DatabaseDirectory " + dir.resolve("db"),
                    "TemporaryDirectory " + dir,
                    "LogFile " + dir.resolve("clamd.log"),
                    "Foreground yes",
                    "Bytecode no",
                    "StreamMaxLength 50M",
                    "") );
            String binary = Files.isExecutable(Path.of("/usr/sbin/clamd")) ? "/usr/sbin/clamd" : "clamd";
            Process process = new ProcessBuilder(binary, "-c", dir.resolve("clamd.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("clamd.out").toFile())
                    .start();
            Clamd clamd = new Clamd(socket, process);
            try {
                Await.until(START_DEADLINE, "clamd to answer PING on " + socket, () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("clamd exited: " + read(dir.resolve("clamd.out")));
                    }
                    return clamd.pings();
                });
            } catch (RuntimeException | AssertionError e) {
                clamd.close();
                throw e;
            }
            return clamd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path socket() {
        return socket;
    }

    private boolean pings() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("zPING\0".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(16);
            channel.read(reply);
            return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII).startsWith("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
