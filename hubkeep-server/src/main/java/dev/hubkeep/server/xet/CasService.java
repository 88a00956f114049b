package dev.hubkeep.server.xet;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Xet CAS's uploads: xorbs (parsed, every chunk decoded and hashed, checked against the hash
 * they are sent as, then stored) and shards (every term checked against the stored xorbs, then the
 * files recorded for the uploading repository). Refusals are {@link InvalidInputException}s saying
 * what was wrong; nothing is stored then.
 */
public final class CasService {

    /**
     * The largest xorb accepted: xet-core's {@code MAX_XORB_BYTES} (64 MiB) bounds the chunk data a client
     * packs into one xorb, not the bytes it sends, which add an 8-byte header per chunk (up to 8192) and
     * may add LZ4 framing and a footer; hf_xet sent a 100 MiB random file as a xorb just over 64 MiB
     * (413 with a cap of exactly 64 MiB). 1 MiB of slack covers all of that.
     */
    public static final int MAX_XORB_BYTES = 65 * 1024 * 1024;
    /** The most chunks a xorb may hold, as xet-core's {@code MAX_XORB_CHUNKS}: bounds the decoding and hashing one upload costs. */
    public static final int MAX_XORB_CHUNKS = 8 * 1024;
    /** The largest shard accepted. */
    public static final int MAX_SHARD_BYTES = 64 * 1024 * 1024;
    /**
     * The most chunks the terms of one shard's files may name together (counting a chunk each time a
     * term names it): checking a file hashes and holds one entry per chunk, and a term of 48 bytes may
     * name 8,192 chunks. Two million chunks are about 128 GiB of files at the clients' 64 KiB average.
     */
    public static final long MAX_SHARD_CHUNK_REFERENCES = 2_000_000;
    /** What checking one chunk reference costs against the verification budget, in bytes. */
    static final long CHUNK_REFERENCE_COST = 1024;

    private final Database database;
    private final XorbStore store;
    private final ChunkCodec codec;
    private final XetFileReader reader;
    private final Clock clock;
    private final VerificationBudget budget;
    /** Uploads of one xorb hash take turns, so the stored bytes and the recorded offsets always agree. */
    private final Object[] xorbLocks = new Object[64];

    /**
     * @param verifyAllowance bytes an uploader may have hashed per five minutes, beyond the xorb bytes
     *     they uploaded, to check the SHA-256s their shards give (see {@link VerificationBudget})
     */
    public CasService(Database database, XorbStore store, ChunkCodec codec, long verifyAllowance, Clock clock) {
        this.database = database;
        this.budget = new VerificationBudget(verifyAllowance, clock);
        this.store = store;
        this.codec = codec;
        this.reader = new XetFileReader(store, codec);
        this.clock = clock;
        for (int i = 0; i < xorbLocks.length; i++) {
            xorbLocks[i] = new Object();
        }
    }

    /**
     * Stores the xorb {@code uploader} sent as {@code claimed} for the repository; true if it was not
     * stored before. Either way its chunk bytes count towards the uploader's verification budget.
     */
    public boolean uploadXorb(String repoId, String uploader, XetHash claimed, byte[] bytes) {
        Xorb xorb;
        try {
            countChunks(bytes);
            xorb = Xorb.parse(bytes, codec);
            xorb.verify(claimed);
        } catch (XetFormatException e) {
            throw new InvalidInputException("The xorb is not valid: " + e.getMessage() + ". Nothing was stored; upload the"
                    + " xorb again as your Xet client built it.");
        }
        budget.credit(uploader, xorb.chunks().stream().mapToLong(XorbChunk::rawLength).sum());
        Instant now = clock.instant();
        synchronized (xorbLocks[Math.floorMod(claimed.hashCode(), xorbLocks.length)]) {
            boolean known = database.jdbi().withHandle(h -> new XetRepository(h).xorbKnown(claimed));
            if (!known) {
                store.write(claimed, bytes);
            }
            database.jdbi().useTransaction(h -> {
                XetRepository xet = new XetRepository(h);
                if (!known) {
                    xet.insertXorb(claimed, bytes.length, xorb.chunks(), now);
                }
                xet.linkXorb(claimed, repoId, now);
            });
            return !known;
        }
    }

