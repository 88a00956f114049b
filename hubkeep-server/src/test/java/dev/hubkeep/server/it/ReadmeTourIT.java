package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.ClientScript;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's tour, pasted as a reader would: its {@code ```sh} blocks run in order in one bash,
 * from the root of the checkout, with the real launcher ({@code hubkeep} on PATH, which runs the
 * jar this build packaged), a fresh {@code $HOME} and {@code $TMPDIR} (the tour works in
 * {@code mktemp -d}), and a free port. What is changed for CI, and why, is in {@link ReadmeTour}.
 */
class ReadmeTourIT {

    /** Variables of the test runner's own that would change what the tour does. */
    static final List<String> RUNNER_ONLY = List.of("HF_HOME", "HF_TOKEN", "HF_TOKEN_PATH", "HF_ENDPOINT", "HF_HUB_CACHE",
            "HUGGING_FACE_HUB_TOKEN", "XDG_CACHE_HOME", "GNUPGHOME", "VIRTUAL_ENV");

    @TempDir
    static Path dir;

    static Path root;
    static Set<String> checkoutBefore;
    static int exit;
    static String output;

    /** Runs the tour once; each test then looks at one thing about that run. */
    @BeforeAll
    static void runTheTour() throws Exception {
        root = Path.of(System.getProperty("hubkeep.root")).toRealPath();
        checkoutBefore = names(root);
        int port = freePort();
        Path script = Files.writeString(dir.resolve("tour.sh"), ReadmeTour.script(
                ReadmeTour.blocks(Files.readString(root.resolve("README.md"))), port, ClientScript.acceptance("python").resolve(".venv")));
        Path log = dir.resolve("tour.log");
        ProcessBuilder bash = new ProcessBuilder("bash", script.toString())
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        RUNNER_ONLY.forEach(bash.environment()::remove);
        bash.environment().keySet().removeIf(name -> name.startsWith("HUBKEEP_"));
        bash.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        bash.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        bash.environment().put("HUBKEEP_PORT", String.valueOf(port));

        Process tour = bash.start();
        boolean finished = tour.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            tour.descendants().forEach(ProcessHandle::destroyForcibly);
            tour.destroyForcibly();
            tour.waitFor(30, TimeUnit.SECONDS);
        }
        exit = finished ? tour.exitValue() : -1;
        output = Files.readString(log);
    }

    @Test
    void everyShellBlock_inOrder_runsWithoutAFailure() throws IOException {
        assertThat(exit).as("the tour stopped (-1: still running after 5 minutes); it printed, last lines:%n%s%nhub.log:%n%s",
                tail(output, 80), hubLog()).isZero();
    }

    @Test
    void checkout_gainsNoFile() throws IOException {
        assertThat(names(root)).as("top-level entries of the checkout after the tour").isEqualTo(checkoutBefore);
    }

    private static String hubLog() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("tmp"), 2)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().equals("hub.log")).toList();
            StringBuilder text = new StringBuilder();
            for (Path log : logs) {
                text.append(tail(Files.readString(log), 40));
            }
            return text.isEmpty() ? "(none)" : text.toString();
        }
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
