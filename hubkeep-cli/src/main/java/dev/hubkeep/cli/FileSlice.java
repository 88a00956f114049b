package dev.hubkeep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * {@code length} bytes of a file from {@code offset}, read as the request body sends them, each
 * read reported to {@code sent} (so progress follows what actually left, not what was queued).
 */
final class FileSlice extends InputStream {

    private final FileChannel channel;
    private final LongConsumer sent;
    private long remaining;

    private FileSlice(FileChannel channel, long length, LongConsumer sent) {
        this.channel = channel;
        this.remaining = length;
        this.sent = sent;
    }

    static FileSlice open(Path file, long offset, long length, LongConsumer sent) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new FileSlice(channel, length, sent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sha256 of the slice, in hex: what the hub names a part (and a whole file) by. */
    static String sha256(Path file, long offset, long length) {
        try {
            return hex(file, offset, length, MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Feeds the slice to {@code digest} (which may already hold a prefix, like git's blob header) and returns it in hex. */
    static String hex(Path file, long offset, long length, MessageDigest digest) {
        try (FileSlice slice = open(file, offset, length, n -> {})) {
            byte[] buffer = new byte[1 << 20];
            for (int n = slice.read(buffer); n >= 0; n = slice.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, from, (int) Math.min(length, remaining)));
        if (n < 0) {
            throw new IOException("The file became shorter while it was being sent.");
        }
        remaining -= n;
        sent.accept(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
