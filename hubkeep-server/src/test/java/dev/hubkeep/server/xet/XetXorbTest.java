package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Xorbs from the real client parse and hash to their names; damaged ones are refused with the fault and its place. */
class XetXorbTest {

    // Written by hf_xet 1.6.0 (see the resources' README): the names it gave them and the file hashes it reported.
    private static final XetHash LZ4_XORB = XetHash.fromHex("43a3e2d1badb34a6e525de59b21d83a6fb8a4708f742068d6d8a963ce6bd0adb");
    private static final XetHash LZ4_FILE = XetHash.fromHex("d54b0297910487d3e8af05d273dfc686cf0fbaf3f0a1cfc9f53d0a9bd773c6de");
    private static final XetHash BG4_XORB = XetHash.fromHex("616f3d52ef9fec054e594bee8420596d118e4bdb272cb581e6d18346a0451cb3");
    private static final XetHash BG4_FILE = XetHash.fromHex("91184e9a22a9e146419a45b4adba999b00445c4a2259d4e44bf68a239749b2c6");

    private final ChunkCodec codec = new ChunkCodec();

    @Test
    void hfXetXorb_withLz4AndStoredChunks_hashesToItsName() {
        Xorb xorb = Xorb.parse(XetVectors.resource("hf_xet-lz4.xorb"), codec);

        assertThat(xorb.hash()).isEqualTo(LZ4_XORB);
        assertThat(xorb.chunks()).extracting(XorbChunk::scheme)
                .containsExactly(CompressionScheme.LZ4, CompressionScheme.LZ4, CompressionScheme.NONE);
    }

    @Test
    void hfXetXorb_withBg4Chunks_hashesToItsName() {
        Xorb xorb = Xorb.parse(XetVectors.resource("hf_xet-bg4.xorb"), codec);

        assertThat(xorb.hash()).isEqualTo(BG4_XORB);
        assertThat(xorb.chunks()).extracting(XorbChunk::scheme).containsOnly(CompressionScheme.BG4_LZ4);
    }

    @Test
    void hfXetXorb_chunksHashToTheFileHashTheClientReported() {
        // Each fixture holds one whole file, so its chunks in order are the file's chunks.
        for (String name : new String[] {"hf_xet-lz4.xorb", "hf_xet-bg4.xorb"}) {
            Xorb xorb = Xorb.parse(XetVectors.resource(name), codec);
            XetHash expected = name.contains("lz4") ? LZ4_FILE : BG4_FILE;
            assertThat(MerkleHash.fileHash(xorb.chunks().stream().map(XorbChunk::node).toList())).as(name).isEqualTo(expected);
        }
    }

    @Test
    void hfXetXorb_storedWithAFooter_hasOneThatAgreesWithItsChunks() {
        Xorb xorb = Xorb.parse(XetVectors.resource("hf_xet-lz4.xorb"), codec);

        assertThat(xorb.footer()).hasValueSatisfying(footer -> {
            assertThat(footer.hash()).isEqualTo(LZ4_XORB);
            assertThat(footer.chunkHashes()).isEqualTo(xorb.chunks().stream().map(XorbChunk::hash).toList());
        });
    }

    @Test
    void hfXetXorb_asUploaded_withoutTheFooter_hashesToItsName() {
        byte[] stored = XetVectors.resource("hf_xet-lz4.xorb");
        byte[] uploaded = Arrays.copyOf(stored, Xorb.parse(stored, codec).chunksEnd());

        Xorb xorb = Xorb.parse(uploaded, codec);

        assertThat(xorb.hash()).isEqualTo(LZ4_XORB);
        assertThat(xorb.footer()).isEmpty();
    }

    @Test
    void builtXorb_parsesBackToTheSameChunks_underEveryScheme() {
        byte[] floats = XetVectors.arithmetic(40_000, 4, 1);
        byte[] text = XetVectors.arithmetic(30_000, 1, 0);
        byte[] random = XetVectors.splitMix64(20_000, 9);
        XorbBuilder builder = new XorbBuilder(codec)
                .add(floats, CompressionScheme.BG4_LZ4)
                .add(text, CompressionScheme.LZ4)
                .add(random, CompressionScheme.NONE);
        byte[] bytes = builder.build();

        Xorb xorb = Xorb.parse(bytes, codec);

        assertThat(xorb.hash()).isEqualTo(builder.hash());
        assertThat(xorb.chunks()).extracting(XorbChunk::scheme)
                .containsExactly(CompressionScheme.BG4_LZ4, CompressionScheme.LZ4, CompressionScheme.NONE);
        assertThat(Xorb.rawChunk(bytes, xorb.chunks().get(0), codec)).isEqualTo(floats);
        assertThat(Xorb.rawChunk(bytes, xorb.chunks().get(1), codec)).isEqualTo(text);
        assertThat(Xorb.rawChunk(bytes, xorb.chunks().get(2), codec)).isEqualTo(random);
    }

    @Test
    void builtXorb_withAFooter_parsesToTheSameHash() {
        XorbBuilder builder = new XorbBuilder(codec).add(XetVectors.arithmetic(50_000, 1, 0), CompressionScheme.LZ4);

        Xorb xorb = Xorb.parse(builder.buildWithFooter(), codec);

        assertThat(xorb.footer()).isPresent();
        assertThat(xorb.hash()).isEqualTo(builder.hash());
    }

