package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Finding Hubkeep tokens in file bytes: only well-formed ones, standing alone, wherever they fall. */
class SecretFinderTest {

    private static java.util.Set<String> find(byte[] content) throws IOException {
        return SecretFinder.find(new ByteArrayInputStream(content));
    }

    @Test
    void tokenInText_isFound() throws IOException {
        String token = TokenFormat.generate();

        assertThat(find(("HF_TOKEN=" + token + "\n").getBytes(StandardCharsets.UTF_8))).containsExactly(token);
    }

    @Test
    void tokenWithABadChecksum_isNotFound() throws IOException {
        String token = TokenFormat.generate();
        String broken = token.substring(0, 42) + (token.charAt(42) == 'a' ? 'b' : 'a');

        assertThat(find(("token: " + broken).getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void tokenInsideALongerWord_isNotATokenOfOurs() throws IOException {
        String token = TokenFormat.generate();

        assertThat(find(("x" + token + "9").getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void tokenAcrossTheReadBuffersBoundary_isFound() throws IOException {
        String token = TokenFormat.generate();
        byte[] content = new byte[(1 << 20) + 100];
        Arrays.fill(content, (byte) ' ');
        byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, content, (1 << 20) - 20, bytes.length);

        assertThat(find(content)).containsExactly(token);
    }
}
