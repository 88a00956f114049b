package dev.hubkeep.server.xet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a xorb from raw chunks, each under the scheme asked for, or stored as it is where that
 * scheme would not make it smaller (as xet-core does). The server needs this to turn content that
 * arrived without Xet (plain LFS uploads) into xorbs; tests use it to make xorbs to parse.
 */
public final class XorbBuilder {

    private static final int MAX_LENGTH_FIELD = (1 << 24) - 1;

    private final ChunkCodec codec;
    private final ByteArrayOutputStream bytes;
    private final List<XorbChunk> chunks;
    private long rawLength;

    public XorbBuilder(ChunkCodec codec) {
        this.codec = codec;
        this.bytes = new ByteArrayOutputStream();
        this.chunks = new ArrayList<>();
        this.rawLength = 0;
    }

    /** Appends a chunk of 1 to 128 KiB raw bytes. */
    public XorbBuilder add(byte[] raw, CompressionScheme scheme) {
        if (raw.length == 0 || raw.length > Chunker.MAX_LENGTH) {
            throw new IllegalArgumentException("a chunk holds 1 to " + Chunker.MAX_LENGTH + " bytes, not " + raw.length);
        }
        byte[] stored = codec.encode(scheme, raw);
        CompressionScheme used = scheme;
        if (stored.length >= raw.length) {
            stored = raw;
            used = CompressionScheme.NONE;
        }
        int offset = bytes.size();
        bytes.write(0); // header version
        writeUint24(stored.length);
        bytes.write(used.code());
        writeUint24(raw.length);
        bytes.writeBytes(stored);
        chunks.add(new XorbChunk(chunks.size(), offset, stored.length, used, rawLength, raw.length, KeyedHash.chunk(raw)));
        rawLength += raw.length;
        return this;
    }

    /** The chunks so far, as clients upload a xorb: without a footer. */
    public byte[] build() {
        return bytes.toByteArray();
    }

    /** The chunks so far and a footer after them, as xet-core stores a xorb. */
    public byte[] buildWithFooter() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.size() + 128 + chunks.size() * 40);
        out.writeBytes(bytes.toByteArray());
        out.writeBytes(XorbFooter.serialize(hash(), chunks));
        return out.toByteArray();
    }

    /** The hash of the xorb the chunks so far make. */
    public XetHash hash() {
        return MerkleHash.xorbHash(chunks.stream().map(XorbChunk::node).toList());
    }

    private void writeUint24(int value) {
        if (value > MAX_LENGTH_FIELD) {
            throw new IllegalArgumentException("a chunk length field holds at most " + MAX_LENGTH_FIELD);
        }
        bytes.write(value);
        bytes.write(value >>> 8);
        bytes.write(value >>> 16);
    }
}
