package dev.hubkeep.server.scan;

import dev.hubkeep.server.git.LfsStore;
import java.io.IOException;
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
        return Optional.of(new FileInput(file, size, path, key.id(), false));
    }
}