    /** Refuses a xorb of more than {@link #MAX_XORB_CHUNKS} chunks from its chunk headers alone, before anything is decoded. */
    static void countChunks(byte[] bytes) {
        int offset = 0;
        int count = 0;
        while (offset + XorbChunk.HEADER_LENGTH <= bytes.length && !XorbFooter.startsAt(bytes, offset)) {
            int storedLength = (bytes[offset + 1] & 0xFF) | (bytes[offset + 2] & 0xFF) << 8 | (bytes[offset + 3] & 0xFF) << 16;
            offset += XorbChunk.HEADER_LENGTH + storedLength;
            if (++count > MAX_XORB_CHUNKS) {
                throw new XorbFormatException("it holds more than " + MAX_XORB_CHUNKS + " chunks (the most a xorb may hold)");
            }
        }
    }

    /**
     * Checks every file of the shard against the stored xorbs (each term's chunk range exists and has
     * the term's length, each verification entry and file hash is right), then records the files for
     * the repository. True if anything new was recorded. Checking the files' SHA-256s is charged to
     * {@code uploader}'s verification budget first.
     */
    public boolean uploadShard(String repoId, String uploader, byte[] bytes) {
        Shard shard;
        try {
            shard = Shard.parse(bytes);
        } catch (XetFormatException e) {
            throw new InvalidInputException("The shard is not valid: " + e.getMessage() + ". Nothing was recorded.");
        }
        long references = shard.files().stream().flatMap(f -> f.terms().stream())
                .mapToLong(t -> t.chunkEnd() - t.chunkStart()).sum();
        if (references > MAX_SHARD_CHUNK_REFERENCES) {
            throw new InvalidInputException("The shard's files name " + references + " chunks in all, more than the "
                    + MAX_SHARD_CHUNK_REFERENCES + " one shard may name. Upload the files in several shards. Nothing was recorded.");
        }
        budget.charge(uploader, references * CHUNK_REFERENCE_COST, references + " chunk references");
        Map<XetHash, List<XetRepository.StoredChunk>> xorbs = new HashMap<>();
        List<Long> sizes = new ArrayList<>();
        List<Integer> toHash = new ArrayList<>();
        database.jdbi().useHandle(h -> {
            XetRepository xet = new XetRepository(h);
            for (int i = 0; i < shard.files().size(); i++) {
                ShardFile file = shard.files().get(i);
                sizes.add(checkFile(i, file, hash -> xorbs.computeIfAbsent(hash, xet::chunks)));
                if (file.sha256().isPresent() && !sha256AlreadyChecked(i, file, xet.recordedSha256(file.hash()))) {
                    toHash.add(i);
                }
            }
        });
        budget.charge(uploader, toHash.stream().mapToLong(sizes::get).sum(),
                "the SHA-256 of " + toHash.size() + " files built from stored chunks");
        for (int i : toHash) {
            checkSha256(i, shard.files().get(i), sizes.get(i), xorbs::get);
        }
        Instant now = clock.instant();
        return database.jdbi().inTransaction(h -> {
            XetRepository xet = new XetRepository(h);
            boolean recorded = false;
            for (XetHash xorb : xorbs.keySet()) {
                xet.linkXorb(xorb, repoId, now);
            }
            for (ShardXorb xorb : shard.xorbs()) {
                if (xorbs.containsKey(xorb.hash()) || xet.xorbKnown(xorb.hash())) {
                    xet.linkXorb(xorb.hash(), repoId, now);
                }
            }
            for (int i = 0; i < shard.files().size(); i++) {
                ShardFile file = shard.files().get(i);
                if (!xet.fileKnown(file.hash())) {
                    xet.insertFile(file, sizes.get(i), now);
                    recorded = true;
                }
                recorded |= xet.linkFile(file.hash(), repoId, now);
            }
            return recorded;
        });
    }

