package dev.hubkeep.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script that drives a real Hub client (acceptance/js, acceptance/python) and reads what it
 * reports: the scripts print one line of JSON last.
 */
public final class ClientScript {

    private ClientScript() {}

    public static JsonNode run(List<String> command, Path workingDir, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s: " + output);
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
