package dev.hubkeep.server.xet;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;

/** Turns a xorb chunk's stored bytes into its raw bytes and back, for each {@link CompressionScheme}. */
public final class ChunkCodec {

    private final Lz4Frame lz4;

    /**
     * Uses lz4-java's pure-Java safe codec: chunks come from clients, so the decoder must check
     * every offset rather than trust the input (lz4-java's native and "unsafe" variants have had
     * out-of-bounds bugs on malformed input), and xorbs are small enough that speed is secondary.
     */
    public ChunkCodec() {
        LZ4Factory lz4Factory = LZ4Factory.safeInstance();
        this.lz4 = new Lz4Frame(lz4Factory.safeDecompressor(), lz4Factory.fastCompressor(), XXHashFactory.safeInstance().hash32());
    }

    /**
     * The raw bytes of a chunk stored as {@code stored[offset, offset + length)} under
     * {@code scheme}, which must come to exactly {@code rawLength} bytes; a
     * {@link XetFormatException} saying why if they do not decode.
     */
    public byte[] decode(CompressionScheme scheme, byte[] stored, int offset, int length, int rawLength) {
        return switch (scheme) {
            case NONE -> {
                if (length != rawLength) {
                    throw new XetFormatException("an uncompressed chunk's stored and raw lengths differ: " + length + " and " + rawLength);
                }
                yield java.util.Arrays.copyOfRange(stored, offset, offset + length);
            }
            case LZ4 -> lz4.decode(stored, offset, length, rawLength);
            case BG4_LZ4 -> ByteGrouping.regroup(lz4.decode(stored, offset, length, rawLength));
        };
    }

    /** {@code raw} stored under {@code scheme}; the result may be longer than {@code raw} if it does not compress. */
    public byte[] encode(CompressionScheme scheme, byte[] raw) {
        return switch (scheme) {
            case NONE -> raw.clone();
            case LZ4 -> lz4.encode(raw);
            case BG4_LZ4 -> lz4.encode(ByteGrouping.split(raw));
        };
    }
}
