package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A hash's text form is Xet's: four little-endian words, each printed as 16 hex digits. */
class XetHashTest {

    // xet-core merklehash/data_hash.rs, test_hash_hex_string_endianness: these raw bytes print as this text.
    private static final int[] RAW = {
            22, 175, 58, 132, 4, 75, 131, 214, 190, 153, 138, 66, 226, 3, 153, 242,
            204, 86, 80, 234, 249, 153, 80, 99, 159, 80, 65, 138, 236, 231, 149, 78};
    private static final String TEXT = "d6834b04843aaf16f29903e2428a99be635099f9ea5056cc4e95e7ec8a41509f";

    @Test
    void rawBytes_printAsXetCoreDoes() {
        assertThat(XetHash.fromBytes(bytes(RAW)).hex()).isEqualTo(TEXT);
    }

    @Test
    void text_parsesBackToTheSameRawBytes() {
        assertThat(XetHash.fromHex(TEXT).toBytes()).isEqualTo(bytes(RAW));
    }

    @Test
    void text_isTheBigEndianBytesOfEachWord() {
        // xet-core merklehash/data_hash.rs, test_hash_from_be_bytes: the text's digits, read as bytes in order.
        byte[] bigEndian = bytes(214, 131, 75, 4, 132, 58, 175, 22, 242, 153, 3, 226, 66, 138, 153, 190,
                99, 80, 153, 249, 234, 80, 86, 204, 78, 149, 231, 236, 138, 65, 80, 159);
        assertThat(java.util.HexFormat.of().formatHex(bigEndian)).isEqualTo(TEXT);
    }

    @Test
    void upperCaseText_parsesAsLowerCase() {
        assertThat(XetHash.fromHex(TEXT.toUpperCase(java.util.Locale.ROOT))).isEqualTo(XetHash.fromHex(TEXT));
    }

    @Test
    void shortText_isRefusedSayingWhatAHashLooksLike() {
        assertThatThrownBy(() -> XetHash.fromHex("abcdef"))
                .isInstanceOf(XetFormatException.class)
                .hasMessage("a Xet hash is 64 hex digits; got 'abcdef'");
    }

    @Test
    void nonHexDigit_isRefused() {
        assertThatThrownBy(() -> XetHash.fromHex("g".repeat(64))).isInstanceOf(XetFormatException.class);
    }

    @Test
    void signCharacter_isRefusedThoughNumberParsingWouldTakeIt() {
        assertThatThrownBy(() -> XetHash.fromHex("+" + TEXT.substring(1))).isInstanceOf(XetFormatException.class);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
