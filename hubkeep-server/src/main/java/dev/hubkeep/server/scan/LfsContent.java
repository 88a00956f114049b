package dev.hubkeep.server.scan;

import dev.hubkeep.server.git.LfsStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** LFS objects, read in place from the store: they are already files, named by their sha256. */
final class LfsContent implements ContentSource {

    private final LfsStore store;

    LfsContent(LfsStore store) {
        this.store = store;
    }

    @Override
    public Optional<OpenedInput> open(ScanKey key, String repoId, Optional<String> path) throws IOException {
        if (key.isGitBlob() || !store.exists(key.id())) {
            return Optional.empty();
        }
        Path file = store.pathOf(key.id());
        long size = Files.size(file);
        return Optional.of(new OpenedInput() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public Optional<String> path() {
                return path;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Path file() {
                return file;
            }

            @Override
            public Optional<String> knownSha256() {
                return Optional.of(key.id());
            }

            @Override
            public void close() {}
        });
    }
}