    @Test
    void incompressibleChunk_isStoredAsItIs() {
        byte[] bytes = new XorbBuilder(codec).add(XetVectors.splitMix64(10_000, 2), CompressionScheme.LZ4).build();

        assertThat(Xorb.parse(bytes, codec).chunks().getFirst().scheme()).isEqualTo(CompressionScheme.NONE);
    }

    @Test
    void rawLength_isTheSumOfTheChunks() {
        Xorb xorb = Xorb.parse(XetVectors.resource("hf_xet-lz4.xorb"), codec);

        assertThat(xorb.rawLength()).isEqualTo(120_000);
    }

    @Test
    void verify_refusesAnotherName() {
        Xorb xorb = Xorb.parse(XetVectors.resource("hf_xet-lz4.xorb"), codec);

        assertThatThrownBy(() -> xorb.verify(BG4_XORB))
                .isInstanceOf(XorbFormatException.class)
                .hasMessage("the xorb's chunks hash to " + LZ4_XORB + ", not to " + BG4_XORB + " as claimed");
    }

    @Test
    void verify_acceptsItsOwnName() {
        Xorb.parse(XetVectors.resource("hf_xet-lz4.xorb"), codec).verify(LZ4_XORB);
    }

    @Test
    void emptyInput_isRefused() {
        assertThatThrownBy(() -> Xorb.parse(new byte[0], codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessage("the xorb holds no chunk");
    }

    @Test
    void headerCutShort_isRefusedWithItsPlace() {
        byte[] bytes = withExtra(twoChunks(), 0, 0, 0);

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessageMatching("chunk 2 at byte \\d+: the header is cut short \\(3 of 8 bytes\\)");
    }

    @Test
    void dataCutShort_isRefusedWithItsPlace() {
        byte[] whole = twoChunks();
        byte[] bytes = Arrays.copyOf(whole, whole.length - 1);

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessageMatching("chunk 1 at byte \\d+: its data is cut short \\(the header gives \\d+ bytes, \\d+ remain\\)");
    }

    @Test
    void unknownCompressionScheme_isRefused() {
        byte[] bytes = twoChunks();
        bytes[4] = 7;

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessage("chunk 0 at byte 0: compression scheme 7 is unknown (0 none, 1 LZ4, 2 BG4+LZ4)");
    }

    @Test
    void unknownHeaderVersion_isRefused() {
        byte[] bytes = twoChunks();
        bytes[0] = 1;

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessage("chunk 0 at byte 0: header version 1 is unknown (only 0 exists)");
    }

    @Test
    void rawLengthOverTheChunkMaximum_isRefused() {
        byte[] bytes = twoChunks();
        bytes[5] = 1;
        bytes[6] = 0;
        bytes[7] = 2; // 131073

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessage("chunk 0 at byte 0: its raw length 131073 is over the 131072-byte chunk maximum");
    }

    @Test
    void corruptCompressedData_isRefusedNamingTheChunk() {
        byte[] bytes = XetVectors.resource("hf_xet-lz4.xorb");
        int dataStart = XorbChunk.HEADER_LENGTH + 11; // inside chunk 0's first LZ4 block
        for (int i = dataStart; i < dataStart + 64; i++) {
            bytes[i] = (byte) 0xFF;
        }

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessageStartingWith("chunk 0 at byte 0: LZ4 ");
    }

    @Test
    void rawLengthThatDisagreesWithTheData_isRefused() {
        byte[] bytes = twoChunks();
        bytes[5]--; // one byte fewer than the chunk decodes to

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessageStartingWith("chunk 0 at byte 0: LZ4 block 0 is corrupt or decodes to more bytes than the chunk header gives");
    }

    @Test
    void footerThatDisagreesWithTheChunks_isRefused() {
        byte[] bytes = XetVectors.resource("hf_xet-lz4.xorb");
        int footer = Xorb.parse(bytes, codec).chunksEnd();
        bytes[footer + 8] ^= 0x01; // the first byte of the footer's xorb hash

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessageStartingWith("xorb footer at byte " + footer + " is invalid: it gives the xorb hash ");
    }

    @Test
    void footerWithAWrongLengthField_isRefused() {
        byte[] bytes = XetVectors.resource("hf_xet-lz4.xorb");
        int footer = Xorb.parse(bytes, codec).chunksEnd();
        bytes[bytes.length - 4]++;

        assertThatThrownBy(() -> Xorb.parse(bytes, codec))
                .isInstanceOf(XorbFormatException.class)
                .hasMessage("xorb footer at byte " + footer + " is invalid: its length field says "
                        + (bytes.length - 4 - footer + 1) + " bytes, but " + (bytes.length - 4 - footer) + " precede it");
    }

    /** Two LZ4 chunks, the first of 1000 raw bytes. */
    private byte[] twoChunks() {
        return new XorbBuilder(codec)
                .add(XetVectors.arithmetic(1000, 1, 0), CompressionScheme.LZ4)
                .add(XetVectors.arithmetic(2000, 3, 0), CompressionScheme.LZ4)
                .build();
    }

    private static byte[] withExtra(byte[] bytes, int... extra) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + extra.length);
        for (int i = 0; i < extra.length; i++) {
            out[bytes.length + i] = (byte) extra[i];
        }
        return out;
    }
}
