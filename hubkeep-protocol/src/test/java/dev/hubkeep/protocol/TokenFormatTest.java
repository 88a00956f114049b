package dev.hubkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat.Problem;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenFormatTest {

    @Test
    void generate_always_wellFormedAnd43Long() {
        IntStream.range(0, 1000).mapToObj(i -> TokenFormat.generate()).forEach(token -> {
            assertThat(token).hasSize(43).startsWith("hf_");
            assertThat(TokenFormat.check(token)).isEmpty();
        });
    }

    @Test
    void generate_twice_differs() {
        assertThat(TokenFormat.generate()).isNotEqualTo(TokenFormat.generate());
    }

    @Test
    void checksum_knownBody_matchesCrc32InBase62() {
        // Computed here from the JDK's CRC32 over the bytes, independently of the implementation.
        String body = "hf_" + "a".repeat(34);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long value = crc.getValue();
        String expected = "";
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 6; i++) {
            expected = alphabet.charAt((int) (value % 62)) + expected;
            value /= 62;
        }

        assertThat(TokenFormat.checksum(body)).isEqualTo(expected);
    }

    @Test
    void check_oneCharacterChanged_badChecksum() {
        String token = TokenFormat.generate();
        char changed = token.charAt(10) == 'x' ? 'y' : 'x';
        String typo = token.substring(0, 10) + changed + token.substring(11);

        assertThat(TokenFormat.check(typo)).contains(Problem.BAD_CHECKSUM);
    }

    @Test
    void check_truncated_wrongLength() {
        String token = TokenFormat.generate();

        assertThat(TokenFormat.check(token.substring(0, 40))).contains(Problem.WRONG_LENGTH);
    }

    @Test
    void check_publicHubShapedToken_wrongLength() {
        assertThat(TokenFormat.check("hf_" + "abcdefghijklmnopqrstuvwxyzABCDEFGH")).contains(Problem.WRONG_LENGTH);
    }

    @Test
    void check_innerWhitespace_foreignCharacter() {
        String token = TokenFormat.generate();

        assertThat(TokenFormat.check(token.substring(0, 20) + " " + token.substring(21)))
                .contains(Problem.FOREIGN_CHARACTER);
    }

    @Test
    void check_trailingNewline_notAccepted() {
        assertThat(TokenFormat.check(TokenFormat.generate() + "\n")).isNotEqualTo(Optional.empty());
    }

    @Test
    void check_otherPrefix_wrongPrefix() {
        assertThat(TokenFormat.check("ghp_" + "a".repeat(39))).contains(Problem.WRONG_PREFIX);
    }

    @Test
    void trimPasted_surroundingWhitespace_removed() {
        String token = TokenFormat.generate();

        assertThat(TokenFormat.check(TokenFormat.trimPasted("  " + token + "\r\n"))).isEmpty();
    }

    @Test
    void hint_showsFirstSixAndLastFour() {
        String token = "hf_Q2xABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg1bD4a";

        assertThat(TokenFormat.hint(token)).isEqualTo("hf_Q2x…bD4a");
    }
}
