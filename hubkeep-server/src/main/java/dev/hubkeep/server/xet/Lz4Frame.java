package dev.hubkeep.server.xet;

import java.io.ByteArrayOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;

/**
 * The LZ4 frame format as xorb chunks use it, over lz4-java's block codec and xxHash.
 *
 * <p>The frame layer is parsed here because lz4-java's {@code LZ4FrameInputStream} refuses frames
 * whose "independent blocks" flag is clear, and huggingface.js writes exactly those (flags 0x40;
 * hf_xet writes 0x60). Such a frame only matters when a block refers back into an earlier one;
 * huggingface.js puts each chunk in a single 4 MiB block, so it never does. A frame whose later
 * block does refer back fails with a message that says so: the block decoder cannot see earlier
 * output.
 */
final class Lz4Frame {

    private static final int MAGIC = 0x184D2204;
    /** Skippable frames carry 0x184D2A50 to 0x184D2A5F; decoders pass over them. */
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;

    private static final int FLAG_VERSION_SHIFT = 6;
    private static final int FLAG_INDEPENDENT_BLOCKS = 0x20;
    private static final int FLAG_BLOCK_CHECKSUM = 0x10;
    private static final int FLAG_CONTENT_SIZE = 0x08;
    private static final int FLAG_CONTENT_CHECKSUM = 0x04;
    private static final int FLAG_RESERVED = 0x02;
    private static final int FLAG_DICTIONARY = 0x01;
    private static final int BLOCK_STORED = 0x80000000;

    /** What {@link #encode} writes: version 1 with independent blocks, at most 64 KiB each, as lz4_flex does. */
    private static final byte ENCODE_FLAGS = 0x60;
    private static final byte ENCODE_BLOCK_DESCRIPTOR = 0x40;
    private static final int ENCODE_BLOCK_SIZE = 64 * 1024;

    private final LZ4SafeDecompressor decompressor;
    private final LZ4Compressor compressor;
    private final XXHash32 xxHash;

    Lz4Frame(LZ4SafeDecompressor decompressor, LZ4Compressor compressor, XXHash32 xxHash) {
        this.decompressor = decompressor;
        this.compressor = compressor;
        this.xxHash = xxHash;
    }

