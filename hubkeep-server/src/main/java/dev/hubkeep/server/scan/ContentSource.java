package dev.hubkeep.server.scan;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the bytes behind a scan key are read from. Git blobs come from the repository the file
 * was seen in; {@code sha256:} objects from the LFS store. This is the seam for files stored
 * through Xet: a source that rebuilds a file from its xorbs by sha256 joins the list in
 * {@code Hub}, and its files are scanned like any other.
 */
public interface ContentSource {

    /**
     * The content, if this source holds it; the caller closes it. Throws IOException for a read
     * that failed (worth retrying), returns empty for content this source does not have.
     */
    Optional<OpenedInput> open(ScanKey key, String repoId, Optional<String> path) throws IOException;

    /** A {@link ScanInput} that may hold resources (an open repository, a temporary file). */
    interface OpenedInput extends ScanInput, AutoCloseable {
        @Override
        void close() throws IOException;
    }
}
