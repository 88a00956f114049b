package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Xorb and file hashes: the tree's shape and node hashing, checked against every published vector. */
class XetMerkleHashTest {

    /** One case of xet-core's test_correctness (see the resource's header for the exact source). */
    private record Case(int number, List<MerkleNode> nodes, XetHash xorb, List<XetHash[]> saltedFiles) {}

    @Test
    void xorbHash_matchesEveryXetCoreReferenceCase() {
        List<Case> cases = cases();

        assertThat(cases).hasSize(18);
        for (Case c : cases) {
            assertThat(MerkleHash.xorbHash(c.nodes())).as("case %d", c.number()).isEqualTo(c.xorb());
        }
    }

    @Test
    void saltedFileHash_matchesEveryXetCoreReferenceCase() {
        for (Case c : cases()) {
            for (XetHash[] saltAndHash : c.saltedFiles()) {
                assertThat(MerkleHash.fileHash(c.nodes(), saltAndHash[0]))
                        .as("case %d, salt %s", c.number(), saltAndHash[0])
                        .isEqualTo(saltAndHash[1]);
            }
        }
    }

    @Test
    void xorbHash_ofTwoChunks_matchesTheHuggingfaceJsVector() throws IOException {
        // huggingface.js xetchunk-wasm tests: "xorbHash: 200KB (2 chunks)".
        List<MerkleNode> chunks = FileChunks.of(new ByteArrayInputStream(XetVectors.arithmetic(200_000, 7, 13)));

        assertThat(MerkleHash.xorbHash(chunks).hex()).isEqualTo("f0755d96ee199d4f01e83da9fe2c38353de7fd38fb79a320a7d50be510026f74");
    }

    @Test
    void xorbHash_ofEightChunks_matchesTheHuggingfaceJsVector() throws IOException {
        // huggingface.js xetchunk-wasm tests: "xorbHash: 1MB (8 chunks)".
        List<MerkleNode> chunks = FileChunks.of(new ByteArrayInputStream(XetVectors.arithmetic(1_000_000, 13, 37)));

        assertThat(MerkleHash.xorbHash(chunks).hex()).isEqualTo("7be289d851485c40dcde52dbcf37a7823a5ef0bfcdf1ca1c5a32ad9594c71571");
    }

    @Test
    void fileHash_of200KB_matchesTheHuggingfaceJsVector() throws IOException {
        // huggingface.js xetchunk-wasm tests: "fileHash: 200KB".
        XetHash hash = FileChunks.fileHash(new ByteArrayInputStream(XetVectors.arithmetic(200_000, 7, 13)));

        assertThat(hash.hex()).isEqualTo("d88d9e0b760f32c90b7c6592b4cb85251c01bb797371e3c637087b96ac578723");
    }

    @Test
    void fileHash_of1MB_matchesTheHuggingfaceJsVector() throws IOException {
        // huggingface.js xetchunk-wasm tests: "fileHash: 1MB".
        XetHash hash = FileChunks.fileHash(new ByteArrayInputStream(XetVectors.arithmetic(1_000_000, 13, 37)));

        assertThat(hash.hex()).isEqualTo("041a50f3639f4a080a89237025d643e2a3e22935ca5d7dbc1a38f5c1e859f859");
    }

    @Test
    void fileHash_ofAnEmptyFile_isAllZeros() {
        // huggingface.js xetchunk-wasm tests: "fileHash: empty (no chunks) is the all-zero hash", not the keyed hash of zero.
        assertThat(MerkleHash.fileHash(List.of()).hex()).isEqualTo("0".repeat(64));
    }

    @Test
    void groups_neverHoldMoreThanNineNodes() {
        // No hash here ends a group early (last word 1 mod 4), so groups are cut by the bound alone.
        XetHash notACut = XetHash.fromHex("0".repeat(48) + "0000000000000001");
        List<MerkleNode> level = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            level.add(new MerkleNode(notACut, 1));
        }

        assertThat(MerkleHash.groupEnd(level, 0)).isEqualTo(9);
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<MerkleNode> nodes = null;
        XetHash xorb = null;
        List<XetHash[]> files = null;
        int number = -1;
        for (String line : XetVectors.resourceLines("aggregated-hashes.txt")) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "case" -> {
                    if (nodes != null) {
                        cases.add(new Case(number, nodes, xorb, files));
                    }
                    number = Integer.parseInt(f[1]);
                    nodes = new ArrayList<>();
                    files = new ArrayList<>();
                }
                case "node" -> nodes.add(new MerkleNode(XetHash.fromHex(f[1]), Long.parseLong(f[2])));
                case "xorb" -> xorb = XetHash.fromHex(f[1]);
                case "file" -> files.add(new XetHash[] {XetHash.fromHex(f[1]), XetHash.fromHex(f[2])});
                default -> throw new IllegalStateException("unexpected line " + line);
            }
        }
        cases.add(new Case(number, nodes, xorb, files));
        return cases;
    }
}
