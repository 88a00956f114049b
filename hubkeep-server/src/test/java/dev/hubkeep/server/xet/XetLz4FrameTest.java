package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

/** The LZ4 frame layer accepts what real encoders write and refuses damaged frames with a reason. */
class XetLz4FrameTest {

    private final Lz4Frame frame = new Lz4Frame(
            LZ4Factory.safeInstance().safeDecompressor(), LZ4Factory.safeInstance().fastCompressor(), XXHashFactory.safeInstance().hash32());

    @Test
    void referenceCliFrame_withChecksumsAndContentSize_decodes() {
        byte[] lz4 = XetVectors.resource("lz4-cli-checksums.lz4");

        assertThat(frame.decode(lz4, 0, lz4.length, 120_000)).isEqualTo(rows());
    }

    @Test
    void frameWithLinkedBlocksFlag_inOneBlock_decodes() {
        // huggingface.js writes flags 0x40 (blocks linked) and one 4 MiB block per chunk; lz4-java's own stream refuses these.
        byte[] raw = XetVectors.arithmetic(100_000, 3, 0);
        byte[] block = LZ4Factory.safeInstance().fastCompressor().compress(raw);
        byte[] lz4 = frameOf(new byte[] {0x40, 0x70}, block);

        assertThat(frame.decode(lz4, 0, lz4.length, raw.length)).isEqualTo(raw);
    }

    @Test
    void linkedBlockThatRefersBack_isRefusedSayingWhy() {
        byte[] lz4 = XetVectors.resource("lz4-cli-linked.lz4");

        assertThatThrownBy(() -> frame.decode(lz4, 0, lz4.length, 120_000))
                .isInstanceOf(XetFormatException.class)
                .hasMessageContaining("LZ4 block 1")
                .hasMessageContaining("refers back into an earlier one is not supported");
    }

    @Test
    void encode_thenDecode_givesTheInputBack() {
        byte[] raw = XetVectors.arithmetic(131_072, 5, 9);
        byte[] lz4 = frame.encode(raw);

        assertThat(frame.decode(lz4, 0, lz4.length, raw.length)).isEqualTo(raw);
    }

    @Test
    void damagedHeaderChecksum_isRefused() {
        byte[] lz4 = frame.encode(XetVectors.arithmetic(1000, 5, 9));
        lz4[6] ^= 0x01;

        assertThatThrownBy(() -> frame.decode(lz4, 0, lz4.length, 1000))
                .isInstanceOf(XetFormatException.class)
                .hasMessage("LZ4 frame header checksum does not match");
    }

    @Test
    void damagedBlockChecksum_isRefused() {
        byte[] lz4 = XetVectors.resource("lz4-cli-checksums.lz4");
        lz4[20] ^= 0x01;

        assertThatThrownBy(() -> frame.decode(lz4, 0, lz4.length, 120_000))
                .isInstanceOf(XetFormatException.class)
                .hasMessage("LZ4 block 0 checksum does not match");
    }

    @Test
    void moreOutputThanTheChunkHeaderGives_isRefused() {
        byte[] lz4 = frame.encode(XetVectors.arithmetic(1000, 5, 9));

        assertThatThrownBy(() -> frame.decode(lz4, 0, lz4.length, 999))
                .isInstanceOf(XetFormatException.class)
                .hasMessageContaining("decodes to more bytes than the chunk header gives");
    }

    @Test
    void lessOutputThanTheChunkHeaderGives_isRefused() {
        byte[] lz4 = frame.encode(XetVectors.arithmetic(1000, 5, 9));

        assertThatThrownBy(() -> frame.decode(lz4, 0, lz4.length, 1001))
                .isInstanceOf(XetFormatException.class)
                .hasMessage("LZ4 data decodes to 1000 bytes, not the 1001 the chunk header gives");
    }

    @Test
    void truncatedFrame_isRefusedNamingWhatIsMissing() {
        byte[] lz4 = frame.encode(XetVectors.arithmetic(1000, 5, 9));

        assertThatThrownBy(() -> frame.decode(lz4, 0, lz4.length - 4, 1000))
                .isInstanceOf(XetFormatException.class)
                .hasMessage("LZ4 data is cut short in the block size: 4 bytes needed, 0 left");
    }

    @Test
    void notAFrame_isRefused() {
        byte[] bytes = "plain text".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> frame.decode(bytes, 0, bytes.length, 10))
                .isInstanceOf(XetFormatException.class)
                .hasMessage("not an LZ4 frame: magic 0x69616c70");
    }

    @Test
    void skippableFrame_isPassedOver() {
        byte[] raw = XetVectors.arithmetic(1000, 5, 9);
        ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
        lz4.writeBytes(new byte[] {0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9});
        lz4.writeBytes(frame.encode(raw));

        assertThat(frame.decode(lz4.toByteArray(), 0, lz4.size(), raw.length)).isEqualTo(raw);
    }

    /** The 120000 bytes both CLI fixtures hold (see the resources' README). */
    private static byte[] rows() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 120_000; i++) {
            text.append("row ").append(String.format("%03d", i % 1000)).append('\n');
        }
        return text.substring(0, 120_000).getBytes(StandardCharsets.US_ASCII);
    }

    /** A frame with the given flag and block-descriptor bytes, no checksums, and {@code block} as its one block. */
    private static byte[] frameOf(byte[] descriptor, byte[] block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x04, 0x22, 0x4D, 0x18});
        out.writeBytes(descriptor);
        out.write((XXHashFactory.safeInstance().hash32().hash(descriptor, 0, descriptor.length, 0) >>> 8) & 0xFF);
        writeInt(out, block.length);
        out.writeBytes(block);
        writeInt(out, 0);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }
}
