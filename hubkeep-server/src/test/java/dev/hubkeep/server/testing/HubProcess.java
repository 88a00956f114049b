package dev.hubkeep.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar ({@code hubkeep.jar}, built before the integration tests run) started as its
 * own process, so tests can kill it as an operator or a crash would.
 */
public final class HubProcess implements AutoCloseable {

    private final Process process;
    private final URI uri;
    private final Path stderr;

    private HubProcess(Process process, URI uri, Path stderr) {
        this.process = process;
        this.uri = uri;
        this.stderr = stderr;
    }

    /** {@code hubkeep serve --port 0} on {@code dataDir}; returns once it prints its URL. */
    public static HubProcess serve(Path dataDir, String... extraArgs) throws IOException {
        return serve(dataDir, 0, extraArgs);
    }

    /** {@code hubkeep serve --port <port>} on {@code dataDir} (a hub started again on the same address); returns once it prints its URL. */
    public static HubProcess serve(Path dataDir, int port, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port), "--data", dataDir.toString()));
        args.addAll(List.of(extraArgs));
        Path stderr = dataDir.resolveSibling(dataDir.getFileName() + "-serve-" + System.nanoTime() + ".log");
        Process process = command(args).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> readLine(out)).orTimeout(60, TimeUnit.SECONDS).join();
        if (line == null || !line.startsWith("Hubkeep is listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("serve did not start; it printed: " + line);
        }
        return new HubProcess(process, URI.create(line.substring("Hubkeep is listening on ".length()) + "/"), stderr);
    }

    /** A {@code java -jar hubkeep.jar ARGS} command line, ready to start. */
    public static ProcessBuilder command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-jar", jar()));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /**
     * With the operator commands, on {@code dataDir}: creates the verified user {@code username}
     * (password {@code "<username>'s password"}) and a token for them; returns the token.
     * {@code databaseArgs} (e.g. {@code --database-url …}) go to both commands.
     */
    public static String userWithToken(Path dataDir, String username, String tokenName, String role, String... databaseArgs)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("admin", "user", "create", "--data", dataDir.toString(), "--username", username,
                "--email", username + "@example.com", "--password-stdin", "--verified"));
        args.addAll(List.of(databaseArgs));
        Process user = command(args).start();
        try (var in = user.getOutputStream()) {
            in.write((username + "'s password").getBytes(StandardCharsets.UTF_8));
        }
        if (user.waitFor() != 0) {
            throw new IllegalStateException("admin user create failed: " + new String(user.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return token(dataDir, username, tokenName, role, databaseArgs);
    }

    /** With the operator commands, on {@code dataDir}: a new token of {@code username}'s; returns its value. */
    public static String token(Path dataDir, String username, String tokenName, String role, String... databaseArgs)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("admin", "token", "create", "--data", dataDir.toString(), "--user", username,
                "--name", tokenName, "--role", role));
        args.addAll(List.of(databaseArgs));
        Process token = command(args).start();
        String value = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (token.waitFor() != 0) {
            throw new IllegalStateException("admin token create failed: " + new String(token.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return value;
    }

    public URI uri() {
        return uri;
    }

    public Browser browser() {
        return new Browser(uri);
    }

    /** Requests to this server authenticated by {@code token}. */
    public TokenClient withToken(String token) {
        return new TokenClient(browser(), token);
    }

    public Process process() {
        return process;
    }

    public Path stderr() {
        return stderr;
    }

    /** SIGKILL: no shutdown hook, nothing flushed, exactly like a crash or the OOM killer. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String jar() {
        String jar = System.getProperty("hubkeep.jar");
        if (jar == null) {
            throw new IllegalStateException("hubkeep.jar is not set: run integration tests through Maven (./run-tests)");
        }
        return jar;
    }
}
