package dev.hubkeep.server.xet;

import java.util.List;

/**
 * The BLAKE3 keyed hashes Xet builds everything from ({@link Blake3}). Each use has its own fixed key, so a chunk's
 * hash can never be mistaken for a tree node's or a verification range's. The keys are xet-core's
 * ({@code merklehash/data_hash.rs} and {@code metadata_shard/chunk_verification.rs}); clients hash
 * with exactly these, so any other value would make every hash disagree.
 */
public final class KeyedHash {

    private static final byte[] CHUNK_KEY = bytes(
            102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28,
            157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41);
    private static final byte[] INTERNAL_NODE_KEY = bytes(
            1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138, 2, 230,
            93, 221, 83, 111, 55, 199, 109, 210, 248, 99, 82, 230, 74, 83, 113, 63);
    private static final byte[] VERIFICATION_KEY = bytes(
            127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165, 195, 243,
            164, 205, 38, 213, 181, 219, 73, 230, 65, 36, 152, 127, 40, 251, 148, 195);

    private KeyedHash() {}

    /** A chunk's hash: its raw (uncompressed) bytes under the data key. */
    public static XetHash chunk(byte[] data, int offset, int length) {
        return keyed(CHUNK_KEY, data, offset, length);
    }

    /** A chunk's hash: its raw (uncompressed) bytes under the data key. */
    public static XetHash chunk(byte[] data) {
        return chunk(data, 0, data.length);
    }

    /** An inner node of a merkle tree: the text listing its children, under the internal-node key. */
    static XetHash internalNode(byte[] childrenText) {
        return keyed(INTERNAL_NODE_KEY, childrenText, 0, childrenText.length);
    }

    /**
     * {@code message}'s raw bytes hashed under {@code key}; xet-core calls this the hash's HMAC. A
     * file hash is the tree's root under an all-zero key, and global deduplication hides chunk
     * hashes behind a per-shard key the same way.
     */
    public static XetHash withKey(XetHash message, XetHash key) {
        return keyed(key.toBytes(), message.toBytes(), 0, XetHash.LENGTH);
    }

    /**
     * The verification hash of a range of chunks, as shards record for each term of a file: the
     * raw chunk hashes concatenated in order, under the verification key. It proves the uploader
     * knew the chunks a file refers to, not only the xorb's name.
     */
    public static XetHash verification(List<XetHash> chunkHashes) {
        byte[] concatenated = new byte[chunkHashes.size() * XetHash.LENGTH];
        for (int i = 0; i < chunkHashes.size(); i++) {
            chunkHashes.get(i).copyTo(concatenated, i * XetHash.LENGTH);
        }
        return keyed(VERIFICATION_KEY, concatenated, 0, concatenated.length);
    }

    private static XetHash keyed(byte[] key, byte[] data, int offset, int length) {
        return XetHash.ofOwned(Blake3.keyed(key, data, offset, length));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
