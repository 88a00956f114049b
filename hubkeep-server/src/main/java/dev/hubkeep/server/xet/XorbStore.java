package dev.hubkeep.server.xet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Xorb bytes on disk, content-addressed: {@code <root>/<first two hex digits>/<hash>}. A xorb is
 * written to a temporary file beside its place, forced to disk, then renamed into place atomically,
 * so a reader sees either no xorb or the whole of it.
 */
public final class XorbStore {

    private final Path root;

    public XorbStore(Path root) {
        this.root = root;
    }

    public Path path(XetHash hash) {
        String hex = hash.hex();
        return root.resolve(hex.substring(0, 2)).resolve(hex);
    }

    public boolean exists(XetHash hash) {
        return Files.isRegularFile(path(hash));
    }

    /** Stores {@code bytes} as the xorb {@code hash} (replacing a copy no metadata refers to). */
    public void write(XetHash hash, byte[] bytes) {
        Path target = path(hash);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + hash.hex(), ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store xorb " + hash.hex() + " under " + root, e);
        }
    }

    /** Bytes {@code start}..{@code end} (inclusive) of the stored xorb (at most the 64 MiB a xorb holds). */
    public byte[] read(XetHash hash, long start, long end) {
        try (FileChannel channel = FileChannel.open(path(hash), StandardOpenOption.READ)) {
            long last = Math.min(end, channel.size() - 1);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, last - start + 1));
            long position = start;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                position += read;
            }
            return buffer.array();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read xorb " + hash.hex() + " under " + root, e);
        }
    }
}
