package dev.hubkeep.server.xet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test inputs the public reference vectors are defined over, built the way their sources build them. */
final class XetVectors {

    private XetVectors() {}

    /**
     * {@code n} bytes from SplitMix64 seeded with {@code seed}, each output word written
     * little-endian: xet-core's {@code create_random_data} (chunking.rs) and huggingface.js's
     * {@code @huggingface/splitmix64-wasm} {@code createRandomArray}, which the chunking vectors use.
     */
    static byte[] splitMix64(int n, long seed) {
        byte[] out = new byte[n];
        long state = seed;
        for (int i = 0; i < n; i += 8) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            for (int b = 0; b < 8 && i + b < n; b++) {
                out[i + b] = (byte) (z >>> (8 * b));
            }
        }
        return out;
    }

    /** {@code data[i] = (i * a + b) & 0xff}: huggingface.js xetchunk-wasm tests' {@code makeData}. */
    static byte[] arithmetic(int size, int a, int b) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (i * a + b);
        }
        return out;
    }

    /** The lines of a test resource beside this class, without comments and blank lines. */
    static List<String> resourceLines(String name) {
        try (InputStream in = XetVectors.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource's bytes. */
    static byte[] resource(String name) {
        try (InputStream in = XetVectors.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
