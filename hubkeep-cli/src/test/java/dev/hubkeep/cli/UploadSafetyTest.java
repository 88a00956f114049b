package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploading a folder publishes its files and nothing else: not what a link inside it points to
 * elsewhere (a link to /proc/self/environ once published the user's HF_TOKEN), not a fifo or a
 * device, and not the files that hold tokens by convention unless the user names one.
 */
class UploadSafetyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final RepoId BERT = new RepoId("model", "acme", "bert");
    static final String SECRET = "HF_TOKEN=hf_not_for_the_world";

    @TempDir
    Path dir;

    FakeHub hub;
    Path folder;
    List<String> notes = new CopyOnWriteArrayList<>();
    Progress recording = new Progress() {
        @Override
        public void advanced(String what, long done, long total) {}

        @Override
        public void note(String message) {
            notes.add(message);
        }
    };

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        hub.json("/api/models/acme/bert/preupload/", "{\"files\": []}"); // every file goes in the commit itself
        hub.json("/api/models/acme/bert/commit/", "{\"commitOid\": \"0123456789abcdef0123456789abcdef01234567\"}");
        folder = Files.createDirectories(dir.resolve("model"));
        Files.writeString(folder.resolve("config.json"), "{}");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void folder_linkToAFileOutsideIt_notSent() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(folder.resolve("environ"), secret);

        upload(folder);

        assertThat(committedPaths()).containsExactly("config.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {".env", ".env.local", "sub/.env", "token", "stored_tokens", ".git-credentials", ".netrc"})
    void folder_fileThatHoldsTokensByConvention_notSent(String name) throws IOException {
        Files.createDirectories(folder.resolve(name).getParent());
        Files.writeString(folder.resolve(name), SECRET);

        upload(folder);

        assertThat(committedPaths()).containsExactly("config.json");
    }

    @Test
    void folder_skippedFile_reportedOnOneLineWithTheReason() throws IOException {
        Files.writeString(folder.resolve(".env"), SECRET);

        upload(folder);

        assertThat(notes).singleElement().asString().startsWith("Skipped .env: ").contains("secret")
                .endsWith("name it on the command line: hubkeep upload REPO " + folder.resolve(".env") + " .env");
    }

    @Test
    void folder_fifo_skippedAndReported() throws IOException, InterruptedException {
        Path fifo = folder.resolve("pipe");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");

        upload(folder);

        assertThat(notes).singleElement().asString().startsWith("Skipped pipe: ").contains("not a regular file");
    }

    @Test
    void dotEnvNamedOnTheCommandLine_sent() throws IOException {
        Path env = Files.writeString(folder.resolve(".env"), SECRET);

        upload(env);

        assertThat(committedPaths()).containsExactly(".env");
    }

    @Test
    void folder_linkToAFileInsideIt_sent() throws IOException {
        Files.createSymbolicLink(folder.resolve("alias.json"), folder.resolve("config.json"));

        upload(folder);

        assertThat(committedPaths()).containsExactly("alias.json", "config.json");
    }

    private void upload(Path local) {
        hub.client().upload(BERT, local, "", "main", "test", recording);
    }

    /** The paths of the files in the commit the hub received. */
    private List<String> committedPaths() throws IOException {
        FakeHub.Request commit = hub.requests().stream().filter(r -> r.rawPath().contains("/commit/")).findFirst().orElseThrow();
        List<String> paths = new ArrayList<>();
        for (String line : commit.text().split("\n")) {
            JsonNode operation = JSON.readTree(line);
            if (!operation.path("key").asText().equals("header")) {
                paths.add(operation.path("value").path("path").asText());
            }
        }
        return paths;
    }
}
