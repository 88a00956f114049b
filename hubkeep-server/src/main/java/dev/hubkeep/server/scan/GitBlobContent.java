package dev.hubkeep.server.scan;

import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.git.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;

/**
 * Git blobs, read from the repository the file was seen in. Streamed from git's object database;
 * an engine that needs a file on disk (a zip read from its end) gets a temporary copy under
 * {@code <data>/scan-tmp}, deleted when the scan is done.
 */
final class GitBlobContent implements ContentSource {

    private final RepoStorage storage;
    private final Path tmp;

    GitBlobContent(RepoStorage storage, Path tmp) {
        this.storage = storage;
        this.tmp = tmp;
    }

    /** Deletes the copies a crashed run left (at start, before any scan). */
    void clearLeftovers() {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot empty " + tmp, e);
        }
    }

    @Override
    public Optional<OpenedInput> open(ScanKey key, String repoId, Optional<String> path) throws IOException {
        if (!key.isGitBlob() || !Files.isDirectory(storage.pathOf(repoId))) {
            return Optional.empty();
        }
        Repository repo;
        try {
            repo = storage.open(repoId);
        } catch (StorageException e) {
            return Optional.empty(); // deleted meanwhile
        }
        ObjectLoader loader;
        try {
            loader = repo.open(ObjectId.fromString(key.id()), Constants.OBJ_BLOB);
        } catch (MissingObjectException e) {
            repo.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw e;
        }
        return Optional.of(new Blob(repo, loader, path));
    }

    private final class Blob implements OpenedInput {
        private final Repository repo;
        private final ObjectLoader loader;
        private final Optional<String> path;
        private Path copy;

        Blob(Repository repo, ObjectLoader loader, Optional<String> path) {
            this.repo = repo;
            this.loader = loader;
            this.path = path;
        }

        @Override
        public long size() {
            return loader.getSize();
        }

        @Override
        public Optional<String> path() {
            return path;
        }

        @Override
        public InputStream open() throws IOException {
            return loader.openStream();
        }

        @Override
        public Path file() throws IOException {
            if (copy == null) {
                Files.createDirectories(tmp);
                copy = Files.createTempFile(tmp, "blob-", ".scan");
                try (InputStream in = loader.openStream()) {
                    Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return copy;
        }

        @Override
        public Optional<String> knownSha256() {
            return Optional.empty();
        }

        @Override
        public void close() throws IOException {
            repo.close();
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        }
    }
}
