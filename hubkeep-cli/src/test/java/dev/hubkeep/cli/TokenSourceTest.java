package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the client finds its token, in the documented order, and how it saves one. */
class TokenSourceTest {

    @TempDir
    Path dir;

    Map<String, String> variables = new HashMap<>();
    Path work;
    Path home;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(dir.resolve("work"));
        home = Files.createDirectories(dir.resolve("home"));
    }

    private ClientEnvironment environment() {
        return new ClientEnvironment(variables, work, home);
    }

    private Optional<TokenSource.Found> resolve(Optional<String> flag) {
        return TokenSource.resolve(flag, environment());
    }

    @Test
    void resolve_nothingAnywhere_empty() {
        assertThat(resolve(Optional.empty())).isEmpty();
    }

    @Test
    void resolve_flagBeatsEverything() throws IOException {
        variables.put("HF_TOKEN", "from-env");
        TokenStore.save(environment().tokenFile(), "from-file", "saved");

        assertThat(resolve(Optional.of("from-flag")).orElseThrow().token()).isEqualTo("from-flag");
    }

    @Test
    void resolve_hfTokenBeatsOldNameDotEnvAndFile() throws IOException {
        variables.put("HF_TOKEN", "from-hf-token");
        variables.put("HUGGING_FACE_HUB_TOKEN", "from-old-name");
        Files.writeString(work.resolve(".env"), "HF_TOKEN=from-dotenv\n");

        TokenSource.Found found = resolve(Optional.empty()).orElseThrow();

        assertThat(found.token()).isEqualTo("from-hf-token");
        assertThat(found.source()).isEqualTo("HF_TOKEN");
    }

    @Test
    void resolve_oldVariableName_used() {
        variables.put("HUGGING_FACE_HUB_TOKEN", "from-old-name");

        assertThat(resolve(Optional.empty()).orElseThrow().source()).isEqualTo("HUGGING_FACE_HUB_TOKEN");
    }

    @Test
    void resolve_trailingNewlineInVariable_trimmed() {
        variables.put("HF_TOKEN", "hf_abc\n");

        assertThat(resolve(Optional.empty()).orElseThrow().token()).isEqualTo("hf_abc");
    }

    @Test
    void resolve_dotEnvWithExportAndQuotes_read() throws IOException {
        Files.writeString(work.resolve(".env"), "# secrets\nOTHER=1\nexport HF_TOKEN=\"hf_quoted\"\n");

        TokenSource.Found found = resolve(Optional.empty()).orElseThrow();

        assertThat(found.token()).isEqualTo("hf_quoted");
        assertThat(found.source()).isEqualTo(".env");
    }

    @Test
    void resolve_savedLoginUnderHfHome_read() {
        variables.put("HF_HOME", dir.resolve("hf").toString());
        TokenStore.save(dir.resolve("hf/token"), "hf_saved", "laptop");

        assertThat(resolve(Optional.empty()).orElseThrow().token()).isEqualTo("hf_saved");
    }

    @Test
    void tokenFile_defaultsAsThePythonClient() {
        assertThat(environment().tokenFile()).isEqualTo(home.resolve(".cache/huggingface/token"));
        variables.put("XDG_CACHE_HOME", dir.resolve("xdg").toString());
        assertThat(environment().tokenFile()).isEqualTo(dir.resolve("xdg/huggingface/token"));
        variables.put("HF_TOKEN_PATH", dir.resolve("elsewhere/tok").toString());
        assertThat(environment().tokenFile()).isEqualTo(dir.resolve("elsewhere/tok"));
    }

    @Test
    void tokenFile_tildeMeansTheHomeVariableNotTheAccountHome() {
        variables.put("HOME", dir.resolve("from-variable").toString());

        assertThat(environment().tokenFile()).isEqualTo(dir.resolve("from-variable/.cache/huggingface/token"));
    }

    @Test
    void tokenFile_hfHomeWithTildeAndVariables_expanded() {
        variables.put("HOME", dir.resolve("h").toString());
        variables.put("TEAM", "acme");
        variables.put("HF_HOME", "~/hf-$TEAM");

        assertThat(environment().tokenFile()).isEqualTo(dir.resolve("h/hf-acme/token"));
    }

    @Test
    void tokenFile_relativeHfHome_underTheWorkingDirectory() {
        variables.put("HF_HOME", "hf");

        assertThat(environment().tokenFile()).isEqualTo(work.resolve("hf/token"));
    }

    @Test
    void save_tokenFileOwnerOnlyAndStoredTokensSection() throws IOException {
        Path file = dir.resolve("hf/token");

        TokenStore.save(file, "hf_one", "laptop");
        TokenStore.save(file, "hf_two", "ci");
        TokenStore.save(file, "hf_three", "laptop");

        assertThat(Files.readString(file)).isEqualTo("hf_three");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("hf/stored_tokens")))
                .isEqualTo("[ci]\nhf_token = hf_two\n\n[laptop]\nhf_token = hf_three\n");
    }

    @Test
    void endpoint_flagThenVariableThenDefault_withoutTrailingSlash() {
        assertThat(environment().endpoint(Optional.empty())).isEqualTo("http://127.0.0.1:8080");
        variables.put("HF_ENDPOINT", "https://hub.example.com/");
        assertThat(environment().endpoint(Optional.empty())).isEqualTo("https://hub.example.com");
        assertThat(environment().endpoint(Optional.of("http://other:1"))).isEqualTo("http://other:1");
    }
}