    /** The file's size, once every term is found right; else the refusal naming the file and term. */
    private static long checkFile(int index, ShardFile file, java.util.function.Function<XetHash, List<XetRepository.StoredChunk>> chunksOf) {
        String name = "file " + index + " (" + file.hash().hex() + ")";
        List<MerkleNode> nodes = new ArrayList<>();
        long size = 0;
        for (int t = 0; t < file.terms().size(); t++) {
            ShardTerm term = file.terms().get(t);
            String where = name + ", term " + t;
            List<XetRepository.StoredChunk> chunks = chunksOf.apply(term.xorb());
            if (chunks.isEmpty()) {
                throw new InvalidInputException("The shard refers to xorb " + term.xorb().hex() + " (" + where + "), which is not"
                        + " stored. Upload the xorb first (POST /v1/xorbs/default/" + term.xorb().hex() + "), then the shard.");
            }
            if (term.chunkEnd() > chunks.size()) {
                throw new InvalidInputException("The shard's " + where + " names chunks [" + term.chunkStart() + ", "
                        + term.chunkEnd() + ") of xorb " + term.xorb().hex() + ", which holds " + chunks.size()
                        + " chunks. Nothing was recorded.");
            }
            List<XetRepository.StoredChunk> range = chunks.subList(term.chunkStart(), term.chunkEnd());
            long length = range.stream().mapToLong(XetRepository.StoredChunk::rawLength).sum();
            if (length != term.rawLength()) {
                throw new InvalidInputException("The shard's " + where + " gives " + term.rawLength() + " bytes, but chunks ["
                        + term.chunkStart() + ", " + term.chunkEnd() + ") of xorb " + term.xorb().hex() + " hold " + length
                        + ". Nothing was recorded.");
            }
            if (term.verification().isPresent()
                    && !term.verification().get().equals(KeyedHash.verification(range.stream().map(XetRepository.StoredChunk::hash).toList()))) {
                throw new InvalidInputException("The shard's " + where + " has a verification hash that does not match the"
                        + " stored chunks. Nothing was recorded.");
            }
            range.forEach(c -> nodes.add(new MerkleNode(c.hash(), c.rawLength())));
            size += length;
        }
        XetHash actual = MerkleHash.fileHash(nodes);
        if (!actual.equals(file.hash())) {
            throw new InvalidInputException("The shard's " + name + " is made of chunks whose file hash is " + actual.hex()
                    + ", not the hash it is recorded under. Nothing was recorded.");
        }
        return size;
    }

    /**
     * True when the file was recorded before under the SHA-256 the shard gives (checked then; the file
     * hash fixes the bytes); a refusal when it was recorded under another one, as its bytes cannot have
     * two SHA-256s; false when it must be hashed.
     */
    private static boolean sha256AlreadyChecked(int index, ShardFile file, java.util.Optional<String> recorded) {
        if (recorded.isEmpty()) {
            return false;
        }
        if (!recorded.get().equals(file.sha256().orElseThrow())) {
            throw new InvalidInputException("The shard gives file " + index + " (" + file.hash().hex() + ") the SHA-256 "
                    + file.sha256().get() + ", but its bytes hash to " + recorded.get() + ". Nothing was recorded.");
        }
        return true;
    }

    /**
     * Refuses a file whose bytes do not have the SHA-256 the shard gives for it: that SHA-256 is the
     * LFS oid the file is then committed, listed and served under (git-lfs checks every download
     * against it), so it is computed here from the stored chunks rather than taken on trust (also for a
     * file already recorded: a shard could name it under another SHA-256).
     */
    private void checkSha256(int index, ShardFile file, long size,
            java.util.function.Function<XetHash, List<XetRepository.StoredChunk>> chunksOf) {
        java.security.MessageDigest sha256 = sha256();
        List<XetRepository.StoredTerm> terms = file.terms().stream()
                .map(t -> new XetRepository.StoredTerm(t.xorb(), t.chunkStart(), t.chunkEnd(), t.rawLength()))
                .toList();
        try (java.io.OutputStream digest = new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha256)) {
            reader.copy(terms, chunksOf, 0, size, digest);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String actual = java.util.HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(file.sha256().get())) {
            throw new InvalidInputException("The shard gives file " + index + " (" + file.hash().hex() + ") the SHA-256 "
                    + file.sha256().get() + ", but its bytes hash to " + actual + ". Nothing was recorded.");
        }
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A file recorded for a repository under the SHA-256 an LFS pointer names: its Xet hash and size. */
    public record StoredFile(XetHash hash, long size) {}

