package dev.hubkeep.server.xet;

import java.util.Optional;

/**
 * One term of a file's reconstruction: the file's next bytes are chunks {@code [chunkStart,
 * chunkEnd)} of xorb {@code xorb}, {@code rawLength} bytes once decoded.
 *
 * @param verification the hash of those chunks' hashes (see {@link KeyedHash#verification}),
 *     present when the shard carries verification entries, as uploads must
 */
public record ShardTerm(XetHash xorb, long rawLength, int chunkStart, int chunkEnd, Optional<XetHash> verification) {

    /** The same term with its verification hash. */
    ShardTerm withVerification(XetHash hash) {
        return new ShardTerm(xorb, rawLength, chunkStart, chunkEnd, Optional.of(hash));
    }
}
