package dev.hubkeep.server.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hubkeep.server.git.RepoStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Files of repositories at commits, for the read paths (resolve, raw): a revision's commit (kept
 * until a ref changes, by {@link RepoStorage#commitOf}), the entry at a path of a commit, and the
 * bytes of small files. A commit never changes, so what is read of it is kept with no invalidation
 * at all, within a bounded size.
 */
public final class RepoFiles {

    /** Files up to this size are kept in memory once read (configs, tokenizers, READMEs). */
    static final int SMALL_FILE_BYTES = 256 * 1024;
    private static final long SMALL_FILES_TOTAL_BYTES = 128L * 1024 * 1024;

    private record At(String repoId, ObjectId commit, String path) {}

    private record Blob(String repoId, ObjectId blob) {}

    private final RepoStorage storage;
    private final Cache<At, Optional<Entry>> entries = Caffeine.newBuilder().maximumSize(1_000_000).build();
    private final Cache<Blob, byte[]> smallFiles = Caffeine.newBuilder()
            .maximumWeight(SMALL_FILES_TOTAL_BYTES)
            .<Blob, byte[]>weigher((key, bytes) -> bytes.length + 64)
            .build();

    public RepoFiles(RepoStorage storage) {
        this.storage = storage;
    }

    /** The commit {@code revision} names, or a 404 {@code RevisionNotFound}. */
    public ObjectId commitOf(String repoId, String revision) {
        return storage.commitOf(repoId, revision);
    }

    /** The file at {@code path} of the commit, or a 404 {@code EntryNotFound}. */
    public Entry file(String repoId, ObjectId commit, String path) {
        return entries.get(new At(repoId, commit, path), at -> {
                    try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commit.getName())) {
                        return revision.entry(path);
                    }
                })
                .filter(Entry::isFile)
                .orElseThrow(() -> RepoAtRevision.entryNotFound(path));
    }

    /** Writes {@code length} bytes of a file kept in git (not LFS), from {@code offset}. */
    public void copy(String repoId, ObjectId commit, Entry file, long offset, long length, OutputStream out)
            throws IOException {
        if (file.blobSize() <= SMALL_FILE_BYTES) {
            byte[] bytes = smallFiles.get(new Blob(repoId, file.oid()), blob -> read(repoId, commit, file));
            out.write(bytes, Math.toIntExact(offset), Math.toIntExact(length));
            return;
        }
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commit.getName())) {
            revision.copy(file, offset, length, out);
        }
    }

    private byte[] read(String repoId, ObjectId commit, Entry file) {
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commit.getName())) {
            return revision.bytes(file, SMALL_FILE_BYTES);
        } catch (IOException e) {
            throw new dev.hubkeep.server.git.StorageException("Could not read " + file.path() + " of " + repoId, e);
        }
    }
}
