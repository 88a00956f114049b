package dev.hubkeep.server.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Streams a stored file (or a slice of it) as a response body without holding it in memory.
 * Under Jetty the bytes go from the file into a direct buffer and from there to the socket, never
 * through the Java heap; large reads keep the number of system calls low.
 */
public final class FileBody {

    private static final int BUFFER_BYTES = 1 << 20;

    private FileBody() {}

    public static void send(HttpServletResponse response, Path file, long offset, long length) throws IOException {
        ServletOutputStream out = response.getOutputStream();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (out instanceof HttpOutput jetty) {
                ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(BUFFER_BYTES, Math.max(length, 1)));
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    buffer.clear();
                    buffer.limit((int) Math.min(buffer.capacity(), end - position));
                    int n = channel.read(buffer, position);
                    if (n < 0) {
                        throw new IOException("file ended early: " + file);
                    }
                    position += n;
                    buffer.flip();
                    jetty.write(buffer);
                }
                return;
            }
            InputStream in = Channels.newInputStream(channel.position(offset));
            byte[] buffer = new byte[256 * 1024];
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("file ended early: " + file);
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
