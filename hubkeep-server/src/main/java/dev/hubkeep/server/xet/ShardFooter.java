package dev.hubkeep.server.xet;

/**
 * The footer that shards kept by xet-core and those the global deduplication API returns end with.
 * Uploaded shards carry none.
 *
 * @param chunkHashKey the key the shard's chunk hashes are hidden behind ({@link XetHash#ZERO}: none)
 * @param createdAt seconds since the epoch
 * @param keyExpiry seconds since the epoch after which clients should not deduplicate against the shard
 */
public record ShardFooter(XetHash chunkHashKey, long createdAt, long keyExpiry) {}
