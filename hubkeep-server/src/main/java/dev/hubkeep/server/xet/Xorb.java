package dev.hubkeep.server.xet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed xorb: the chunks a client uploads together, each an 8-byte header and its stored
 * bytes, optionally followed by a {@link XorbFooter}. The xorb's name is the merkle hash over its
 * chunks' hashes, so parsing decodes every chunk and hashes it; what the client claims about the
 * xorb is then checked with {@link #verify}.
 *
 * <p>The same content can arrive as different bytes (clients compress differently: hf_xet and
 * huggingface.js sent 3,047,485 and 3,005,914 bytes for one xorb), so offsets are only ever
 * taken from the copy that is kept.
 */
public final class Xorb {

    private static final int HEADER_VERSION = 0;
    /** No chunk is longer than this raw; the chunker never cuts longer and xet-core refuses longer. */
    private static final int MAX_RAW_LENGTH = Chunker.MAX_LENGTH;

    private final List<XorbChunk> chunks;
    private final XetHash hash;
    private final int chunksEnd;
    private final Optional<XorbFooter> footer;

    private Xorb(List<XorbChunk> chunks, XetHash hash, int chunksEnd, Optional<XorbFooter> footer) {
        this.chunks = List.copyOf(chunks);
        this.hash = hash;
        this.chunksEnd = chunksEnd;
        this.footer = footer;
    }

    /**
     * Parses and hashes {@code bytes}; a {@link XorbFormatException} naming the chunk, the byte
     * offset and the fault if they are not a xorb. A xorb holds at least one chunk.
     */
    public static Xorb parse(byte[] bytes, ChunkCodec codec) {
        List<XorbChunk> chunks = new ArrayList<>();
        int offset = 0;
        long rawOffset = 0;
        while (offset < bytes.length && !XorbFooter.startsAt(bytes, offset)) {
            XorbChunk chunk = parseChunk(bytes, offset, chunks.size(), rawOffset, codec);
            chunks.add(chunk);
            offset = chunk.end();
            rawOffset += chunk.rawLength();
        }
        if (chunks.isEmpty()) {
            throw new XorbFormatException("the xorb holds no chunk");
        }
        XetHash hash = MerkleHash.xorbHash(chunks.stream().map(XorbChunk::node).toList());
        Optional<XorbFooter> footer = Optional.empty();
        if (offset < bytes.length) {
            XorbFooter parsed = XorbFooter.parse(bytes, offset);
            parsed.check(hash, chunks, offset);
            footer = Optional.of(parsed);
        }
        return new Xorb(chunks, hash, offset, footer);
    }

    private static XorbChunk parseChunk(byte[] bytes, int offset, int index, long rawOffset, ChunkCodec codec) {
        String where = "chunk " + index + " at byte " + offset + ": ";
        if (bytes.length - offset < XorbChunk.HEADER_LENGTH) {
            throw new XorbFormatException(where + "the header is cut short (" + (bytes.length - offset) + " of "
                    + XorbChunk.HEADER_LENGTH + " bytes)");
        }
        int version = bytes[offset] & 0xFF;
        if (version != HEADER_VERSION) {
            throw new XorbFormatException(where + "header version " + version + " is unknown (only " + HEADER_VERSION + " exists)");
        }
        int storedLength = uint24(bytes, offset + 1);
        int schemeCode = bytes[offset + 4] & 0xFF;
        int rawLength = uint24(bytes, offset + 5);
        CompressionScheme scheme = CompressionScheme.ofCode(schemeCode).orElseThrow(() -> new XorbFormatException(
                where + "compression scheme " + schemeCode + " is unknown (0 none, 1 LZ4, 2 BG4+LZ4)"));
        if (rawLength == 0) {
            throw new XorbFormatException(where + "it holds no bytes");
        }
        if (rawLength > MAX_RAW_LENGTH) {
            throw new XorbFormatException(where + "its raw length " + rawLength + " is over the " + MAX_RAW_LENGTH + "-byte chunk maximum");
        }
        int dataStart = offset + XorbChunk.HEADER_LENGTH;
        if (storedLength > bytes.length - dataStart) {
            throw new XorbFormatException(where + "its data is cut short (the header gives " + storedLength + " bytes, "
                    + (bytes.length - dataStart) + " remain)");
        }
        byte[] raw;
        try {
            raw = codec.decode(scheme, bytes, dataStart, storedLength, rawLength);
        } catch (XetFormatException e) {
            throw new XorbFormatException(where + e.getMessage(), e);
        }
        return new XorbChunk(index, offset, storedLength, scheme, rawOffset, rawLength, KeyedHash.chunk(raw));
    }

    /** The raw bytes of {@code chunk}, one of this xorb's, from the xorb's {@code bytes} as parsed. */
    public static byte[] rawChunk(byte[] bytes, XorbChunk chunk, ChunkCodec codec) {
        return codec.decode(chunk.scheme(), bytes, chunk.offset() + XorbChunk.HEADER_LENGTH, chunk.storedLength(), chunk.rawLength());
    }

    /** Refuses the xorb unless it is the one named {@code claimed}, as an upload's URL names it. */
    public void verify(XetHash claimed) {
        if (!hash.equals(claimed)) {
            throw new XorbFormatException("the xorb's chunks hash to " + hash + ", not to " + claimed + " as claimed");
        }
    }

    /** The xorb's name: the merkle hash over its chunks. */
    public XetHash hash() {
        return hash;
    }

    /** Its chunks in order. */
    public List<XorbChunk> chunks() {
        return chunks;
    }

    /** Where the chunks end: the xorb's length without its footer. */
    public int chunksEnd() {
        return chunksEnd;
    }

    /** How many raw bytes the chunks hold together. */
    public long rawLength() {
        XorbChunk last = chunks.getLast();
        return last.rawOffset() + last.rawLength();
    }

    /** The footer, if the xorb came with one (already checked against the chunks). */
    public Optional<XorbFooter> footer() {
        return footer;
    }

    private static int uint24(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16;
    }
}
