package dev.hubkeep.server.files;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.TooLargeException;
import dev.hubkeep.server.git.LfsObjects;
import dev.hubkeep.server.git.LfsStore;
import dev.hubkeep.server.git.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Files that arrive whole, as a browser uploads them, turned into a commit's operations by the
 * rules the Hub's clients follow: what preupload would send to LFS ({@link UploadModes}: from
 * 10 MB, binary, or tracked by {@code .gitattributes}) is stored in the LFS store and linked to the
 * repository (which queues its scan, as an LFS upload's), the rest travels in the commit. What
 * travels in the commit is held in memory, so past {@link #MAX_IN_COMMIT_BYTES} in all the
 * remaining files go to LFS too.
 */
public final class WholeFiles {

    /** The most bytes of one upload's files that travel inside the commit (in memory); the rest go to LFS. */
    static final long MAX_IN_COMMIT_BYTES = 32L * 1024 * 1024;
    /** The first bytes a file is judged binary by, as the clients' preupload sample. */
    private static final int SAMPLE_BYTES = 512;

    /** One file: where it goes in the repository, its length, and its bytes, which may be read more than once. */
    public record Incoming(String path, long size, Content content) {
        public Incoming {
            RepoPath.validate(path);
        }
    }

    /** The bytes of an uploaded file, from the start each time. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private final LfsStore store;
    private final LfsObjects objects;

    public WholeFiles(LfsStore store, LfsObjects objects) {
        this.store = store;
        this.objects = objects;
    }

    /** The operations that add {@code files} to the repository at {@code at} (a branch's head). */
    public List<CommitOperation> operations(String repoId, RepoAtRevision at, List<Incoming> files) {
        try {
            List<Read> reads = new ArrayList<>(files.size());
            List<UploadModes.Planned> planned = new ArrayList<>(files.size());
            for (Incoming file : files) {
                Read read = read(file);
                reads.add(read);
                planned.add(new UploadModes.Planned(file.path(), file.size(), read.sample()));
            }
            List<UploadModes.Decision> decisions = UploadModes.decide(at, planned, Optional.empty(), Optional.empty());
            List<CommitOperation> operations = new ArrayList<>(files.size());
            long inCommit = 0;
            for (int i = 0; i < files.size(); i++) {
                Incoming file = files.get(i);
                boolean lfs = decisions.get(i).lfs() || file.size() > 0 && inCommit + file.size() > MAX_IN_COMMIT_BYTES;
                if (lfs) {
                    operations.add(new CommitOperation.AddLfsFile(file.path(), store(repoId, file, reads.get(i).sha256())));
                } else {
                    inCommit += file.size();
                    try (InputStream in = file.content().open()) {
                        operations.add(new CommitOperation.AddFile(file.path(), in.readNBytes((int) file.size())));
                    }
                }
            }
            return operations;
        } catch (IOException e) {
            throw new StorageException("Could not read an uploaded file", e);
        }
    }

    private LfsPointer store(String repoId, Incoming file, String oid) throws IOException {
        if (file.size() > store.maxObjectSize()) {
            throw new TooLargeException("'" + file.path() + "' has " + file.size() + " bytes; this hub stores files of at most "
                    + store.maxObjectSize() + " bytes.");
        }
        LfsStore.Stored stored;
        try (InputStream in = file.content().open()) {
            stored = store.put(oid, file.size(), in);
        } catch (LfsStore.MismatchException e) {
            // The bytes changed between two reads of the same upload: nothing to do but send it again.
            throw new InvalidInputException("'" + file.path() + "' changed while it was being stored: upload it again.");
        }
        objects.link(repoId, stored);
        return new LfsPointer(oid, file.size());
    }

    private record Read(byte[] sample, String sha256) {}

    /** One pass over the file: its first bytes and its sha256 (its LFS oid); its length must be the one announced. */
    private static Read read(Incoming file) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] sample = new byte[0];
        long length = 0;
        try (InputStream in = file.content().open()) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (length < SAMPLE_BYTES) {
                    int take = (int) Math.min(n, SAMPLE_BYTES - length);
                    byte[] grown = Arrays.copyOf(sample, sample.length + take);
                    System.arraycopy(buffer, 0, grown, sample.length, take);
                    sample = grown;
                }
                length += n;
                sha256.update(buffer, 0, n);
            }
        }
        if (length != file.size()) {
            throw new InvalidInputException("'" + file.path() + "' arrived with " + length + " bytes, not the "
                    + file.size() + " announced: upload it again.");
        }
        return new Read(sample, HexFormat.of().formatHex(sha256.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
