package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hub that lies (hostile, or someone in the middle of a plain-http connection) cannot make
 * {@code download} write, delete or link anything outside the folder it downloads into, nor write
 * through a link inside it.
 */
class DownloaderSafetyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final RepoId BERT = new RepoId("model", "acme", "bert");
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final byte[] CONTENT = "{\"hidden_size\": 768}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    FakeHub hub;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void cache_commitIdThatIsAPath_refusedAndTheUsersFileUntouched() throws IOException {
        Path victim = Files.createDirectories(dir.resolve("victim")).resolve("notes.txt");
        Files.writeString(victim, "mine");
        // <cache>/models--acme--bert/snapshots/../../../../victim is dir/victim
        serve("../../../../victim", Map.of("notes.txt", CONTENT));

        assertThatThrownBy(() -> downloadToCache()).isInstanceOf(HubClientException.class).hasMessageContaining("commit");
        assertThat(victim).isRegularFile().hasContent("mine");
    }

    @Test
    void cache_blobIdThatIsNotHex_refusedBeforeAnyFileIsFetched() {
        serve(COMMIT, Map.of("config.json", CONTENT));
        hub.json("/api/models/acme/bert/tree/", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("type", "file").put("path", "config.json").put("size", CONTENT.length).put("oid", ".")).toString());

        assertThatThrownBy(() -> downloadToCache()).isInstanceOf(HubClientException.class);
        assertThat(hub.requested()).noneMatch(path -> path.contains("/resolve/"));
    }

    @Test
    void cache_honestHub_laidOutAsTheHubsCache() throws IOException {
        serve(COMMIT, Map.of("config.json", CONTENT));

        Path snapshot = downloadToCache();

        Path repo = dir.resolve("cache/models--acme--bert");
        assertThat(snapshot).isEqualTo(repo.resolve("snapshots").resolve(COMMIT));
        assertThat(Files.readSymbolicLink(snapshot.resolve("config.json"))).isEqualTo(Path.of("../../blobs/" + gitBlobId(CONTENT)));
        assertThat(snapshot.resolve("config.json")).hasBinaryContent(CONTENT);
        assertThat(repo.resolve("refs/main")).hasContent(COMMIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "", "sub/../config.json", "./config.json", "sub//config.json", "sub/", "sub\\config.json",
            "/tmp/config.json", "con\u0000fig.json", "con\nfig.json", "con\u001b[2Jfig.json", "sub/./config.json"})
    void folder_listedPathThatIsNotAPlainRelativePath_refusedAndNothingWritten(String hostile) throws IOException {
        serve(COMMIT, Map.of(hostile, CONTENT));
        Path local = dir.resolve("copy");

        assertThatThrownBy(() -> downloadTo(local)).isInstanceOf(HubClientException.class).hasMessageContaining("path");
        assertThat(everythingUnder(dir)).isEmpty();
    }

    @Test
    void folder_entryDot_doesNotTurnTheFolderIntoAFile() {
        Path local = dir.resolve("copy");
        serve(COMMIT, Map.of(".", CONTENT));

        Throwable outcome = catchThrowable(() -> downloadTo(local));

        assertThat(Files.isRegularFile(local)).as("--local-dir became a file (the download ended with %s)", outcome).isFalse();
    }

    @Test
    void folder_symlinkedFolderInside_notWrittenThrough() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path local = Files.createDirectories(dir.resolve("copy"));
        Files.createSymbolicLink(local.resolve("sub"), outside);
        serve(COMMIT, Map.of("sub/config.json", CONTENT));

        assertThatThrownBy(() -> downloadTo(local)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("sub");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void folder_incompleteFileThatIsASymlink_notWrittenThrough() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "mine");
        Path local = Files.createDirectories(dir.resolve("copy"));
        Files.createSymbolicLink(local.resolve("config.json.incomplete"), victim);
        serve(COMMIT, Map.of("config.json", CONTENT));

        downloadTo(local);

        assertThat(victim).hasContent("mine");
    }

    @Test
    void folder_symlinkWhereTheFileGoes_replacedByTheFileNotFollowed() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "mine");
        Path local = Files.createDirectories(dir.resolve("copy"));
        Files.createSymbolicLink(local.resolve("config.json"), victim);
        serve(COMMIT, Map.of("config.json", CONTENT));

        downloadTo(local);

        assertThat(Files.isSymbolicLink(local.resolve("config.json"))).isFalse();
        assertThat(local.resolve("config.json")).hasBinaryContent(CONTENT);
        assertThat(victim).hasContent("mine");
    }

    @Test
    void folder_nestedPaths_downloaded() {
        serve(COMMIT, Map.of("config.json", CONTENT, "sub/deeper/weights.txt", CONTENT));
        Path local = dir.resolve("copy");

        downloadTo(local);

        assertThat(local.resolve("config.json")).hasBinaryContent(CONTENT);
        assertThat(local.resolve("sub/deeper/weights.txt")).hasBinaryContent(CONTENT);
    }

    private Path downloadToCache() {
        return hub.client().download(BERT, "main", List.of(), new Downloader.Target.Cache(dir.resolve("cache")), Progress.QUIET);
    }

    private Path downloadTo(Path local) {
        return hub.client().download(BERT, "main", List.of(), new Downloader.Target.Folder(local), Progress.QUIET);
    }

    /** Serves {@code files} (git blobs, not LFS) as the repository at {@code commit}, whatever the request's commit. */
    private void serve(String commit, Map<String, byte[]> files) {
        hub.json("/api/models/acme/bert/revision/", JSON.createObjectNode().put("sha", commit).toString());
        ArrayNode tree = JSON.createArrayNode();
        files.forEach((path, content) -> tree.addObject()
                .put("type", "file").put("path", path).put("size", content.length).put("oid", gitBlobId(content)));
        hub.json("/api/models/acme/bert/tree/", tree.toString());
        hub.route("/acme/bert/resolve/", raw -> {
            String afterCommit = raw.substring(raw.indexOf("/resolve/") + "/resolve/".length());
            String path = URLDecoder.decode(afterCommit.substring(afterCommit.indexOf('/') + 1), StandardCharsets.UTF_8);
            // a hostile hub answers with the bytes whatever the path looks like
            return FakeHub.Reply.bytes(files.getOrDefault(path, files.values().iterator().next()));
        });
    }

    private static String gitBlobId(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> everythingUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> !path.equals(root)).filter(path -> Files.exists(path, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }
}
