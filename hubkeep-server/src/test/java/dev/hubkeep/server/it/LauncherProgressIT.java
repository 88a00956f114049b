package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./hubkeep} shows while it builds the jar (scripts/build-progress.sh): one line per
 * Maven module and a dot per dependency downloaded, while all of Maven's output is kept in a log
 * for when the build fails.
 */
class LauncherProgressIT {

    static final String MAVEN_OUTPUT = """
            [INFO] Scanning for projects...
            [INFO] Downloading from central: https://repo.example/a.pom
            [INFO] Downloaded from central: https://repo.example/a.pom (2 kB at 10 kB/s)
            [INFO] Downloaded from central: https://repo.example/b.jar (9 kB at 40 kB/s)
            [INFO] ------------------------------------------------------------------------
            [INFO] Building Hubkeep 0.1.0-SNAPSHOT                                    [1/4]
            [INFO] Building Hubkeep server 0.1.0-SNAPSHOT                             [4/4]
            [INFO] Building jar: /work/hubkeep-server/target/hubkeep.jar
            [INFO] BUILD SUCCESS
            """;

    @TempDir
    Path dir;

    @Test
    void mavenOutput_aLinePerModuleADotPerDownload_everythingInTheLog() throws Exception {
        Path script = Path.of(System.getProperty("hubkeep.root"), "scripts", "build-progress.sh");
        Path log = dir.resolve("build.log");
        Process bash = new ProcessBuilder("bash", "-c", ". \"$1\"; started=$SECONDS; show_progress \"$2\"", "bash",
                script.toString(), log.toString()).redirectErrorStream(true).start();
        try (var in = bash.getOutputStream()) {
            in.write(MAVEN_OUTPUT.getBytes(StandardCharsets.UTF_8));
        }
        String shown = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(shown).matches("\\.\\.\n  \\[1/4] Hubkeep \\(\\d+ s\\)\n  \\[4/4] Hubkeep server \\(\\d+ s\\)\n");
        assertThat(Files.readString(log)).isEqualTo(MAVEN_OUTPUT);
    }
}