    /**
     * Decodes the frames in {@code src[offset, offset + length)}, which must give exactly
     * {@code rawLength} bytes; never writes more than that, whatever the input claims.
     */
    byte[] decode(byte[] src, int offset, int length, int rawLength) {
        Reader in = new Reader(src, offset, offset + length);
        byte[] out = new byte[rawLength];
        int produced = 0;
        boolean sawFrame = false;
        while (in.remaining() > 0) {
            int magic = in.int32("frame magic");
            if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
                in.skip(Integer.toUnsignedLong(in.int32("skippable frame size")), "skippable frame");
                continue;
            }
            if (magic != MAGIC) {
                throw new XetFormatException(String.format("not an LZ4 frame: magic 0x%08x", magic));
            }
            produced = decodeFrame(in, out, produced);
            sawFrame = true;
        }
        if (!sawFrame) {
            throw new XetFormatException("holds no LZ4 frame");
        }
        if (produced != rawLength) {
            throw new XetFormatException("LZ4 data decodes to " + produced + " bytes, not the " + rawLength + " the chunk header gives");
        }
        return out;
    }

    private int decodeFrame(Reader in, byte[] out, int frameStart) {
        int descriptorStart = in.position;
        int flags = in.uint8("frame flags");
        int blockDescriptor = in.uint8("block descriptor");
        if (flags >>> FLAG_VERSION_SHIFT != 1) {
            throw new XetFormatException("LZ4 frame version " + (flags >>> FLAG_VERSION_SHIFT) + " is unknown");
        }
        if ((flags & FLAG_RESERVED) != 0 || (blockDescriptor & 0x8F) != 0) {
            throw new XetFormatException("LZ4 frame descriptor sets reserved bits");
        }
        if ((flags & FLAG_DICTIONARY) != 0) {
            throw new XetFormatException("LZ4 frame needs a dictionary, and xorb chunks have none");
        }
        int maxBlock = switch ((blockDescriptor >>> 4) & 0x7) {
            case 4 -> 64 * 1024;
            case 5 -> 256 * 1024;
            case 6 -> 1024 * 1024;
            case 7 -> 4 * 1024 * 1024;
            default -> throw new XetFormatException("LZ4 frame block size code " + ((blockDescriptor >>> 4) & 0x7) + " is unknown");
        };
        boolean sized = (flags & FLAG_CONTENT_SIZE) != 0;
        long declaredSize = sized ? in.int64("frame content size") : 0;
        int descriptorLength = in.position - descriptorStart;
        int headerChecksum = in.uint8("frame header checksum");
        if (headerChecksum != ((xxHash.hash(in.src, descriptorStart, descriptorLength, 0) >>> 8) & 0xFF)) {
            throw new XetFormatException("LZ4 frame header checksum does not match");
        }

        boolean independent = (flags & FLAG_INDEPENDENT_BLOCKS) != 0;
        boolean blockChecksums = (flags & FLAG_BLOCK_CHECKSUM) != 0;
        int produced = frameStart;
        for (int block = 0; ; block++) {
            int word = in.int32("block size");
            if (word == 0) {
                break;
            }
            int size = word & ~BLOCK_STORED;
            if (size > maxBlock) {
                throw new XetFormatException("LZ4 block " + block + " is " + size + " bytes, over the frame's " + maxBlock + "-byte maximum");
            }
            int start = in.position;
            in.skip(size, "LZ4 block " + block);
            if (blockChecksums && in.int32("block checksum") != xxHash.hash(in.src, start, size, 0)) {
                throw new XetFormatException("LZ4 block " + block + " checksum does not match");
            }
            produced = (word & BLOCK_STORED) != 0
                    ? copyStored(in.src, start, size, out, produced, block)
                    : decompressBlock(in.src, start, size, out, produced, block, independent);
        }
        if ((flags & FLAG_CONTENT_CHECKSUM) != 0
                && in.int32("content checksum") != xxHash.hash(out, frameStart, produced - frameStart, 0)) {
            throw new XetFormatException("LZ4 frame content checksum does not match");
        }
        if (sized && declaredSize != produced - frameStart) {
            throw new XetFormatException("LZ4 frame says it holds " + Long.toUnsignedString(declaredSize) + " bytes but holds " + (produced - frameStart));
        }
        return produced;
    }

    private static int copyStored(byte[] src, int start, int size, byte[] out, int produced, int block) {
        if (size > out.length - produced) {
            throw new XetFormatException("LZ4 block " + block + " holds more bytes than the chunk header gives");
        }
        System.arraycopy(src, start, out, produced, size);
        return produced + size;
    }

    private int decompressBlock(byte[] src, int start, int size, byte[] out, int produced, int block, boolean independent) {
        try {
            return produced + decompressor.decompress(src, start, size, out, produced, out.length - produced);
        } catch (LZ4Exception e) {
            String why = !independent && block > 0
                    ? " (this frame links its blocks; a block that refers back into an earlier one is not supported)"
                    : "";
            throw new XetFormatException("LZ4 block " + block + " is corrupt or decodes to more bytes than the chunk header gives" + why, e);
        }
    }

    /** {@code raw} as one LZ4 frame, the way hf_xet writes them. */
    byte[] encode(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 32);
        writeInt32(out, MAGIC);
        byte[] descriptor = {ENCODE_FLAGS, ENCODE_BLOCK_DESCRIPTOR};
        out.writeBytes(descriptor);
        out.write((xxHash.hash(descriptor, 0, descriptor.length, 0) >>> 8) & 0xFF);
        byte[] compressed = new byte[compressor.maxCompressedLength(ENCODE_BLOCK_SIZE)];
        for (int start = 0; start < raw.length; start += ENCODE_BLOCK_SIZE) {
            int size = Math.min(ENCODE_BLOCK_SIZE, raw.length - start);
            int packed = compressor.compress(raw, start, size, compressed, 0, compressed.length);
            if (packed < size) {
                writeInt32(out, packed);
                out.write(compressed, 0, packed);
            } else {
                // Incompressible: the format stores such a block as it is, flagged by the size's top bit.
                writeInt32(out, BLOCK_STORED | size);
                out.write(raw, start, size);
            }
        }
        writeInt32(out, 0);
        return out.toByteArray();
    }

    private static void writeInt32(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }

    /** Little-endian reads that fail with a message naming what was cut short. */
    private static final class Reader {
        final byte[] src;
        final int end;
        int position;

        Reader(byte[] src, int start, int end) {
            this.src = src;
            this.position = start;
            this.end = end;
        }

        int remaining() {
            return end - position;
        }

        void skip(long length, String what) {
            if (length > remaining()) {
                throw new XetFormatException("LZ4 data is cut short in the " + what + ": " + length + " bytes needed, " + remaining() + " left");
            }
            position += (int) length;
        }

        int uint8(String what) {
            skip(1, what);
            return src[position - 1] & 0xFF;
        }

        int int32(String what) {
            skip(4, what);
            int value = 0;
            for (int i = 3; i >= 0; i--) {
                value = (value << 8) | (src[position - 4 + i] & 0xFF);
            }
            return value;
        }

        long int64(String what) {
            long low = Integer.toUnsignedLong(int32(what));
            long high = Integer.toUnsignedLong(int32(what));
            return (high << 32) | low;
        }
    }
}
