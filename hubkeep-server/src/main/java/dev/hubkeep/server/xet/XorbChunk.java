package dev.hubkeep.server.xet;

/**
 * Where one chunk sits in a xorb and what it holds.
 *
 * @param index its position in the xorb, from 0; reconstructions name chunk ranges by these
 * @param offset where its 8-byte header starts in the xorb's bytes
 * @param storedLength the bytes after the header
 * @param scheme how those bytes encode the raw ones
 * @param rawOffset where its raw bytes start among all the xorb's raw bytes
 * @param rawLength how many raw bytes it holds
 * @param hash the hash of its raw bytes
 */
public record XorbChunk(int index, int offset, int storedLength, CompressionScheme scheme, long rawOffset, int rawLength, XetHash hash) {

    /** A chunk header's length: version, stored length (3 bytes), scheme, raw length (3 bytes). */
    public static final int HEADER_LENGTH = 8;

    /** Where the next chunk (or the footer) starts: the end of this chunk's bytes, header included. */
    public int end() {
        return offset + HEADER_LENGTH + storedLength;
    }

    /** The leaf this chunk is in the xorb's and its files' merkle trees. */
    public MerkleNode node() {
        return new MerkleNode(hash, rawLength);
    }
}