    /** The file a shard of this repository recorded under {@code sha256}, if any. */
    public java.util.Optional<StoredFile> fileBySha256(String repoId, String sha256) {
        return database.jdbi().withHandle(h -> new XetRepository(h).fileBySha256InRepo(sha256, repoId))
                .map(f -> new StoredFile(f.hash(), f.size()));
    }

    /** Of {@code sha256s}, those a shard of this repository recorded, with their Xet hashes (one query). */
    public Map<String, XetHash> fileHashesBySha256(String repoId, java.util.Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Map.of();
        }
        return database.jdbi().withHandle(h -> new XetRepository(h).fileHashesBySha256InRepo(sha256s, repoId));
    }

    /** Writes bytes {@code [offset, offset + length)} of a recorded file to {@code out}, rebuilt from its chunks. */
    public void copy(XetHash file, long offset, long length, java.io.OutputStream out) throws java.io.IOException {
        Map<XetHash, List<XetRepository.StoredChunk>> chunks = new HashMap<>();
        List<XetRepository.StoredTerm> terms = database.jdbi().withHandle(h -> {
            XetRepository xet = new XetRepository(h);
            List<XetRepository.StoredTerm> found = xet.terms(file);
            long position = 0;
            for (XetRepository.StoredTerm term : found) { // only the xorbs the range needs
                if (position + term.rawLength() > offset && position < offset + length) {
                    chunks.computeIfAbsent(term.xorb(), xet::chunks);
                }
                position += term.rawLength();
            }
            return found;
        });
        reader.copy(terms, chunks::get, offset, length, out);
    }

    /** A file's reconstruction: whole terms covering the asked range, and one signed link per term's bytes. */
    public record Reconstruction(long offsetIntoFirstRange, List<XetRepository.StoredTerm> terms, List<Fetch> fetches) {}

    /** Where the stored bytes of one term lie: chunks {@code [chunkStart, chunkEnd)} at bytes {@code byteStart..byteEnd} (inclusive). */
    public record Fetch(XetHash xorb, int chunkStart, int chunkEnd, long byteStart, long byteEnd, String link) {}

    /** The size of the file, if it is recorded for the repository; else a 404 saying so. */
    public long fileSize(String repoId, XetHash file) {
        return database.jdbi().withHandle(h -> new XetRepository(h).fileSizeInRepo(file, repoId)).orElseThrow(() ->
                new dev.hubkeep.server.errors.NotFoundException("No file " + file.hex() + " was uploaded to this repository:"
                        + " upload it (its xorbs, then a shard naming it) through a Xet write token of this repository."));
    }

    /** How to rebuild bytes {@code start}..{@code end} (inclusive, within the file) of a file recorded for the repository. */
    public Reconstruction reconstruct(XetHash file, long start, long end, XorbLinks links) {
        return database.jdbi().withHandle(h -> {
            XetRepository xet = new XetRepository(h);
            List<XetRepository.StoredTerm> terms = new ArrayList<>();
            List<Fetch> fetches = new ArrayList<>();
            Map<XetHash, List<XetRepository.StoredChunk>> chunks = new HashMap<>();
            long termStart = 0;
            long offset = 0;
            for (XetRepository.StoredTerm term : xet.terms(file)) {
                long termEnd = termStart + term.rawLength() - 1;
                if (termEnd >= start && termStart <= end) {
                    if (terms.isEmpty()) {
                        offset = start - termStart;
                    }
                    terms.add(term);
                    List<XetRepository.StoredChunk> stored = chunks.computeIfAbsent(term.xorb(), xet::chunks);
                    long byteStart = stored.get(term.chunkStart()).byteStart();
                    long byteEnd = stored.get(term.chunkEnd() - 1).byteEnd() - 1;
                    fetches.add(new Fetch(term.xorb(), term.chunkStart(), term.chunkEnd(), byteStart, byteEnd,
                            links.sign(term.xorb(), byteStart, byteEnd)));
                }
                termStart += term.rawLength();
            }
            return new Reconstruction(offset, terms, fetches);
        });
    }

    /** Bytes {@code start}..{@code end} (inclusive) of a stored xorb. */
    public byte[] xorbBytes(XetHash xorb, long start, long end) {
        return store.read(xorb, start, end);
    }
}
