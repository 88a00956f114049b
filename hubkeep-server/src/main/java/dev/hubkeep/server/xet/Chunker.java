package dev.hubkeep.server.xet;

import java.util.Arrays;

/**
 * Xet's content-defined chunking: where one chunk of a file ends and the next begins. Clients and
 * the server must cut identically, or the same content would hash differently.
 *
 * <p>A gear rolling hash runs over the bytes ({@code h = (h << 1) + GEAR[b]}, wrapping), and a
 * chunk ends after a byte where the hash's top 16 bits are all zero, which happens once in 64 KiB
 * on average. A chunk is never shorter than 8 KiB (except a file's last) nor longer than 128 KiB.
 * The hash restarts at zero after each cut. Because it shifts left, a byte stops affecting it 64
 * bytes later; so the first {@code 8 KiB - 65} bytes of a chunk are skipped unhashed, and the
 * hash has covered 65 bytes of this chunk by the earliest byte where a cut is allowed. Every cut
 * thus depends on the chunk's own content only (xet-core changed its chunker to this in 2025;
 * earlier cuts could depend on the hash's previous state).
 *
 * <p>One instance follows one stream: feed it consecutive pieces with {@link #nextCut}. It holds
 * the rolling hash between calls, so it is not shared between threads.
 */
public final class Chunker {

    public static final int TARGET_LENGTH = 64 * 1024;
    public static final int MIN_LENGTH = TARGET_LENGTH / 8;
    public static final int MAX_LENGTH = TARGET_LENGTH * 2;

    /** The target length's 16 bits, moved to the top: the low bits of a gear hash mix the fewest bytes. */
    private static final long CUT_MASK = (long) (TARGET_LENGTH - 1) << Long.numberOfLeadingZeros(TARGET_LENGTH - 1);
    private static final int WINDOW = 64;
    private static final int UNHASHED_PREFIX = MIN_LENGTH - WINDOW - 1;

    private long hash;
    private int pending;

    public Chunker() {
        this.hash = 0;
        this.pending = 0;
    }

    /**
     * Scans {@code data[offset, offset + length)}, which continues what earlier calls saw. Returns
     * how many of these bytes complete the current chunk (which also holds the {@link #pending}
     * bytes from before), or -1 when all of them were taken into it and it has not ended yet.
     * After a cut, the next call starts a new chunk: pass it the bytes after the cut.
     */
    public int nextCut(byte[] data, int offset, int length) {
        int index = Math.min(Math.max(0, UNHASHED_PREFIX - pending), length);
        int end = Math.min(length, MAX_LENGTH - pending);
        while (index < end) {
            hash = (hash << 1) + GearTable.of(data[offset + index]);
            index++;
            if ((hash & CUT_MASK) == 0 && pending + index >= MIN_LENGTH) {
                return cut(index);
            }
        }
        if (pending + index >= MAX_LENGTH) {
            return cut(index);
        }
        pending += index;
        return -1;
    }

    /** How many bytes the current, unfinished chunk holds. */
    public int pending() {
        return pending;
    }

    /** Ends the stream: returns the length of the last chunk (0 if there is none) and starts afresh. */
    public int finish() {
        int last = pending;
        hash = 0;
        pending = 0;
        return last;
    }

    private int cut(int consumed) {
        hash = 0;
        pending = 0;
        return consumed;
    }

    /** Where each chunk of {@code data} ends (exclusive offsets; the last is {@code data.length}); empty for no data. */
    public static int[] chunkEnds(byte[] data) {
        Chunker chunker = new Chunker();
        int[] ends = new int[data.length / MIN_LENGTH + 2];
        int count = 0;
        int position = 0;
        while (position < data.length) {
            int taken = chunker.nextCut(data, position, data.length - position);
            if (taken < 0) {
                break;
            }
            position += taken;
            ends[count++] = position;
        }
        if (position < data.length) {
            chunker.finish();
            ends[count++] = data.length;
        }
        return Arrays.copyOf(ends, count);
    }
}
