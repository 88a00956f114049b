package dev.hubkeep.server.xet;

import java.util.Objects;

/**
 * A node of a Xet merkle tree: a leaf is a chunk (its hash and raw length), an inner node covers
 * its children (its hash and their total length). The length takes part in the parent's hash.
 */
public record MerkleNode(XetHash hash, long length) {

    public MerkleNode {
        Objects.requireNonNull(hash, "hash");
    }
}
