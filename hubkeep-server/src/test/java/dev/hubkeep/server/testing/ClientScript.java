package dev.hubkeep.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a script that drives a real Hub client (acceptance/js, acceptance/python) and reads what it
 * reports: the scripts print one line of JSON last.
 */
public final class ClientScript {

    private ClientScript() {}

    public static JsonNode run(List<String> command, Path workingDir, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(command, workingDir, environment, Duration.ofSeconds(60));
    }

    /** As {@link #run(List, Path, Map)}, killing the script if it runs longer than {@code timeout}. */
    public static JsonNode run(List<String> command, Path workingDir, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Read on another thread so the timeout holds even while the script keeps its output open.
        CompletableFuture<String> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            String partial;
            try {
                partial = reading.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                partial = "(its output could not be read)";
            }
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s: "
                    + partial);
        }
        String output;
        try {
            output = reading.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(String.join(" ", command) + ": its output could not be read", e);
        }
        String lastLine = output.strip().lines().reduce((a, b) -> b).orElse("");
        try {
            return new ObjectMapper().readTree(lastLine);
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + " printed no JSON (did ./run-tests install the"
                    + " acceptance clients?): " + output, e);
        }
    }

    /** The acceptance folder of one client, under the project root the build passes in. */
    public static Path acceptance(String client) {
        return Path.of(System.getProperty("hubkeep.root"), "acceptance", client);
    }
}
