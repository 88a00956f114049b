package dev.hubkeep.server.xet;

import java.util.List;
import java.util.Optional;

/**
 * A file a shard records: its Xet hash and how to rebuild it from xorb chunks.
 *
 * @param sha256 the file's SHA-256 in the usual lowercase hex, when the shard's metadata extension
 *     gives it; this is what links the file to the git LFS pointer that names it
 */
public record ShardFile(XetHash hash, List<ShardTerm> terms, Optional<String> sha256) {

    public ShardFile {
        terms = List.copyOf(terms);
    }
}
