package dev.hubkeep.server.xet;

import java.util.List;

/**
 * A xorb a shard describes ("CAS info"): its chunks in order and its raw length. Uploads list the
 * xorbs the client has just stored, so that later uploads can deduplicate against them.
 *
 * @param storedLength the xorb's serialized length as the shard gives it; hf_xet leaves it 0
 */
public record ShardXorb(XetHash hash, long rawLength, long storedLength, List<ShardChunk> chunks) {

    public ShardXorb {
        chunks = List.copyOf(chunks);
    }
}
