package dev.hubkeep.server.xet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The Xet CAS tables ({@code xet_*}), on the caller's handle. */
public final class XetRepository {

    /** One chunk of a stored xorb: where it lies in the stored bytes, and its raw length and hash. */
    public record StoredChunk(int index, XetHash hash, long byteStart, long byteEnd, long rawLength) {}

    private final Handle handle;

    public XetRepository(Handle handle) {
        this.handle = handle;
    }

    public boolean xorbKnown(XetHash hash) {
        return handle.createQuery("SELECT COUNT(*) FROM xet_xorbs WHERE hash = :hash")
                .bind("hash", hash.hex()).mapTo(Integer.class).one() > 0;
    }

    /** Records a stored xorb and its chunks; the caller has checked it is not known yet. */
    public void insertXorb(XetHash hash, long storedSize, List<XorbChunk> chunks, Instant now) {
        handle.createUpdate("INSERT INTO xet_xorbs (hash, stored_size, chunk_count, created_at) VALUES (:hash, :size, :count, :at)")
                .bind("hash", hash.hex()).bind("size", storedSize).bind("count", chunks.size()).bind("at", now.toEpochMilli())
                .execute();
        PreparedBatch batch = handle.prepareBatch("INSERT INTO xet_xorb_chunks (xorb_hash, idx, chunk_hash, byte_start, byte_end,"
                + " raw_length) VALUES (:xorb, :idx, :chunk, :start, :end, :raw)");
        for (XorbChunk chunk : chunks) {
            batch.bind("xorb", hash.hex()).bind("idx", chunk.index()).bind("chunk", chunk.hash().hex())
                    .bind("start", (long) chunk.offset()).bind("end", (long) chunk.end()).bind("raw", (long) chunk.rawLength())
                    .add();
        }
        batch.execute();
    }

    /** Notes that the repository uploaded or referenced the xorb (once). */
    public void linkXorb(XetHash hash, String repoId, Instant now) {
        handle.createUpdate("INSERT INTO xet_xorb_repos (xorb_hash, repo_id, created_at) VALUES (:hash, :repo, :at)"
                        + " ON CONFLICT DO NOTHING")
                .bind("hash", hash.hex()).bind("repo", repoId).bind("at", now.toEpochMilli()).execute();
    }

    /** The stored chunks of a xorb, in order; empty if the xorb is not stored. */
    public List<StoredChunk> chunks(XetHash xorb) {
        return handle.createQuery("SELECT idx, chunk_hash, byte_start, byte_end, raw_length FROM xet_xorb_chunks"
                        + " WHERE xorb_hash = :hash ORDER BY idx")
                .bind("hash", xorb.hex())
                .map((rs, ctx) -> new StoredChunk(rs.getInt("idx"), XetHash.fromHex(rs.getString("chunk_hash")),
                        rs.getLong("byte_start"), rs.getLong("byte_end"), rs.getLong("raw_length")))
                .list();
    }

    public boolean fileKnown(XetHash file) {
        return handle.createQuery("SELECT COUNT(*) FROM xet_files WHERE file_hash = :hash")
                .bind("hash", file.hex()).mapTo(Integer.class).one() > 0;
    }

    /**
     * The SHA-256 a recorded file was checked against when a shard first recorded it; empty when the
     * file is not recorded or was recorded without one.
     */
    public Optional<String> recordedSha256(XetHash file) {
        return handle.createQuery("SELECT sha256 FROM xet_files WHERE file_hash = :hash AND sha256 IS NOT NULL")
                .bind("hash", file.hex()).mapTo(String.class).findOne();
    }

    /** Records a file and its terms; the caller has checked it is not known yet. */
    public void insertFile(ShardFile file, long size, Instant now) {
        handle.createUpdate("INSERT INTO xet_files (file_hash, size, sha256, created_at) VALUES (:hash, :size, :sha, :at)")
                .bind("hash", file.hash().hex()).bind("size", size).bind("sha", file.sha256().orElse(null))
                .bind("at", now.toEpochMilli())
                .execute();
        PreparedBatch batch = handle.prepareBatch("INSERT INTO xet_file_terms (file_hash, idx, xorb_hash, chunk_start, chunk_end,"
                + " raw_length) VALUES (:file, :idx, :xorb, :start, :end, :raw)");
        for (int i = 0; i < file.terms().size(); i++) {
            ShardTerm term = file.terms().get(i);
            batch.bind("file", file.hash().hex()).bind("idx", i).bind("xorb", term.xorb().hex())
                    .bind("start", term.chunkStart()).bind("end", term.chunkEnd()).bind("raw", term.rawLength())
                    .add();
        }
        batch.execute();
    }

