package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Blake3} against Bouncy Castle's {@code Blake3Digest} (the reference it replaces for speed) at
 * every length where the tree's shape changes: empty, inside one block, block and chunk edges, several
 * chunks (odd and even counts, so the stack of chaining values merges and does not), up to a Xet
 * chunk's 128 KiB; and against an official vector.
 */
class XetBlake3Test {

    private static final byte[] KEY = "whats the Elvish word for friend".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 65, 127, 128, 1023, 1024, 1025, 2047, 2048, 2049, 3072, 3073, 4096, 4097, 5120,
        7168, 8192, 8193, 31744, 65536, 100_000, 131_072})
    void keyed_length_sameAsBouncyCastle(int length) {
        byte[] data = new byte[length + 7];
        new Random(length).nextBytes(data);

        assertThat(Blake3.keyed(KEY, data, 3, length)).isEqualTo(bouncyCastle(KEY, data, 3, length));
    }

    @Test
    void keyed_officialVectorOfTheEmptyInput() {
        // BLAKE3's test_vectors.json: keyed_hash of input_len 0 under this key, its first 32 bytes.
        byte[] hash = Blake3.keyed(KEY, new byte[0], 0, 0);

        assertThat(HexFormat.of().formatHex(hash)).isEqualTo("92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26");
    }

    private static byte[] bouncyCastle(byte[] key, byte[] data, int offset, int length) {
        Blake3Digest digest = new Blake3Digest(256);
        digest.init(Blake3Parameters.key(key));
        digest.update(data, offset, length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
