package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunk boundaries match xet-core's reference chunker on every published input. */
class XetChunkerTest {

    // xet-core xet_data/src/deduplication/chunking.rs test_correctness_1mb_random_data, and the same list in
    // huggingface.js packages/xetchunk-wasm/tests/index.test.ts "should pass 1MB random data test".
    private static final int[] RANDOM_1MB_ENDS = {
            84493, 134421, 144853, 243318, 271793, 336457, 467529, 494581, 582000, 596735, 616815, 653164, 678202,
            724510, 815591, 827760, 958832, 991092, 1000000};

    @Test
    void splitMix64Input_isTheReferenceData() throws NoSuchAlgorithmException {
        // Check bytes from chunking.rs and the SHA-256 from index.test.ts: the generator here is theirs.
        byte[] data = XetVectors.splitMix64(1_000_000, 0);

        assertThat(new int[] {data[0] & 0xff, data[127] & 0xff, data[111111] & 0xff}).containsExactly(175, 132, 118);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)))
                .isEqualTo("b3d0a1f7938cd4d8413a4dcffd4313e2e8ac0cb61cb1090eb140ea8e9154befb");
    }

    @Test
    void randomMegabyte_isCutWhereTheReferenceCutsIt() {
        assertThat(Chunker.chunkEnds(XetVectors.splitMix64(1_000_000, 0))).containsExactly(RANDOM_1MB_ENDS);
    }

    @Test
    void constantMegabyte_isCutAtTheMaximumLength() {
        // xet-core chunking.rs test_correctness_1mb_const_data (also in huggingface.js "Constant data test").
        byte[] data = new byte[1_000_000];
        Arrays.fill(data, (byte) 59);

        assertThat(Chunker.chunkEnds(data))
                .containsExactly(131072, 262144, 393216, 524288, 655360, 786432, 917504, 1000000);
    }

    @Test
    void dataThatTriggersNearTheMinimum_isCutWhereTheReferenceCutsIt() {
        // xet-core chunking.rs test_correctness_100kb_hitting_data: 128 paddings of a pattern that triggers cuts.
        // huggingface.js has an older copy of this test whose vectors predate xet-core's 2025 chunker fix
        // (some cut below 8 KiB); the server follows today's xet-core, so those are not checked.
        List<String> lines = XetVectors.resourceLines("chunking-hitting-data.txt");
        byte[] pattern = numbers(lines.getFirst().substring("pattern ".length()));
        List<String> cases = lines.subList(1, lines.size());

        assertThat(cases).hasSize(128);
        for (String line : cases) {
            int[] f = Arrays.stream(line.substring("case ".length()).split(" ", -1)).mapToInt(Integer::parseInt).toArray();
            byte[] data = hittingData(pattern, f[0], 65536);
            assertThat(data[11111] & 0xff).as("check byte, padding %d", f[0]).isEqualTo(f[1]);
            assertThat(Chunker.chunkEnds(data)).as("padding %d", f[0]).containsExactly(Arrays.copyOfRange(f, 2, f.length));
        }
    }

    @Test
    void feedingInSmallPieces_cutsWhereOneBufferDoes() {
        // xet-core chunking.rs test_chunk_boundaries: pieces of 1, 37 and 255 bytes give the same cuts.
        byte[] data = XetVectors.splitMix64(256_000, 1);
        int[] whole = Chunker.chunkEnds(data);

        for (int piece : new int[] {1, 37, 255}) {
            assertThat(endsFedInPieces(data, piece)).as("pieces of %d", piece).containsExactly(whole);
        }
    }

    @Test
    void noData_hasNoChunks() {
        assertThat(Chunker.chunkEnds(new byte[0])).isEmpty();
    }

    @Test
    void dataShorterThanTheMinimum_isOneChunk() {
        assertThat(Chunker.chunkEnds(XetVectors.splitMix64(100, 3))).containsExactly(100);
    }

    private static int[] endsFedInPieces(byte[] data, int piece) {
        Chunker chunker = new Chunker();
        List<Integer> ends = new ArrayList<>();
        int position = 0;
        while (position < data.length) {
            int length = Math.min(piece, data.length - position);
            int taken = chunker.nextCut(data, position, length);
            position += taken < 0 ? length : taken;
            if (taken >= 0) {
                ends.add(position);
            }
        }
        if (chunker.finish() > 0) {
            ends.add(data.length);
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /** get_triggering_base_data: the pattern, then {@code padding} zeros, repeated to {@code n} bytes. */
    private static byte[] hittingData(byte[] pattern, int padding, int n) {
        byte[] block = Arrays.copyOf(pattern, pattern.length + padding);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = block[i % block.length];
        }
        return out;
    }

    private static byte[] numbers(String text) {
        String[] parts = text.split(" ", -1);
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }
}
