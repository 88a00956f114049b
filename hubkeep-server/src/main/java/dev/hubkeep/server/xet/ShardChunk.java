package dev.hubkeep.server.xet;

/**
 * A chunk of a xorb as a shard lists it: its hash (keyed, in shards the global deduplication API
 * returns) and where its raw bytes lie among the xorb's raw bytes.
 */
public record ShardChunk(XetHash hash, long rawOffset, long rawLength) {}
