package dev.hubkeep.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the client looks for its settings: the environment variables, the working directory and
 * the account's home directory, passed in so that tests (and programs embedding the client) choose
 * them. The variables are those of the Hub's own clients, and the files are found exactly as the
 * Python client finds them ({@link PythonPaths}), so both read the same setup and the same login.
 *
 * @param accountHome the home directory from the password database (Java's {@code user.home}),
 *     used only when {@code $HOME} is not set, as Python does
 */
public record ClientEnvironment(Map<String, String> variables, Path workingDir, Path accountHome) {

    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8080";

    public ClientEnvironment {
        variables = Map.copyOf(variables);
    }

    /** This process's environment, working directory and account home. */
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
     * {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}, with {@code ~} and
     * {@code $VARIABLES} expanded and {@code ~} meaning {@code $HOME}.
     */
    public Path hfHome() {
        return workingDir.resolve(hfHomeText());
    }

    /** The token file: {@code HF_TOKEN_PATH}, else {@code $HF_HOME/token}, expanded as {@code HF_HOME} is. */
    public Path tokenFile() {
        return workingDir.resolve(expand(raw("HF_TOKEN_PATH").orElseGet(() -> PythonPaths.join(hfHomeText(), "token"))));
    }

    private String hfHomeText() {
        String cacheHome = raw("XDG_CACHE_HOME").orElseGet(() -> PythonPaths.join(PythonPaths.expandUser("~", variables,
                accountHome.toString()), ".cache"));
        return expand(raw("HF_HOME").orElseGet(() -> PythonPaths.join(cacheHome, "huggingface")));
    }

    /**
     * A variable as Python's {@code os.getenv} reads it: set, even to an empty value, counts (an
     * empty {@code HF_HOME} makes both clients use the working directory).
     */
    private Optional<String> raw(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** {@code os.path.expandvars(os.path.expanduser(text))}. */
    private String expand(String text) {
        return PythonPaths.expandVars(PythonPaths.expandUser(text, variables, accountHome.toString()), variables);
    }
}
