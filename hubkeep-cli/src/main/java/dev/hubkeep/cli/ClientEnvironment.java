package dev.hubkeep.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the client looks for its settings: the environment variables, the working directory and
 * the home directory, passed in so that tests (and programs embedding the client) choose them.
 * The variables are those of the Hub's own clients, so both read the same setup.
 */
public record ClientEnvironment(Map<String, String> variables, Path workingDir, Path home) {

    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8080";

    public ClientEnvironment {
        variables = Map.copyOf(variables);
    }

    /** This process's environment, working directory and home. */
    public static ClientEnvironment current() {
        return new ClientEnvironment(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    /** {@code --endpoint}, else {@code HF_ENDPOINT}, else the local default; no trailing slash. */
    public String endpoint(Optional<String> flag) {
        String endpoint = flag.or(() -> variable("HF_ENDPOINT")).orElse(DEFAULT_ENDPOINT).strip();
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    /**
     * {@code $HF_HOME} as the Hub's Python client finds it: {@code HF_HOME}, else
     * {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}.
     */
    public Path hfHome() {
        return variable("HF_HOME").map(this::path)
                .orElseGet(() -> variable("XDG_CACHE_HOME").map(this::path).orElse(home.resolve(".cache")).resolve("huggingface"));
    }

    /** The token file: {@code HF_TOKEN_PATH}, else {@code $HF_HOME/token}. */
    public Path tokenFile() {
        return variable("HF_TOKEN_PATH").map(this::path).orElseGet(() -> hfHome().resolve("token"));
    }

    private Path path(String text) {
        String expanded = text.startsWith("~/") ? home.resolve(text.substring(2)).toString() : text;
        return workingDir.resolve(expanded);
    }
}
