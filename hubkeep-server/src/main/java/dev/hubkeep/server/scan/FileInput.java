package dev.hubkeep.server.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content to scan that is a whole file on disk, named by its sha256: an LFS object read in place, or
 * a Xet file rebuilt into a temporary copy, which {@code temporary} deletes when the scan is done.
 */
record FileInput(Path file, long size, Optional<String> path, String sha256, boolean temporary)
        implements ContentSource.OpenedInput {

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public Optional<String> knownSha256() {
        return Optional.of(sha256);
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(file);
        }
    }
}
