package dev.hubkeep.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts, at a path, a directory that was deleted while still in use: it still looks like a
 * directory, but creating a file in it fails with "no such file". A deterministic stand-in for a
 * file vanishing under the server mid-request (as when a racing request deletes it). Linux only:
 * the path is a symbolic link to the working directory of a helper process, through /proc.
 */
public final class VanishedDirectory implements AutoCloseable {

    private final Path at;
    private final Process holder;

    private VanishedDirectory(Path at, Process holder) {
        this.at = at;
        this.holder = holder;
    }

    /** Replaces the (empty or absent) directory {@code at}; {@link #close} removes the link again. */
    public static VanishedDirectory at(Path at) {
        try {
            Path doomed = Files.createTempDirectory(at.getParent(), ".doomed-");
            Process holder = new ProcessBuilder("sleep", "600").directory(doomed.toFile()).start();
            Files.delete(doomed);
            Files.deleteIfExists(at);
            Files.createSymbolicLink(at, Path.of("/proc", String.valueOf(holder.pid()), "cwd"));
            return new VanishedDirectory(at, holder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        holder.destroy();
        try {
            Files.deleteIfExists(at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
