package dev.hubkeep.server.files;

import static dev.hubkeep.server.files.FilesFixture.commit;
import static dev.hubkeep.server.files.FilesFixture.commitOk;
import static dev.hubkeep.server.files.FilesFixture.file;
import static dev.hubkeep.server.files.FilesFixture.lfsFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path field of the files API refuses paths that leave the repository or reach into git's
 * own files, with a 400, and changes nothing.
 */
class PathSafetyTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private static final List<String> BAD_PATHS = List.of(
            "../escape.txt", "a/../../escape.txt", "/etc/passwd", ".git/config", "sub/.git/hooks/pre-receive",
            ".GIT/config", "a//b.txt", "./a.txt", "nul\u0000byte.txt", "back\\slash.txt", "x".repeat(1100),
            "line\nbreak.txt", "a/.git./b.txt", ".git /config", ".git. ./config", "GIT~1/config");

    static TestHub hub;
    /** The repository under test, {@code <owner>/bert}: its owner's name is unique on the shared hub. */
    static String repo;
    static String api;
    static TokenClient alice;
    static String head;
    static String oid;

    @BeforeAll
    static void start() {
        hub = hubs.sqlite();
        String owner = hub.uniqueName("alice");
        repo = owner + "/bert";
        api = "/api/models/" + repo;
        Browser session = hub.verifiedUser(owner);
        alice = hub.withToken(hub.createToken(session, "write", "write"));
        hub.createRepo(session, owner, "bert", false);
        oid = FilesFixture.uploadLfs(alice, "/" + repo + ".git", "lfs".getBytes(StandardCharsets.UTF_8));
        head = commitOk(alice, api, "main", commit("start", file("a.txt", "a")));
    }

    static Stream<Arguments> commitLines() {
        List<Function<String, String>> lines = List.of(
                p -> file(p, "x"), p -> lfsFile(p, oid, 3), FilesFixture::deletedFile, FilesFixture::deletedFolder);
        List<String> kinds = List.of("file", "lfsFile", "deletedFile", "deletedFolder");
        return BAD_PATHS.stream().flatMap(path -> java.util.stream.IntStream.range(0, lines.size())
                .mapToObj(i -> Arguments.of(kinds.get(i), printable(path), lines.get(i).apply(path))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("commitLines")
    void commit_badPathInAnyOperation_400AndNothingChanged(String kind, String shown, String line) {
        Response response = alice.postNdjson(api + "/commit/main", commit("bad", file("fine.txt", "ok"), line));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.error()).startsWith("Invalid");
        assertThat(alice.get(api + "/revision/main").json().path("sha").asText()).isEqualTo(head);
    }

    static Stream<Arguments> badPaths() {
        return BAD_PATHS.stream().map(p -> Arguments.of(printable(p), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPaths")
    void preupload_badPath_400(String shown, String path) {
        ObjectNode body = FilesFixture.JSON.createObjectNode();
        body.putArray("files").addObject().put("path", path).put("size", 1).put("sample", "eA==");

        assertThat(alice.postJson(api + "/preupload/main", body.toString()).status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPaths")
    void pathsInfo_badPath_400(String shown, String path) {
        ObjectNode body = FilesFixture.JSON.createObjectNode();
        body.putArray("paths").add(path);

        assertThat(alice.postJson(api + "/paths-info/main", body.toString()).status()).isEqualTo(400);
    }

    static Stream<Arguments> badUrlPaths() {
        return Stream.of("..%2Fescape.txt", "a/..%2F..%2Fescape.txt", "%2Fetc%2Fpasswd", ".git/config", "nul%00byte.txt",
                        "back%5Cslash.txt", "x".repeat(1100), "a/.git./b", ".git%20/config")
                .map(p -> Arguments.of(p.length() > 40 ? "overlong" : p, p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUrlPaths")
    void resolve_badPath_4xxNeverAFile(String shown, String path) {
        int status = alice.sendForBytes(alice.request("/" + repo + "/resolve/main/" + path).GET().build()).statusCode();

        assertThat(status).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUrlPaths")
    void tree_badPath_400(String shown, String path) {
        assertThat(alice.get(api + "/tree/main/" + path).status()).isEqualTo(400);
    }

    private static String printable(String path) {
        String shown = path.length() > 40 ? "overlong" : path;
        return shown.replace("\u0000", "\\0").replace("\n", "\\n");
    }

}
