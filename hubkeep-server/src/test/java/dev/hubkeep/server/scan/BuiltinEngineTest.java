package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builtin engine: the EICAR test file as its standard defines it, and the operator's hash list. */
class BuiltinEngineTest {

    @TempDir
    Path dir;

    private Finding scan(BuiltinEngine engine, byte[] content) throws IOException {
        Path file = dir.resolve("file");
        Files.write(file, content);
        ScanInput input = PickleFixtures.input(file, "file.txt");
        byte[] head;
        try (InputStream in = input.open()) {
            head = in.readNBytes(Scanner.HEAD);
        }
        return engine.scan(input, head);
    }

    @Test
    void eicarWithTrailingNewline_isInfected() throws IOException {
        byte[] eicar = (new String(BuiltinEngine.EICAR, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(scan(new BuiltinEngine(Set.of()), eicar)).isEqualTo(Finding.infected("builtin", "EICAR-Test-File"));
    }

    @Test
    void eicarFollowedByOtherText_isNotTheTestFile() throws IOException {
        byte[] longer = (new String(BuiltinEngine.EICAR, StandardCharsets.US_ASCII) + " and more").getBytes(StandardCharsets.US_ASCII);

        assertThat(scan(new BuiltinEngine(Set.of()), longer).status()).isEqualTo(ScanStatus.OK);
    }

    @Test
    void contentOnTheKnownBadList_isInfected() throws IOException {
        byte[] content = "a known bad file".getBytes(StandardCharsets.UTF_8);
        String sha256 = java.util.HexFormat.of().formatHex(sha256(content));

        assertThat(scan(new BuiltinEngine(Set.of(sha256)), content).detail()).isEqualTo("known-bad sha256 " + sha256);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
