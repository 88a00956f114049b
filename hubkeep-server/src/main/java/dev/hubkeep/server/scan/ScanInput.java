package dev.hubkeep.server.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The content of one file to scan, which may be far larger than memory: engines stream it
 * ({@link #open}, as often as they need) or, for formats read from the end (zip), ask for a file
 * on disk ({@link #file}).
 */
public interface ScanInput {

    long size();

    /** The path it was first seen at, if any (an LFS object uploaded but not yet committed has none). */
    Optional<String> path();

    /** A fresh stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;

    /** The content as a file on disk (for the LFS store, the object itself; else a temporary copy, made once). */
    Path file() throws IOException;

    /** The content's sha256 in hex if already known (LFS objects are named by it). */
    Optional<String> knownSha256();

    /** The lower-cased extension of {@link #path}, without the dot; empty if none. */
    default String extension() {
        String path = path().orElse("");
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
