package dev.hubkeep.server.xet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Xorb and file hashes: the root of a merkle tree over chunk hashes.
 *
 * <p>The tree's shape is not in the spec (hashing.md only says how one node is hashed); it is
 * xet-core's {@code merklehash/aggregated_hashes.rs}. Level by level, the nodes are cut into
 * consecutive groups of 2 to 9: a group ends after its third or later node whose last hash word is
 * divisible by 4, or at 9 nodes, or at the end of the level; a level of one or two nodes is one
 * group. Each group becomes one node of the next level, until one node is left. Content-defined
 * cuts keep the tree stable when chunks are inserted or removed, which is what lets clients
 * reuse subtrees; the bounds keep it from degenerating.
 */
public final class MerkleHash {

    /** The mean number of children: a group ends where a hash is divisible by this. */
    private static final long MEAN_BRANCHING = 4;
    private static final int MIN_GROUP = 2;
    private static final int MAX_GROUP = 2 * (int) MEAN_BRANCHING + 1;

    private MerkleHash() {}

    /** A xorb's hash: the root over its chunks in order; {@link XetHash#ZERO} for none. */
    public static XetHash xorbHash(List<MerkleNode> chunks) {
        return chunks.isEmpty() ? XetHash.ZERO : root(chunks);
    }

    /** A file's hash: the root over its chunks in order, under an all-zero key; {@link XetHash#ZERO} for an empty file. */
    public static XetHash fileHash(List<MerkleNode> chunks) {
        return fileHash(chunks, XetHash.ZERO);
    }

    /**
     * A file's hash under {@code salt}: the root keyed with it. An empty file's hash is
     * {@link XetHash#ZERO} whatever the salt, not the keyed hash of zero, as in xet-core (the
     * Hub's CAS rejects the latter for empty files).
     */
    public static XetHash fileHash(List<MerkleNode> chunks, XetHash salt) {
        return chunks.isEmpty() ? XetHash.ZERO : KeyedHash.withKey(root(chunks), salt);
    }

    private static XetHash root(List<MerkleNode> leaves) {
        List<MerkleNode> level = leaves;
        while (level.size() > 1) {
            List<MerkleNode> parents = new ArrayList<>(level.size() / MIN_GROUP + 1);
            int start = 0;
            while (start < level.size()) {
                int end = groupEnd(level, start);
                parents.add(parent(level.subList(start, end)));
                start = end;
            }
            level = parents;
        }
        return level.getFirst().hash();
    }

    /** Where the group starting at {@code start} ends (exclusive). */
    static int groupEnd(List<MerkleNode> level, int start) {
        int remaining = level.size() - start;
        if (remaining <= MIN_GROUP) {
            return level.size();
        }
        int limit = start + Math.min(MAX_GROUP, remaining);
        // The first two nodes always stay together, so a group never has a single child.
        for (int i = start + MIN_GROUP; i < limit; i++) {
            if (Long.remainderUnsigned(level.get(i).hash().word(3), MEAN_BRANCHING) == 0) {
                return i + 1;
            }
        }
        return limit;
    }

    /** The node over {@code children}: one line {@code "<hex> : <length>\n"} per child, hashed with the internal-node key. */
    static MerkleNode parent(List<MerkleNode> children) {
        StringBuilder text = new StringBuilder(children.size() * 88);
        long length = 0;
        for (MerkleNode child : children) {
            text.append(child.hash().hex()).append(" : ").append(Long.toUnsignedString(child.length())).append('\n');
            length += child.length();
        }
        return new MerkleNode(KeyedHash.internalNode(text.toString().getBytes(StandardCharsets.US_ASCII)), length);
    }
}