    /** Notes that the repository uploaded or referenced the file; true if it was not noted yet. */
    public boolean linkFile(XetHash file, String repoId, Instant now) {
        return handle.createUpdate("INSERT INTO xet_file_repos (file_hash, repo_id, created_at) VALUES (:hash, :repo, :at)"
                        + " ON CONFLICT DO NOTHING")
                .bind("hash", file.hex()).bind("repo", repoId).bind("at", now.toEpochMilli()).execute() > 0;
    }

    /** Whether the file is recorded for the repository. */
    public boolean fileInRepo(XetHash file, String repoId) {
        return handle.createQuery("SELECT COUNT(*) FROM xet_file_repos WHERE file_hash = :hash AND repo_id = :repo")
                .bind("hash", file.hex()).bind("repo", repoId).mapTo(Integer.class).one() > 0;
    }

    /** A recorded file: its hash and size. */
    public record FileRow(XetHash hash, long size) {}

    /**
     * The file a shard recorded under this SHA-256 for the repository, if any. Only the repository's
     * own: a SHA-256 recorded through another repository gives no access here.
     */
    public Optional<FileRow> fileBySha256InRepo(String sha256, String repoId) {
        return handle.createQuery("SELECT f.file_hash, f.size FROM xet_files f JOIN xet_file_repos r ON r.file_hash = f.file_hash"
                        + " WHERE f.sha256 = :sha AND r.repo_id = :repo ORDER BY f.created_at LIMIT 1")
                .bind("sha", sha256).bind("repo", repoId)
                .map((rs, ctx) -> new FileRow(XetHash.fromHex(rs.getString("file_hash")), rs.getLong("size")))
                .findOne();
    }

    /** Of {@code sha256s} (at most a page of entries), those recorded for the repository, with their file hashes. */
    public java.util.Map<String, XetHash> fileHashesBySha256InRepo(java.util.Collection<String> sha256s, String repoId) {
        java.util.Map<String, XetHash> found = new java.util.HashMap<>();
        handle.createQuery("SELECT f.sha256, f.file_hash FROM xet_files f JOIN xet_file_repos r ON r.file_hash = f.file_hash"
                        + " WHERE f.sha256 IN (<shas>) AND r.repo_id = :repo")
                .bindList("shas", List.copyOf(sha256s)).bind("repo", repoId)
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("sha256"), XetHash.fromHex(rs.getString("file_hash"))))
                .forEach(e -> found.putIfAbsent(e.getKey(), e.getValue()));
        return found;
    }

    /** One term of a recorded file: a chunk range of a xorb and its raw length. */
    public record StoredTerm(XetHash xorb, int chunkStart, int chunkEnd, long rawLength) {}

    /** The size of a recorded file, if it is recorded for the repository. */
    public Optional<Long> fileSizeInRepo(XetHash file, String repoId) {
        return handle.createQuery("SELECT f.size FROM xet_files f JOIN xet_file_repos r ON r.file_hash = f.file_hash"
                        + " WHERE f.file_hash = :hash AND r.repo_id = :repo")
                .bind("hash", file.hex()).bind("repo", repoId).mapTo(Long.class).findOne();
    }

    /** The terms of a recorded file, in order. */
    public List<StoredTerm> terms(XetHash file) {
        return handle.createQuery("SELECT xorb_hash, chunk_start, chunk_end, raw_length FROM xet_file_terms"
                        + " WHERE file_hash = :hash ORDER BY idx")
                .bind("hash", file.hex())
                .map((rs, ctx) -> new StoredTerm(XetHash.fromHex(rs.getString("xorb_hash")), rs.getInt("chunk_start"),
                        rs.getInt("chunk_end"), rs.getLong("raw_length")))
                .list();
    }
}
