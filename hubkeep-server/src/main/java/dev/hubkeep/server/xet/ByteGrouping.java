package dev.hubkeep.server.xet;

/**
 * The "BG4" step of {@link CompressionScheme#BG4_LZ4}: byte {@code i} goes to group {@code i % 4},
 * and the four groups are stored one after another. In arrays of 32-bit numbers the bytes at the
 * same position are alike (exponents, high bytes), so grouped they compress far better. When the
 * length is not a multiple of 4, the first {@code length % 4} groups hold one byte more.
 */
final class ByteGrouping {

    private static final int GROUPS = 4;

    private ByteGrouping() {}

    /** {@code data} grouped: all bytes at position 0 of each word, then position 1, 2 and 3. */
    static byte[] split(byte[] data) {
        byte[] grouped = new byte[data.length];
        int[] start = groupStarts(data.length);
        for (int i = 0; i < data.length; i++) {
            grouped[start[i % GROUPS] + i / GROUPS] = data[i];
        }
        return grouped;
    }

    /** Undoes {@link #split}. */
    static byte[] regroup(byte[] grouped) {
        byte[] data = new byte[grouped.length];
        int[] start = groupStarts(grouped.length);
        for (int i = 0; i < grouped.length; i++) {
            data[i] = grouped[start[i % GROUPS] + i / GROUPS];
        }
        return data;
    }

    private static int[] groupStarts(int length) {
        int[] start = new int[GROUPS];
        for (int g = 1; g < GROUPS; g++) {
            start[g] = start[g - 1] + length / GROUPS + (g - 1 < length % GROUPS ? 1 : 0);
        }
        return start;
    }
}
