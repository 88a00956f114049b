package dev.hubkeep.server.scan;

import dev.hubkeep.server.xet.CasService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files uploaded through Xet, by the sha256 their repository's shard recorded (the same key as an
 * LFS object of the same bytes): rebuilt once from their chunks into a temporary file under
 * {@code <data>/scan-tmp} (streamed, never held in memory), scanned there, deleted when done.
 */
final class XetContent implements ContentSource {

    private final CasService cas;
    private final Path tmp;

    XetContent(CasService cas, Path tmp) {
        this.cas = cas;
        this.tmp = tmp;
    }

    @Override
    public Optional<OpenedInput> open(ScanKey key, String repoId, Optional<String> path) throws IOException {
        if (key.isGitBlob()) {
            return Optional.empty();
        }
        Optional<CasService.StoredFile> stored = cas.fileBySha256(repoId, key.id());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Files.createDirectories(tmp);
        Path copy = Files.createTempFile(tmp, "xet-", ".scan");
        try (OutputStream out = Files.newOutputStream(copy)) {
            cas.copy(stored.get().hash(), 0, stored.get().size(), out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        long size = stored.get().size();
        // The shard's SHA-256, checked against the chunks when it came.
        return Optional.of(new FileInput(copy, size, path, key.id(), true));
    }
}
