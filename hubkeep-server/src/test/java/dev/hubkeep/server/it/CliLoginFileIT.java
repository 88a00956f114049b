package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hubkeep login} saves the token where the Hub's Python client then finds it, whatever
 * {@code $HOME}, {@code $XDG_CACHE_HOME}, {@code $HF_HOME} or {@code $HF_TOKEN_PATH} say: the
 * same file for both, as the Python client itself computes it.
 */
class CliLoginFileIT {

    /** Variables that choose the token file; none of the test runner's own may leak in. */
    static final List<String> CHOOSERS = List.of("HOME", "XDG_CACHE_HOME", "HF_HOME", "HF_TOKEN_PATH", "HF_TOKEN",
            "HUGGING_FACE_HUB_TOKEN", "HF_HUB_CACHE");

    @TempDir
    static Path shared;

    static HubProcess hub;
    static String token;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path data = shared.resolve("data");
        token = HubProcess.userWithToken(data, "alice", "laptop", "read");
        hub = HubProcess.serve(data);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        hub.close();
    }

    /** Each case is a list of NAME=VALUE, with {@code @} standing for this test's folder. */
    @ParameterizedTest
    @ValueSource(strings = {
        "HOME=@/home",
        "HOME=@/home XDG_CACHE_HOME=@/xdg",
        "HOME=@/home HF_HOME=~/hf",
        "HOME=@/home TEAM=acme HF_HOME=$HOME/hf-${TEAM}",
        "HOME=@/home HF_TOKEN_PATH=~/tokens/hub",
        "HOME=@/home HF_HOME=relative/hf"
    })
    void login_savesTheTokenWhereThePythonClientReadsIt(String variables) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String pair : variables.split(" ")) {
            String[] nameValue = pair.split("=", 2);
            env.put(nameValue[0], nameValue[1].replace("@", dir.toString()));
        }
        env.put("HF_ENDPOINT", hub.uri().toString().replaceAll("/$", ""));
        Files.createDirectories(dir.resolve("home"));

        Run login = run(HubProcess.command(List.of("login")), env, token + "\n");
        Run python = run(new ProcessBuilder(ClientScript.acceptance("python").resolve(".venv/bin/python").toString(), "-c",
                "from huggingface_hub import get_token; print(get_token())"), env, "");

        assertThat(login.exit()).as(login.output()).isZero();
        assertThat(python.output().strip()).as("the token huggingface_hub finds").isEqualTo(token);
    }

    record Run(int exit, String output) {}

    /** Runs in this test's folder with exactly {@code env} for the variables that choose the token file. */
    private Run run(ProcessBuilder builder, Map<String, String> env, String stdin) throws Exception {
        Path output = Files.createTempFile(dir, "output", ".txt");
        builder.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        CHOOSERS.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        builder.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", builder.command()) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
