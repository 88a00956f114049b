package dev.hubkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PepperRingTest {

    @TempDir
    Path dir;

    @Test
    void digest_equalsTheJdksHmacSha256() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.writeString(dir.resolve("pepper"), "k1 " + Base64.getEncoder().encodeToString(key) + "\n");
        PepperRing ring = PepperRing.loadOrCreate(dir.resolve("pepper"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));

        for (int i = 0; i < 100; i++) {
            String token = TokenFormat.generate();
            assertThat(ring.current().digest(token)).isEqualTo(mac.doFinal(token.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void digest_rfc4231TestCase2() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        PepperRing.Pepper pepper = new PepperRing.Pepper("k", "Jefe".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(pepper.digest("what do ya want for nothing?")))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void loadOrCreate_newFile_ownerReadableOnly() throws Exception {
        Path file = dir.resolve("secrets").resolve("token-pepper");

        PepperRing.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void rotate_keepsOldKeyForLookups() {
        PepperRing first = PepperRing.loadOrCreate(dir.resolve("pepper"));

        PepperRing rotated = first.rotate();

        assertThat(rotated.current().id()).isNotEqualTo(first.current().id());
        assertThat(rotated.previous().get(0).id()).isEqualTo(first.current().id());
    }
}
